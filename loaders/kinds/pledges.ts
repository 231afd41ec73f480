// Global Refugee Forum pledges: the public pledge export of the GCR Digital Platform (CSV or XLSX) → pledges.
// Its headers are unconfirmed (domain note), so every field is found by alias and unknown columns stay in
// extra. One file is one export: its date (from the file name, else --export-date) is part of the key, as two
// exports are compared. Multi-valued cells become lists (link views pledge_countries, pledge_objectives…).
import iconv from "iconv-lite";
import { z } from "zod";
import { category, date, text } from "../fields.ts";
import { UserError } from "../../warehouse/errors.ts";
import { ident, literal } from "../../warehouse/sql.ts";
import { insertSheetIssues } from "../validate.ts";
import type { KindDefinition, RowCheck, SheetContext } from "./kind.ts";
import { dateFromFileName, ENTITY_TYPES, isoDay, registerPledgeMacros, STAGE_LABELS, STAGES } from "./pledge-vocabulary.ts";

export const PledgeRow = z.object({
  pledge_id: text({ required: true, aliases: ["pledge id", "pledge number", "pledge no", "pledge code", "pledge reference", "id"] }),
  grf_year: text({ aliases: ["grf", "forum", "grf year", "forum year", "year", "pledge year"] }),
  title: text({ aliases: ["title", "pledge title", "pledge name", "titre", "titulo"] }),
  description: text({ aliases: ["description", "details", "pledge description", "pledge details"] }),
  submitting_entity: text({ aliases: ["submitting entity", "pledging entity", "entity name", "submitted by", "pledger", "entity"] }),
  entity_type: category(ENTITY_TYPES, { open: true, aliases: ["stakeholder type", "entity type", "type of entity", "stakeholder category", "type of stakeholder"] }),
  joint_with: text({ aliases: ["joint pledge with", "joint with", "co pledging entities", "co pledging entity", "co pledgers", "joint pledge partners", "partners"] }),
  multistakeholder_pledge: text({ aliases: ["multistakeholder pledge", "multi stakeholder pledge", "multistakeholder"] }),
  host_country: text({ aliases: ["country", "host country", "countries", "host countries", "country of implementation", "pays", "pais"] }),
  region: text({ aliases: ["region", "host region", "regions"] }),
  gcr_objectives: text({ aliases: ["gcr objective", "gcr objectives", "objective", "objectives"] }),
  area: text({ aliases: ["area of focus", "areas of focus", "focus area", "theme", "themes", "area", "areas"] }),
  pledge_type: text({ aliases: ["type of pledge", "pledge type", "type of contribution", "contribution type", "pledge category"] }),
  // text, not number: amounts come in mixed currencies ("EUR 2 million"), which must not reject the pledge
  amount_usd: text({ aliases: ["amount", "amount usd", "financial amount", "amount pledged", "value usd"] }),
  status: category(STAGES, { open: true, fallback: "No update", aliases: ["stage", "status", "implementation status", "progress stage", "pledge status", "progress status", "stage of implementation"] }),
  last_update: date({ aliases: ["update date", "last update", "last updated", "date of update", "progress update date", "date of last update", "updated"] })
});

/** The export date of one file: a date in its name, else the --export-date given to ingest. */
export function exportDateOf(ctx: Pick<SheetContext, "fileName" | "exportDate">): string {
  const fromName = dateFromFileName(ctx.fileName);
  if (fromName) return fromName;
  if (ctx.exportDate) {
    const given = isoDay(ctx.exportDate);
    if (!given) throw new UserError(`invalid --export-date: ${ctx.exportDate} (expected a date like 2025-12-31)`, 2);
    return given;
  }
  throw new UserError(`${ctx.fileName}: no export date: name the file like pledges_export_2025-12-31.csv or pass --export-date 2025-12-31 (two exports are compared by date)`);
}

const KNOWN_STAGES = STAGE_LABELS.join(", ");
const KNOWN_ENTITY_TYPES = Object.keys(ENTITY_TYPES);

/** The fields that must agree when one id is listed on several rows (the lists may differ: they are merged). */
const SCALARS: Record<string, string> = {
  title: "title",
  description: "description",
  submitting_entity: "submitting entity",
  entity_type: "entity type",
  grf: "GRF year",
  multistakeholder_pledge: "multistakeholder pledge",
  region: "region",
  ptype: "type of pledge",
  amount_usd_n: "amount",
  amount_text: "amount",
  status: "stage",
  last_update: "update date"
};

