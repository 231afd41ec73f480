// Columns that look like personal data are never stored: names of people, phones, e-mails, ID/case
// numbers, household GPS. Decided on the header (and HXL tag), then on the content of the sample.
import type { Cell, ColumnInfo } from "./headers.ts";
import { normalise } from "./normalise.ts";

const PERSON_OR_FILE = "(beneficiary|beneficiaire|beneficiaries|survivor|survivant|survivante|victim|victime|case|cas|dossier|household|menage|individual|individu|person|personne|child|enfant|patient|client|registration|enregistrement|reg)";
const ID_WORD = "id|code|no|nr|num|number|numero|ref|reference|n|matricule";

const HEADER_RULES: [RegExp, string][] = [
  [/\b(beneficiary|beneficiaire|survivor|survivant|child|enfant|person|personne|head of household|chef de menage|patient|victim|victime|respondent|repondant|focal point|point focal|contact|staff) (full )?(name|nom)\b/, "names of people"],
  [/\b(nom|name) (du|de la|of the|of) (beneficiaire|beneficiary|survivant|survivor|enfant|child|personne|person|victime|victim|chef de menage|point focal|focal point|contact)\b/, "names of people"],
  [/^(full name|first name|last name|surname|given name|family name|prenom|prenoms|nom et prenom|nom prenom|nom complet|name of person)$/, "names of people"],
  [/\b(phone|telephone|tel|mobile|cell|whatsapp|portable)\b/, "phone numbers"],
  [/\b(e ?mail|courriel|email address)\b/, "e-mail addresses"],
  [/\b(national id|id number|id no|id card|passport|case (number|no|id|code)|numero de cas|n de cas|case ref|registration (number|no)|unhcr (id|number)|progres id|household id|individual id|carte d identite|cni)\b/, "ID or case numbers"],
  // "Beneficiary ID", "Survivor code", "Reg. no", "N° bénéficiaire", "Numéro du dossier", "Matricule"
  [new RegExp(`\\b${PERSON_OR_FILE}s? (${ID_WORD})\\b|\\b(id|code|numero|num|ref|reference|matricule) (du |de la |de l |des |de |d |of the |of )?${PERSON_OR_FILE}s?\\b|^(n|no|nr) ${PERSON_OR_FILE}s?$|^(reg|regn|reg no|reg nr|matricule|matricules|uid|id beneficiaire)$`), "ID or case numbers"],
  // a focal point or contact person: a name, usually beside a phone number
  [/^(focal point|focal points|point focal|points focaux|focal person|contact person|contact persons|personne de contact|personne contact|contact|contacts|referent|referente)( name| nom| details| info)?$/, "names and phone numbers of people"],
  [/\b(gps|latitude|longitude|lat|lon|lng|coordinates|coordonnees)\b/, "exact GPS coordinates"]
];

