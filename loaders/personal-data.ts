// Columns that look like personal data are never stored: names of people, phones, e-mails, ID/case
// numbers, household GPS. Decided on the header (and HXL tag), then on the content of the sample.
import type { Cell, ColumnInfo } from "./headers.ts";
import { normalise } from "./normalise.ts";

const HEADER_RULES: [RegExp, string][] = [
  [/\b(beneficiary|beneficiaire|survivor|survivant|child|enfant|person|personne|head of household|chef de menage|patient|victim|victime|respondent|repondant|focal point|point focal|contact|staff) (full )?(name|nom)\b/, "names of people"],
  [/\b(nom|name) (du|de la|of the|of) (beneficiaire|beneficiary|survivant|survivor|enfant|child|personne|person|victime|victim|chef de menage|point focal|focal point|contact)\b/, "names of people"],
  [/^(full name|first name|last name|surname|given name|family name|prenom|prenoms|nom et prenom|nom prenom|nom complet|name of person)$/, "names of people"],
  [/\b(phone|telephone|tel|mobile|cell|whatsapp|portable)\b/, "phone numbers"],
  [/\b(e ?mail|courriel|email address)\b/, "e-mail addresses"],
  [/\b(national id|id number|id no|id card|passport|case (number|no|id|code)|numero de cas|n de cas|case ref|registration (number|no)|unhcr (id|number)|progres id|household id|individual id|carte d identite|cni)\b/, "ID or case numbers"],
  [/\b(gps|latitude|longitude|lat|lon|lng|coordinates|coordonnees)\b/, "exact GPS coordinates"]
];

const HXL_RULES: [RegExp, string][] = [
  [/^#contact\b.*\+(phone|email|name)|^#contact$/, "contact details"],
  [/^#geo\+(lat|lon|coord)/, "exact GPS coordinates"],
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