async function prepare(ctx: SheetContext): Promise<void> {
  const { conn } = ctx;
  exportDateOf(ctx); // fails the file before anything is written when no date can be found
  await registerPledgeMacros(conn);
  // one id, however the export spells its case and spaces (ids are codes, e.g. GRF-01234)
  await conn.run(`UPDATE v SET pledge_id = upper(regexp_replace(trim(pledge_id), '\\s+', ' ', 'g')) WHERE pledge_id IS NOT NULL`);
  await conn.run(`ALTER TABLE v ADD COLUMN countries_l VARCHAR[];
    ALTER TABLE v ADD COLUMN objective_parts VARCHAR[];
    ALTER TABLE v ADD COLUMN objectives_l INTEGER[];
    ALTER TABLE v ADD COLUMN objectives_bad VARCHAR[];
    ALTER TABLE v ADD COLUMN areas_l VARCHAR[];
    ALTER TABLE v ADD COLUMN joint_l VARCHAR[];
    ALTER TABLE v ADD COLUMN ptype VARCHAR;
    ALTER TABLE v ADD COLUMN grf VARCHAR;
    ALTER TABLE v ADD COLUMN amount_usd_n DOUBLE;
    ALTER TABLE v ADD COLUMN amount_text VARCHAR;
    ALTER TABLE v ADD COLUMN text_mangled BOOLEAN;`);
  // split the cells as typed: the cleaned text has its line breaks (one value per line) folded into spaces
  const cell = (field: string) => {
    const i = ctx.mapping.fields.get(field);
    // v_d<i> is the column's dictionary (validate.ts buildTypedTable): k<i> the cell as read, id<i> its id in v
    return i === undefined ? "CAST(NULL AS VARCHAR)" : `(SELECT k${i} FROM v_d${i} WHERE id${i} = ${ident(`r_${field}`)})`;
  };
  await conn.run(`UPDATE v SET
      countries_l = pl_split(${cell("host_country")}),
      objective_parts = pl_split(${cell("gcr_objectives")}),
      areas_l = pl_split(${cell("area")}),
      joint_l = pl_split(${cell("joint_with")}),
      ptype = nullif(array_to_string(list_sort(list_distinct(flatten(list_transform(pl_split(${cell("pledge_type")}),
                p -> CASE WHEN len(pl_types(coalesce(pa_norm(p), ''))) > 0 THEN pl_types(coalesce(pa_norm(p), '')) ELSE [p] END)))), '; '), ''),
      grf = pl_grf(grf_year),
      amount_usd_n = pl_usd(amount_usd),
      -- on the cells as read: the cleaning may already have dropped a U+FFFD
      text_mangled = coalesce(pl_mangled(${cell("title")}) OR pl_mangled(${cell("description")}), FALSE)`);
  await flagDamagedText(ctx);
  await listUnknownStages(ctx);
  await conn.run(`UPDATE v SET
      objectives_l = list_sort(list_distinct(flatten(list_transform(objective_parts, p -> pl_objective(p))))),
      objectives_bad = list_filter(objective_parts, p -> len(pl_objective(p)) = 0),
      amount_text = CASE WHEN amount_usd IS NOT NULL AND amount_usd_n IS NULL THEN amount_usd END`);
}

/**
 * Titles an export or a wrong guess of the file's encoding damaged: kept as written, with a warning and, where
 * the damage is undone by reading the same bytes in the code page they were written in (Arabic Windows-1256,
 * or UTF-8), that reading as the suggestion. The file itself should be exported again as UTF-8.
 */
async function flagDamagedText(ctx: SheetContext): Promise<void> {
  const rows = (await ctx.conn.runAndReadAll(`SELECT _row, coalesce(title, description) AS text FROM v WHERE text_mangled ORDER BY _row`)).getRowObjectsJS();
  if (!rows.length) return;
  const label = (field: string) => {
    const i = ctx.mapping.fields.get(field);
    return (i === undefined ? null : ctx.columns[i]?.header) || field;
  };
  // into the sheet's own issues (not ctx.issue), so that the rows count as flagged in the file's report
  const values = rows.map((r) => {
    const text = String(r.text ?? "");
    return `(${Number(r._row)}, ${literal(text.slice(0, 500))}, ${literal(repairedText(text))})`;
  });
  await ctx.conn.run(`${insertSheetIssues(ctx)} d.r, ${literal(label("title"))}, d.raw, 'warning', 'pledge-text-encoding',
      'title or description looks damaged by a text encoding (?, � or Ã©/Ø§/ÇáÊ where letters were); kept as written: export the file again as UTF-8 (CSV UTF-8 or XLSX)', d.suggestion
    FROM (VALUES ${values.join(", ")}) AS d(r, raw, suggestion)`);
}