const HXL_RULES: [RegExp, string][] = [
  [/^#contact\b.*\+(phone|email|name)|^#contact$/, "contact details"],
  [/^#geo\+(lat|lon|coord)/, "exact GPS coordinates"],
  // not core HXL, but common in UNHCR and partner exports: #lat_deg, #lon_deg, #latitude
  [/^#(lat|lon|lng|long|latitude|longitude)(_deg)?\b/, "exact GPS coordinates"],
  [/^#(beneficiary|affected|inneed|reached)\b.*\+name\b/, "names of people"]
];

const EMAIL = /^[^\s@]+@[^\s@]+\.[a-z]{2,}$/i;
const PHONE = /^\+?[\d\s().-]{8,20}$/;

export interface PersonalColumn {
  column: ColumnInfo;
  what: string;
}

export function personalByHeader(column: ColumnInfo): string | null {
  const h = normalise(column.leaf || column.header);
  for (const [re, what] of HEADER_RULES) if (h && re.test(h)) return what;
  if (column.hxl) for (const [re, what] of HXL_RULES) if (re.test(column.hxl.text)) return what;
  return null;
}

export function personalByContent(column: ColumnInfo, values: Cell[]): string | null {
  const filled = values.filter((v): v is string => v !== null && v.trim() !== "");
  if (filled.length < 2) return null;
  const share = (re: RegExp, extra: (v: string) => boolean = () => true) => filled.filter((v) => re.test(v.trim()) && extra(v)).length / filled.length;
  if (share(EMAIL) > 0.5) return "e-mail addresses";
  // phone numbers: 8+ digits with a leading + or separators, which counts and p-codes never have
  const notDate = (v: string) => !/^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$/.test(v.trim());
  // phones: international prefix, a leading 0 and 9+ digits, or digit groups split by spaces/dashes —
  // but not thousands groups (1 250 000), decimals or dates
  const phoneLike = (v: string) => {
    const t = v.trim();
    if (!notDate(t) || /^\d{1,3}([ ,]\d{3})+$/.test(t) || /[.,]\d+$/.test(t)) return false;
    return /^(\+|00)\d[\d\s()-]{7,18}$/.test(t) || /^0\d{8,11}$/.test(t) || /^\(?\d{2,4}\)?[\s-]\d{2,4}[\s-]\d{2,4}([\s-]\d{2,4})?$/.test(t);
  };
  if (share(PHONE, phoneLike) > 0.5) return "phone numbers";
  void column;
  return null;
}

// ── Every value of a column, in SQL over the staged sheet ──────────────────────────────────────────
// The sample above sees the first rows only: e-mails from row 40 on, a GPS pair under a neutral header
// or a name beside a phone number in a "Focal point" column would be stored. These checks run once
// per sheet over every staged cell (RE2 in DuckDB), and decide per column: refused when most of its
// values are personal, otherwise the personal parts of free-text cells (e-mails, phone numbers, GPS
// pairs) are replaced by a marker and the rest of the cell kept.

const EMAIL_IN = String.raw`[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}`;
// international prefix; a leading 0 and 9-11 digits in pairs (06 12 34 56 78); four pairs (76 12 34 56); 8+ digits in a row
const PHONE_IN = String.raw`(\+|\b00)\d{1,3}[\s.\-]?(\(\d{1,4}\)[\s.\-]?)?\d{1,4}([\s.\-]?\d{2,4}){2,5}\b|\b0\d([\s.\-]?\d{2}){4,5}\b|\b\d{2}[\s.\-]\d{2}[\s.\-]\d{2}[\s.\-]\d{2}\b|\b\d{8,12}\b`;
// a cell that is only a number is a count or a code (an HNO PiN of 12,345,678 has 8 digits), not free text
// holding a phone: phones are scrubbed from text around them; a column of bare phone numbers is refused above
const PLAIN_NUMBER = String.raw`^\s*\d+([.,]\d+)?\s*$`;
const GPS_IN = String.raw`-?\d{1,3}\.\d{3,}\s*[,;/ ]\s*-?\d{1,3}\.\d{3,}`;
const PHONE_FULL = String.raw`^\s*((\+|00)\d[\d\s().\-]{7,18}|0\d{8,11}|\(?\d{2,4}\)?[\s\-.]\d{2,4}[\s\-.]\d{2,4}([\s\-.]\d{2,4})?)\s*$`;
const NOT_A_NUMBER_OR_DATE = String.raw`^\s*(\d{1,3}([ ,.]\d{3})+|\d{4}[\-/.]\d{1,2}[\-/.]\d{1,2}|\d{1,2}[\-/.]\d{1,2}[\-/.]\d{2,4})\s*$`;
// two to four words, each starting with a capital: "Aminata Traoré", "KONE Mariam"
const PERSON_NAME = String.raw`^\s*\p{Lu}[\p{L}'’\-]+(\s+\p{Lu}[\p{L}'’.\-]*){1,3}\s*$`;
const LETTERS = String.raw`\p{L}{2,}`;
const PERSON_HEADER = /\b(beneficiaires?|beneficiary|beneficiaries|survivors?|survivante?s?|victimes?|victims?|enfants?|child|children|personnes?|persons?|patients?|clients?|respondents?|repondants?|informants?|informateurs?|chef de menage|head of household|focal points?|points? focal|points focaux|contacts?)\b/;

const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;

export interface StagedColumn {
  column: ColumnInfo;
  /** "text": free text kept (unmapped into extra, or a text field); "value": a count, date, p-code… */
  role: "text" | "value";
}

export interface StagedPersonal {
  /** Columns refused as a whole: index → what they hold. */
  refused: Map<number, string>;
  /** Columns kept with the personal parts of some cells replaced: index → cells changed and what was found. */
  scrubbed: Map<number, { cells: number; what: string[] }>;
}

interface Counts {
  n: number;
  email: number;
  phone: number;
  gps: number;
  namePhone: number;
  name: number;
  emailIn: number;
  phoneIn: number;
  gpsIn: number;
}

/**
 * One query over the distinct values of the staged columns (loaders/stage.ts distinctValues: col, v, n): per column,
 * how many values are (or contain) personal data. A 5W column of a million rows holds a few hundred distinct
 * organisations or activities, so the patterns run on those only, each weighted by its row count.
 */
export async function personalByStagedContent(conn: { runAndReadAll(sql: string): Promise<{ getRowObjectsJS(): Record<string, unknown>[] }> }, distinct: string, columns: StagedColumn[]): Promise<StagedPersonal> {
  const out: StagedPersonal = { refused: new Map(), scrubbed: new Map() };
  if (!columns.length) return out;
  // each pattern runs once per distinct value (the text-only ones on free-text columns only), then sums per column
  const inList = (cols: number[]) => (cols.length ? `col IN (${cols.join(", ")})` : "FALSE");
  const textCols = inList(columns.filter((c) => c.role === "text").map((c) => c.column.index));
  const personCols = inList(columns.filter((c) => PERSON_HEADER.test(normalise(c.column.leaf || c.column.header || ""))).map((c) => c.column.index));
  const t = "trim(v)";
  const flags = [
    `${t} <> '' AS f_n`,
    `v LIKE '%@%' AND regexp_full_match(${t}, ${sqlString(EMAIL_IN)}) AS f_email`,
    `length(${t}) >= 8 AND regexp_full_match(${t}, ${sqlString(PHONE_FULL)}) AND NOT regexp_full_match(${t}, ${sqlString(NOT_A_NUMBER_OR_DATE)}) AS f_phone`,
    `v LIKE '%.%' AND regexp_full_match(${t}, ${sqlString(`^${GPS_IN}$`)}) AS f_gps`,
    `${textCols} AND length(${t}) >= 10 AND regexp_matches(v, ${sqlString(LETTERS)}) AND regexp_matches(v, ${sqlString(PHONE_IN)}) AS f_namephone`,
    `${personCols} AND regexp_full_match(${t}, ${sqlString(PERSON_NAME)}) AS f_name`,
    `${textCols} AND v LIKE '%@%' AND regexp_matches(v, ${sqlString(EMAIL_IN)}) AS f_emailin`,
    `${textCols} AND length(${t}) >= 8 AND regexp_matches(v, ${sqlString(PHONE_IN)}) AND NOT regexp_full_match(${t}, ${sqlString(NOT_A_NUMBER_OR_DATE)}) AND NOT regexp_full_match(${t}, ${sqlString(PLAIN_NUMBER)}) AS f_phonein`,
    `${textCols} AND v LIKE '%.%' AND regexp_matches(v, ${sqlString(GPS_IN)}) AS f_gpsin`
  ];
  const names = ["n", "email", "phone", "gps", "namephone", "name", "emailin", "phonein", "gpsin"];
  const sums = names.map((k) => `coalesce(sum(n) FILTER (WHERE f_${k}), 0)::BIGINT AS ${k}`);
  const result = await conn.runAndReadAll(
    `SELECT col, ${sums.join(", ")} FROM (SELECT col, n, ${flags.join(",\n       ")} FROM ${distinct} WHERE v IS NOT NULL AND ${inList(columns.map((c) => c.column.index))}) GROUP BY col`
  );
  const byCol = new Map(result.getRowObjectsJS().map((r) => [Number(r.col), r]));
  for (const { column } of columns) {
    const row = byCol.get(column.index);
    const get = (k: string) => Number(row?.[k] ?? 0);
    const c: Counts = { n: get("n"), email: get("email"), phone: get("phone"), gps: get("gps"), namePhone: get("namephone"), name: get("name"), emailIn: get("emailin"), phoneIn: get("phonein"), gpsIn: get("gpsin") };
    if (!c.n) continue;
    const what =
      c.email / c.n > 0.5 ? "e-mail addresses"
      : c.phone / c.n > 0.5 ? "phone numbers"
      : c.gps / c.n > 0.5 ? "exact GPS coordinates"
      : c.name / c.n > 0.5 ? "names of people"
      : c.namePhone / c.n > 0.5 ? "names and phone numbers of people"
      : (c.email + c.phone + c.gps + c.namePhone) / c.n > 0.5 ? "contact details of people"
      : null;
    if (what) {
      out.refused.set(column.index, what);
      continue;
    }
    const found = [c.emailIn ? "e-mail addresses" : null, c.phoneIn ? "phone numbers" : null, c.gpsIn ? "GPS coordinates" : null].filter((x): x is string => x !== null);
    if (found.length) out.scrubbed.set(column.index, { cells: Math.max(c.emailIn, c.phoneIn, c.gpsIn), what: found });
  }
  return out;
}

/** The SQL of one cell with its e-mails, phone numbers and GPS pairs replaced (the rest of the text kept). */
export function scrubSql(expr: string): string {
  const email = `regexp_replace(${expr}, ${sqlString(EMAIL_IN)}, '[e-mail removed]', 'g')`;
  const gps = `regexp_replace(${email}, ${sqlString(GPS_IN)}, '[GPS removed]', 'g')`;
  return `CASE WHEN regexp_full_match(${expr}, ${sqlString(PLAIN_NUMBER)}) THEN ${gps} ELSE regexp_replace(${gps}, ${sqlString(PHONE_IN)}, '[phone removed]', 'g') END`;
}

/** A view of the staged relation with the scrubbed columns cleaned; the relation itself when none. */
export async function scrubbedRelation(conn: { run(sql: string): Promise<unknown> }, relation: string, view: string, scrubbed: Iterable<number>): Promise<string> {
  const columns = [...scrubbed];
  if (!columns.length) return relation;
  const replaced = columns.map((i) => `${scrubSql(`c${i}`)} AS c${i}`).join(", ");
  await conn.run(`CREATE OR REPLACE TEMP VIEW ${view} AS SELECT * REPLACE (${replaced}) FROM ${relation}`);
  return view;
}

/** The issue text for a scrubbed column. */
export function scrubbedReason(s: { cells: number; what: string[] }): string {
  return `${s.cells} cell${s.cells === 1 ? "" : "s"} held ${s.what.join(", ")}: replaced by [… removed], the rest of the text kept`;
}