/** Every unknown stage label of the sheet in one line (the report's summary shows one reason per rule). */
async function listUnknownStages(ctx: SheetContext): Promise<void> {
  const labels = (
    await ctx.conn.runAndReadAll(`SELECT status, count(*)::INTEGER AS n FROM v WHERE status NOT IN (${STAGE_LABELS.map(literal).join(", ")}) GROUP BY status ORDER BY n DESC, status`)
  ).getRowObjectsJS();
  if (!labels.length) return;
  const list = labels.map((l) => `'${l.status}' (${l.n} ${Number(l.n) === 1 ? "row" : "rows"})`).join(", ");
  ctx.issue({
    severity: "info",
    rule: "pledge-stage-labels",
    reason: `unknown stage labels, rows rejected: ${list}; the known labels are ${KNOWN_STAGES}. Only a label saying the entity did not report is read as No update`
  });
}

const ARABIC = /[\u0600-\u06FF]/;

/** The text as it reads when its Windows-1252 bytes are taken as Windows-1256 or as UTF-8, if that gives Arabic or fixes accents. */
export function repairedText(text: string): string | null {
  const bytes = iconv.encode(text, "windows-1252");
  if (iconv.decode(bytes, "windows-1252") !== text) return null; // not text that came through Windows-1252
  const utf8 = bytes.toString("utf8");
  if (!utf8.includes("\ufffd") && utf8 !== text) return utf8;
  const arabic = iconv.decode(bytes, "windows-1256");
  return ARABIC.test(arabic) ? arabic : null;
}

function checks(): RowCheck[] {
  return [
    {
      rule: "pledge-stage-unknown",
      severity: "error",
      field: "status",
      when: `status NOT IN (${STAGE_LABELS.map(literal).join(", ")})`,
      reason: `'unknown stage ''' || status || '''; expected one of ${KNOWN_STAGES} (a blank stage is No update)'`
    },
    {
      rule: "pledge-no-country",
      severity: "warning",
      field: "host_country",
      when: `len(countries_l) = 0 AND region IS NULL`,
      reason: `'no host country or region: kept, but it matches no country, region or global theme (not counted for the operation); check the pledge on the platform'`
    },
    {
      rule: "pledge-entity-type",
      severity: "warning",
      field: "entity_type",
      when: `entity_type IS NOT NULL AND entity_type NOT IN (${KNOWN_ENTITY_TYPES.map(literal).join(", ")})`,
      reason: `'entity type ''' || entity_type || ''' is not a known type; kept as written (known: ${KNOWN_ENTITY_TYPES.join(", ")})'`
    },
    {
      rule: "pledge-objective-unknown",
      severity: "warning",
      field: "gcr_objectives",
      when: `len(objectives_bad) > 0`,
      reason: `'GCR objective ''' || array_to_string(objectives_bad, '; ') || ''' not recognised (expected 1–4 or the objective''s words); the others are kept'`
    },
    {
      rule: "pledge-amount-not-usd",
      severity: "warning",
      field: "amount_usd",
      when: `amount_text IS NOT NULL`,
      reason: `'amount ''' || amount_text || ''' is not a plain USD figure; kept as written (amount_text), not added up'`
    }
  ];
}

/**
 * One id on several rows of one export: rows that agree on every field but the lists are one pledge listed
 * per country (or objective…): the first row is stored with the lists of all, the others skipped with a note.
 * Rows that disagree are a real clash: the most recently updated row is kept, the others rejected with it named.
 */
async function resolveRepeatedIds(ctx: SheetContext): Promise<void> {
  const { conn } = ctx;
  const differs = Object.entries(SCALARS).map(([c, label]) => `CASE WHEN count(DISTINCT ${ident(c)}) + (count(${ident(c)}) < count(*))::INT > 1 THEN ${literal(label)} END`);
  const idColumn = ctx.mapping.fields.get("pledge_id");
  const idLabel = literal((idColumn === undefined ? null : ctx.columns[idColumn]?.header) || "pledge id");
  await conn.run(`CREATE OR REPLACE TEMP TABLE pl_groups AS
    SELECT pledge_id,
           count(*) AS n,
           list(_row ORDER BY _row) AS source_rows,
           list_sort(list_distinct(list_filter([${differs.join(", ")}], x -> x IS NOT NULL))) AS differing,
           min(_row) AS first_row,
           first(_row ORDER BY last_update DESC NULLS LAST, _row DESC) AS latest_row
    FROM v
    WHERE _row NOT IN (SELECT _row FROM rej)
    GROUP BY pledge_id`);
  await conn.run(`CREATE OR REPLACE TEMP TABLE pl_map AS
    SELECT v._row, CASE WHEN len(g.differing) = 0 THEN g.first_row ELSE g.latest_row END AS kept_row, g.n, g.source_rows, g.differing
    FROM v JOIN pl_groups g USING (pledge_id)
    WHERE v._row NOT IN (SELECT _row FROM rej)`);
  await conn.run(`${insertSheetIssues(ctx)} m._row, ${idLabel}, v.pledge_id, 'skipped', 'pledge-repeated',
      'pledge ' || v.pledge_id || ' listed again (first at row ' || m.kept_row || '): its countries, objectives, areas and co-pledgers are added to that row', NULL
    FROM pl_map m JOIN v USING (_row) WHERE m.n > 1 AND len(m.differing) = 0 AND m._row <> m.kept_row`);
  await conn.run(`${insertSheetIssues(ctx)} m._row, ${idLabel}, v.pledge_id, 'error', 'pledge-duplicate-id',
      'pledge id ' || v.pledge_id || ' appears ' || m.n || ' times in this export (rows ' || array_to_string(m.source_rows, ', ') || ') with different ' || array_to_string(m.differing, ', ') || '; row ' || m.kept_row || ' (the most recent update) is kept', NULL
    FROM pl_map m JOIN v USING (_row) WHERE len(m.differing) > 0 AND m._row <> m.kept_row`);
  await conn.run(`INSERT INTO rej SELECT _row FROM pl_map WHERE _row <> kept_row`);
}

/**
 * Another loaded file with the same export date is an earlier version of this export (a CSV and then an XLSX of
 * the same download, or a renamed file): its pledges go and it is marked replaced, so that a pledge has one row
 * per export date. Runs inside the file's transaction, like the replacement of a file of the same name.
 */
async function replaceSameExport(ctx: SheetContext, exportDate: string): Promise<void> {
  const older = (
    await ctx.conn.runAndReadAll(
      `SELECT DISTINCT f.file_hash, f.file_name FROM pledges AS p
       JOIN ingest_files AS f ON f.file_hash = p.file_hash AND f.kind = 'pledges' AND f.status = 'loaded'
       WHERE p.export_date = $d::DATE AND p.file_hash <> $h`,
      { d: exportDate, h: ctx.fileHash }
    )
  ).getRowObjectsJS();
  for (const o of older) {
    await ctx.conn.run(`DELETE FROM pledges WHERE file_hash = $h`, { h: String(o.file_hash) });
    await ctx.conn.run(`UPDATE ingest_files SET status = 'replaced' WHERE file_hash = $h AND kind = 'pledges'`, { h: String(o.file_hash) });
    ctx.issue({ severity: "info", rule: "pledge-export-replaced", reason: `same export date (${exportDate}) as ${o.file_name}: this file replaces it` });
  }
}

async function insert(ctx: SheetContext): Promise<number> {
  const { conn } = ctx;
  const exportDate = exportDateOf(ctx);
  await replaceSameExport(ctx, exportDate);
  await resolveRepeatedIds(ctx);
  const lists = (c: string) => `list_sort(list_distinct(flatten(list(o.${c}))))`;
  const res = await conn.run(`INSERT INTO pledges (pledge_id, export_date, grf_year, title, description, submitting_entity, entity_type,
        multistakeholder_pledge, region, pledge_type, amount_usd, amount_text, stage, stage_raw, last_update,
        countries, gcr_objectives, areas, joint_with, file_hash, sheet, row_number, extra)
    SELECT k.pledge_id, ${literal(exportDate)}::DATE, k.grf, k.title, k.description, k.submitting_entity, k.entity_type,
           k.multistakeholder_pledge, k.region, k.ptype, k.amount_usd_n, k.amount_text, k.status, ${ctx.raw("status")}, k.last_update,
           l.countries, l.objectives, l.areas, l.joint, ${literal(ctx.fileHash)}, ${literal(ctx.sheet)}, k._row, k.extra
    FROM v k
    JOIN (SELECT m.kept_row, ${lists("countries_l")} AS countries, ${lists("objectives_l")} AS objectives,
                 ${lists("areas_l")} AS areas, ${lists("joint_l")} AS joint
          FROM pl_map m JOIN v o ON o._row = m._row
          GROUP BY m.kept_row) l ON l.kept_row = k._row
    WHERE k._row NOT IN (SELECT _row FROM rej)`);
  await conn.run(`DROP TABLE IF EXISTS pl_groups; DROP TABLE IF EXISTS pl_map`);
  return Number(res.rowsChanged);
}

export const pledges: KindDefinition = {
  name: "pledges",
  label: "GRF pledges",
  table: "pledges",
  schema: PledgeRow,
  signature: [
    ["pledge_id", "title", "status"],
    ["pledge_id", "title", "submitting_entity"],
    // "ID" and "Objective" alone are any action plan's (a CCPM action plan has both): an entity or a title too
    ["pledge_id", "gcr_objectives", "submitting_entity"],
    ["pledge_id", "gcr_objectives", "title"],
    ["pledge_id", "entity_type", "host_country"]
  ],
  checks,
  prepare,
  insert
};
