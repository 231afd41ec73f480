// Ingests files into the warehouse: one transaction per file, every rejected row explained.
import type { DuckDBConnection } from "@duckdb/node-api";
import { existsSync, statSync } from "node:fs";
import { basename, resolve } from "node:path";
import { randomUUID } from "node:crypto";
import { UserError } from "../warehouse/errors.ts";
import { fieldsOf, type FieldMeta } from "./fields.ts";
import { detectLayout, mapColumns, type Layout, type Mapping, type ColumnInfo } from "./headers.ts";
import { FALLBACK_KINDS, KINDS, kindsByName } from "./kinds/index.ts";
import type { KindDefinition, KindName, RowCheck, SheetContext } from "./kinds/kind.ts";
import type { OperationConfig } from "../warehouse/operation-config.ts";
import { personalByContent, personalByHeader, personalByStagedContent, scrubbedReason, scrubbedRelation } from "./personal-data.ts";
import { readCsv } from "./read/csv.ts";
import { genericRecords, jsonSource, parseJsonFile, recordsSheet } from "./read/json.ts";
import { InputError, MAX_TABLE_COLUMNS, type Sheet, type Source } from "./read/sheet.ts";
import { readXlsxFast } from "./read/xlsx-fast.ts";
import { formatOf, periodFromName, sha256 } from "./file-facts.ts";
import { columnsOf, ident, literal, withSetting } from "../warehouse/sql.ts";
import { distinctValues, stageSheet } from "./stage.ts";
import { cleanText } from "./text-clean.ts";
import { describeFailure } from "./failure.ts";
import { withAbsentColumns } from "./absent-columns.ts";
import { buildTypedTable, columnLabels, dropTypedTable, extraSql, GROUPED_FLAGS, recordChecks, SHEET_ISSUE_GROUPS, SHEET_ISSUE_RANGES, typeChecks } from "./validate.ts";
import { PROVENANCE_TABLES, SHEET_ISSUES } from "../warehouse/tables.ts";

export interface IngestOptions {
  config: OperationConfig;
  kind?: KindName;
  /** validate only: everything runs in a transaction that is rolled back */
  dryRun?: boolean;
  /** loaded files (name, path or hash prefix) this file replaces, whatever their name or source */
  replaces?: string[];
  onProgress?: (file: string, rows: number) => void;
  /** export date of files whose name carries none (pledge exports: `--export-date`), YYYY-MM-DD */
  exportDate?: string;
}

export interface Reason {
  severity: string;
  rule: string;
  column: string | null;
  reason: string;
  rows: number;
  firstRow: number | null;
  sheet: string | null;
}

export interface FileReport {
  file: string;
  kind: KindName | null;
  format: string | null;
  status: "loaded" | "replaced" | "unchanged" | "checked" | "failed";
  rowsRead: number;
  rowsAccepted: number;
  /** rows with an error: not stored */
  rowsRejected: number;
  /** rows deliberately not loaded (totals rows, other sectors' rows…): not stored, not errors */
  rowsSkipped: number;
  rowsFlagged: number;
  sheets: { name: string | null; kind: KindName | null; rows: number; note?: string }[];
  reasons: Reason[];
  error?: string;
}

export interface RunReport {
  runId: string;
  files: FileReport[];
}

/** Sheets that hold dropdown values, instructions or pivots rather than records. */
const LOOKUP_SHEET = /^(lists?|listes?|drop ?downs?|lookups?|valeurs?|values|references?|codes?|instructions?|read ?me|guidance|notes?|pivot|tcd|synth[eè]se|summary|dashboard|menu|config(uration)?)$/i;

/** CSV files from this size on are hashed on a worker thread while they are scanned (smaller: not worth a thread) */
const OVERLAP_BYTES = 32 << 20;

/** how a totals label starts (see TOTAL_ROW), in lower case */
const TOTAL_PREFIXES = ["tot", "gra", "sub", "sou", "sum", "som"];
const TOTAL_ROW = `'^(grand total|total general|total|totals|totaux|sub ?total|sous total|sum|somme)( .*)?$'`;

/**
 * Columns no schema field has claimed: the only ones a kind's dynamic value columns may come from. A column is
 * one thing: "Population group" mapped to the group field is never also read as a population count.
 */
export function unclaimed(columns: ColumnInfo[], mapping: Mapping): ColumnInfo[] {
  const claimed = new Set(mapping.fields.values());
  return columns.filter((c) => !claimed.has(c.index));
}

/** What a sheet lacks to be of a kind: the signature it comes closest to, its missing fields and the headers seen. */
function missingFor(sample: Sheet["sample"], kind: KindDefinition): { missing: string[]; seen: string[] } {
  const fields = fieldsOf(kind.schema);
  const layout = detectLayout(sample, fields);
  const columns = layout?.columns ?? [];
  const mapping = mapColumns(columns, fields);
  let missing: string[] = kind.signature[0] ?? [];
  for (const sig of kind.signature) {
    const m = sig.filter((f) => !mapping.fields.has(f));
    if (m.length < missing.length) missing = m;
  }
  const seen = columns.map((c) => c.header || c.hxl?.text || "").filter(Boolean);
  if (!layout) {
    // no header row scored: show the first non-empty row, which is what the user will recognise
    const first = sample.find((r) => r.some((c) => c !== null && String(c).trim() !== "")) ?? [];
    seen.push(...first.filter((c): c is string => c !== null && String(c).trim() !== "").map(String));
  }
  return { missing, seen };
}

function detectKind(sample: Sheet["sample"], candidates: KindDefinition[]): { kind: KindDefinition; layout: Layout; mapping: Mapping } | null {
  let best: { kind: KindDefinition; layout: Layout; mapping: Mapping; score: number } | null = null;
  for (const kind of candidates) {
    const fields = fieldsOf(kind.schema);
    const layout = detectLayout(sample, fields);
    if (!layout) continue;
    const mapping = mapColumns(layout.columns, fields);
    const fits = kind.signature.some((sig) => sig.every((f) => mapping.fields.has(f)));
    if (!fits) continue;
    const dynamic = kind.dynamicFields?.(unclaimed(layout.columns, mapping)).length ?? 0;
    const score = FALLBACK_KINDS.has(kind) ? 0.5 : mapping.score + dynamic;
    if (!best || score > best.score) best = { kind, layout, mapping, score };
  }
  return best;
}

/** A field as people know it: its first header alias ("organisation" for org_lead). */
function fieldLabel(kind: KindDefinition, field: string): string {
  const meta = new Map(fieldsOf(kind.schema)).get(field);
  const hxl = meta?.hxl[0]?.replace(/[-+].*$/, "");
  return `${meta?.aliases[0] ?? field}${hxl ? ` (${hxl})` : ""}`;
}

async function openSource(path: string, conn: DuckDBConnection, config: OperationConfig, only?: KindDefinition[]): Promise<{ source: Source; jsonKind?: KindDefinition }> {
  const format = formatOf(path);
  if (format === "csv") return { source: await readCsv(path, conn) };
  // our own streaming reader: 5–6× exceljs's speed, and free of its lost-workbook.xml race (see xlsx-fast.ts)
  if (format === "xlsx") return { source: readXlsxFast(path) };
  if (format === "json") {
    const doc = parseJsonFile(path);
    for (const kind of only ?? KINDS) {
      const sheets = kind.fromJson?.(doc, basename(path), config);
      if (sheets) return { source: jsonSource(doc, sheets), jsonKind: kind };
    }
    const records = genericRecords(doc);
    if (records) return { source: jsonSource(doc, [recordsSheet(records)]) };
    throw new UserError(`${path}: JSON structure not recognised (expected GeoJSON, TopoJSON, an FTS/HPC API response or an array of records)`);
  }
  if (/\.xls$/i.test(path)) throw new UserError(`${path}: legacy .xls workbook; save it as .xlsx`);
  throw new UserError(`${path}: unknown file type; expected .csv, .xlsx or .json`);
}

/** Hashes of loaded earlier versions of the same file (same name and kind). */
async function olderVersions(conn: DuckDBConnection, fileName: string, kind: KindName, hash: string): Promise<string[]> {
  const r = await conn.runAndReadAll(`SELECT file_hash FROM ingest_files WHERE file_name = $n AND kind = $k AND status = 'loaded' AND file_hash <> $h`, { n: fileName, k: kind, h: hash });
  return r.getRows().map((row) => String(row[0]));
}

/** Removes the rows of the given loaded versions, keeping the log (status 'replaced'). */
async function retire(conn: DuckDBConnection, hashes: string[], kind: KindName): Promise<void> {
  for (const h of hashes) {
    for (const t of PROVENANCE_TABLES) await conn.run(`DELETE FROM ${ident(t)} WHERE file_hash = $h`, { h });
    await conn.run(`UPDATE ingest_files SET status = 'replaced' WHERE file_hash = $h AND kind = $k`, { h, k: kind });
  }
}

/** Removes rows of earlier versions of the same file (same name and kind), keeping the log. */
async function retireOlderVersions(conn: DuckDBConnection, fileName: string, kind: KindName, hash: string): Promise<boolean> {
  const old = await olderVersions(conn, fileName, kind, hash);
  await retire(conn, old, kind);
  return old.length > 0;
}

/** Loaded files that `--replaces` names: by file name, path or the start of their hash (8 characters or more). */
async function namedVersions(conn: DuckDBConnection, names: string[], kind: KindName, hash: string): Promise<string[]> {
  const out = new Set<string>();
  for (const n of names) {
    const r = await conn.runAndReadAll(
      `SELECT file_hash FROM ingest_files WHERE kind = $k AND status = 'loaded' AND file_hash <> $h
         AND (file_name = $n OR file_path = $n OR file_name = $b OR (length($n) >= 8 AND starts_with(file_hash, lower($n))))`,
      { k: kind, h: hash, n, b: basename(n) }
    );
    for (const row of r.getRows()) out.add(String(row[0]));
  }
  return [...out];
}

/** The identity values (organisations, months…) a loaded version holds, normalised, as one sorted list per column. */
async function identityOf(conn: DuckDBConnection, kind: KindDefinition, hash: string): Promise<string[][]> {
  const out: string[][] = [];
  for (const c of kind.identity!.columns) {
    const r = await conn.runAndReadAll(`SELECT DISTINCT lower(strip_accents(trim(CAST(${ident(c)} AS VARCHAR)))) AS x FROM ${ident(kind.table)} WHERE file_hash = $h AND ${ident(c)} IS NOT NULL ORDER BY 1`, { h: hash });
    out.push(r.getRows().map((row) => String(row[0])));
  }
  return out;
}

/**
 * A file with the name of a loaded one replaces it only when both come from the same source: the same values of
 * the kind's identity columns (5W: the same organisations and the same months). Another partner's "5W.xlsx" from
 * another folder is another file: both stay (the duplicate rule of the pipelines counts any repeat once).
 */
async function retireSameSource(conn: DuckDBConnection, kind: KindDefinition, fileName: string, hash: string, note: (reason: string) => void): Promise<boolean> {
  const old = await olderVersions(conn, fileName, kind.name, hash);
  if (!old.length) return false;
  const mine = JSON.stringify(await identityOf(conn, kind, hash));
  const same: string[] = [];
  for (const h of old) {
    if (JSON.stringify(await identityOf(conn, kind, h)) === mine) same.push(h);
    else {
      const path = (await conn.runAndReadAll(`SELECT coalesce(file_path, file_name) FROM ingest_files WHERE file_hash = $h`, { h })).getRows()[0]?.[0];
      note(`a loaded file of the same name (${String(path)}) holds other ${kind.identity!.columns.join(" / ")} values: it is another source, so both are kept (use --replaces to replace it)`);
    }
  }
  await retire(conn, same, kind.name);
  return same.length > 0;
}

async function summarise(conn: DuckDBConnection, runId: string, hash: string): Promise<Reason[]> {
  const rows = (
    await conn.runAndReadAll(
      `SELECT i.severity, i.rule, i.column_name, any_value(coalesce(g.reason, i.reason) ORDER BY i.row_number) AS reason, sum(coalesce(g.rows, 1))::INTEGER AS n,
              min(i.row_number) AS first_row, any_value(i.sheet ORDER BY i.row_number) AS sheet
       FROM ingest_issues i
       -- a grouped warning's one line counts all its rows
       LEFT JOIN (SELECT * FROM ingest_issue_groups WHERE run_id = $r AND file_hash = $h) g
         ON g.sheet IS NOT DISTINCT FROM i.sheet AND g.rule = i.rule AND g.column_name IS NOT DISTINCT FROM i.column_name
        AND g.raw_value IS NOT DISTINCT FROM i.raw_value AND g.severity = i.severity AND g.first_row = i.row_number AND starts_with(i.reason, g.reason)
       WHERE i.run_id = $r AND i.file_hash = $h
       GROUP BY i.severity, i.rule, i.column_name
       ORDER BY CASE i.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 WHEN 'skipped' THEN 2 ELSE 3 END, n DESC`,
      { r: runId, h: hash }
    )
  ).getRowObjectsJS();
  return rows.map((r) => ({
    severity: String(r.severity),
    rule: String(r.rule),
    column: r.column_name === null ? null : String(r.column_name),
    reason: String(r.reason),
    rows: Number(r.n),
    firstRow: r.first_row === null ? null : Number(r.first_row),
    sheet: r.sheet === null ? null : String(r.sheet)
  }));
}

async function ingestSheet(
  stagingConn: DuckDBConnection,
  kind: KindDefinition,
  sheet: Sheet,
  layout: Layout,
  mapping: Mapping,
  base: Omit<SheetContext, "table" | "rejected" | "mapping" | "columns" | "extraSql" | "sheet" | "issue" | "raw" | "lazy">,
  addIssue: (sheet: string | null) => SheetContext["issue"],
  onRows: (n: number) => void,
  /** opens the file's transaction (once): everything before it touches temp tables only */
  beforeWrite: () => Promise<void>
): Promise<{ read: number; accepted: number; rejected: number; skipped: number; flagged: number }> {
  const fields = fieldsOf(kind.schema);
  const issue = addIssue(sheet.name);
  // personal data: never mapped, never kept in extra
  const personal = new Set<number>();
  for (const c of layout.columns) {
    const what = personalByHeader(c);
    if (what) personal.add(c.index);
  }
  const sampleRows = sheet.sample.slice(layout.dataStart);
  for (const c of mapping.unmapped) {
    if (personal.has(c.index)) continue;
    const what = personalByContent(c, sampleRows.map((r) => r[c.index] ?? null));
    if (what) personal.add(c.index);
  }
  const width = layout.columns.length;
  const stage = "stg";
  const stagedRaw = await stageSheet(stagingConn, sheet, stage, layout.dataStart + 1, width, onRows);
  // every value of every column, not just the sample: refused columns, and free text with e-mails/phones/GPS scrubbed
  const fieldType = new Map(fields.map(([f, m]) => [mapping.fields.get(f), m.type]));
  const scanned = layout.columns.filter((c) => !personal.has(c.index));
  const distinct = await distinctValues(stagingConn, stagedRaw, scanned.map((c) => c.index), `${stage}_distinct`);
  const content = await personalByStagedContent(
    stagingConn,
    distinct,
    // "__" columns are what a structured reader derived (GeoJSON geometry as text): coordinates of areas, not of people
    scanned.map((column) => ({ column, role: column.header?.startsWith("__") || (fieldType.has(column.index) && fieldType.get(column.index) !== "text") ? "value" : "text" }))
  );
  for (const idx of content.refused.keys()) personal.add(idx);
  for (const idx of personal) {
    const c = layout.columns[idx]!;
    const what = personalByHeader(c) ?? personalByContent(c, sampleRows.map((r) => r[c.index] ?? null)) ?? content.refused.get(idx) ?? "personal data";
    issue({ column: c.header || c.hxl?.text || `column ${idx + 1}`, severity: "info", rule: "personal-data", reason: `column looks like personal data (${what}); not stored` });
    for (const [f, i] of mapping.fields) if (i === idx) mapping.fields.delete(f);
  }
  for (const [idx, found] of content.scrubbed) {
    if (personal.has(idx)) continue;
    const c = layout.columns[idx]!;
    issue({ column: c.header || c.hxl?.text || `column ${idx + 1}`, severity: "info", rule: "personal-data", reason: scrubbedReason(found) });
  }
  const staged = await scrubbedRelation(stagingConn, stagedRaw, `${stage}_clean`, [...content.scrubbed.keys()].filter((i) => !personal.has(i)));
  const unmapped = layout.columns.filter((c) => !personal.has(c.index) && ![...mapping.fields.values()].includes(c.index) && (c.header || c.hxl));
  const dynamic = kind.dynamicFields?.(unclaimed(layout.columns, mapping).filter((c) => !personal.has(c.index))) ?? [];
  const dynamicIdx = new Set(dynamic.map((d) => d.column));
  const extra = extraSql(unmapped.filter((c) => !dynamicIdx.has(c.index)));
  const allFields: [string, FieldMeta][] = [
    ...fields,
    ...dynamic.map((d) => [d.name, { type: "number", aliases: [], hxl: [] } as FieldMeta] as [string, FieldMeta])
  ];
  const columnOf = new Map(mapping.fields);
  for (const d of dynamic) columnOf.set(d.name, d.column);
  const yearField = mapping.fields.has("year") ? `TRY_CAST(pa_num(c${mapping.fields.get("year")}) AS INTEGER)` : literal(base.fileYear);
  const unchanged = new Set(scanned.map((c) => c.index).filter((i) => !content.scrubbed.has(i)));
  const typed = await buildTypedTable(stagingConn, { stage: staged, target: "v", fields: allFields, columnOf, yearSql: yearField, extraSql: extra, width, totalPrefixes: TOTAL_PREFIXES, insertOnly: kind.insertOnly, distinct: { table: distinct, columns: unchanged } });
  // from here on every statement may name a field the sheet lacks
  const conn = withAbsentColumns(stagingConn, "v", typed.absent);
  await conn.run(`DROP TABLE ${distinct}`);
  const { raw, lazy } = typed;
  for (const n of sheet.notes ?? []) issue({ severity: n.severity, rule: n.rule, reason: n.reason, row: n.row ?? null });
  for (const [col, n] of typed.stripped) {
    const c = layout.columns[col];
    issue({ column: c?.header || c?.hxl?.text || `column ${col + 1}`, severity: "info", rule: "control-characters", reason: `control characters, terminal escape codes or stray byte-order marks removed from ${fmtN(n)} distinct value(s) of this column` });
  }
  // v and its dictionaries hold every cell's value and text now: the staged copy goes (a million-row CSV is ~300 MB of it)
  await conn.run(`DROP VIEW IF EXISTS ${stage}_clean; DROP VIEW IF EXISTS ${stage}_view; DROP TABLE IF EXISTS ${stage}_raw; DROP TABLE IF EXISTS ${stage};`);
  const read = Number((await conn.runAndReadAll(`SELECT count(*) FROM v`)).getRows()[0]![0]);
  const labels = columnLabels(layout.columns, mapping);
  for (const d of dynamic) labels.set(d.name, layout.columns[d.column]?.header ?? d.name);
  const scope = { runId: base.runId, fileHash: base.fileHash, fileName: base.fileName, sheet: sheet.name };
  const mapped = new Set(columnOf.keys());
  // totals rows first, so that their (often odd) values are not reported as errors
  const textFields = fields.filter(([n]) => mapped.has(n)).map(([n]) => n);
  // a totals row says "Total" (or "Sum"…) and little else: an organisation called "Total Relief" or "Sum of Us",
  // with its month, AoR and place filled in, is data
  const labelFields = fields.filter(([n, m]) => mapped.has(n) && m.type !== "count" && m.type !== "number").map(([n]) => n);
  const labelsFilled = labelFields.map((n) => `(${ident(`r_${n}`)} IS NOT NULL)::INT`).join(" + ") || "0";
  const totalChecks: RowCheck[] = textFields.length
    ? [{ rule: "totals-row", severity: "skipped", when: `(${textFields.map((n) => `regexp_matches(coalesce(pa_norm(${ident(`r_${n}`)}), ''), ${TOTAL_ROW})`).join(" OR ")}) AND ${labelsFilled} <= 2`, reason: `'totals row; not loaded'` }]
    : [];
  // the regular expressions run only on the few rows where some cell starts like a total (buildTypedTable)
  await conn.run(`CREATE OR REPLACE TEMP TABLE total_candidates AS SELECT _row, ${textFields.map((n) => `${raw(n)} AS ${ident(`r_${n}`)}`).join(", ") || "NULL AS none"} FROM v WHERE _total_like`);
  await recordChecks(conn, "total_candidates", totalChecks, scope, labels);
  await conn.run(`DROP TABLE total_candidates`);
  // SHEET_ISSUES holds this sheet's issues only (emptied into ingest_issues when the sheet is written)
  await conn.run(`DELETE FROM v WHERE _row IN (SELECT row_number FROM ${SHEET_ISSUES} WHERE rule = 'totals-row')`);
  await recordChecks(conn, "v", typeChecks(fields, mapped, labels, typed), scope, labels, raw);
  const ctx: SheetContext = { ...base, conn, sheet: sheet.name, table: "v", rejected: "rej", mapping, columns: layout.columns, extraSql: extra, issue, raw, lazy, fills: kind.insert ? undefined : [] };
  await kind.prepare?.(ctx);
  await recordChecks(conn, "v", kind.checks?.(base.config, mapped) ?? [], scope, labels, raw);
  await conn.run(`CREATE OR REPLACE TEMP TABLE rej AS SELECT DISTINCT row_number AS _row FROM ${SHEET_ISSUES}
    WHERE severity IN ('error', 'skipped') AND row_number IS NOT NULL`);
  await beforeWrite();
  const before = await storedRows(conn, kind, ctx);
  const accepted = kind.insert ? await kind.insert(ctx) : await defaultInsert(conn, kind, ctx);
  const counts = (
    await conn.runAndReadAll(`SELECT
      (SELECT count(*) FROM rej)::INTEGER,
      (SELECT count(DISTINCT row_number) FROM ${SHEET_ISSUES} WHERE severity = 'error' AND row_number IS NOT NULL)::INTEGER,
      (SELECT count(DISTINCT _row) FROM (SELECT row_number AS _row FROM ${SHEET_ISSUES} WHERE severity = 'warning' UNION ALL SELECT _row FROM ${GROUPED_FLAGS}) WHERE _row NOT IN (SELECT _row FROM rej))::INTEGER,
      (SELECT count(*) FROM v WHERE _row NOT IN (SELECT _row FROM rej))::INTEGER`)
  ).getRows()[0]!;
  const [notStored, rejected, flagged, passed] = counts.map(Number) as [number, number, number, number];
  const skipped = notStored - rejected;
  const where = sheet.name ? `sheet '${sheet.name}': ` : "";
  // accepted means stored: what the kind says it inserted, what passed the checks and what its table now holds
  // for this sheet must agree, or nothing of the file is kept (the caller rolls the transaction back)
  const after = await storedRows(conn, kind, ctx);
  if (accepted !== passed || (after !== null && before !== null && after - before !== passed)) {
    throw new InputError(
      `${where}${fmtN(passed)} rows passed the checks but ${after !== null && before !== null ? `${fmtN(after - before)} were stored in ${kind.table}` : `the ${kind.label} loader reported ${fmtN(accepted)} stored`}; nothing of this file was loaded (a loader fault: please report it with the file)`
    );
  }
  if (passed + rejected + skipped !== read) {
    throw new InputError(`${where}${fmtN(read)} rows read but ${fmtN(passed)} accepted + ${fmtN(rejected)} rejected + ${fmtN(skipped)} skipped; nothing of this file was loaded (a loader fault: please report it with the file)`);
  }
  await conn.run(`INSERT INTO ingest_issues SELECT * FROM ${SHEET_ISSUES}; DELETE FROM ${SHEET_ISSUES}; DELETE FROM ${GROUPED_FLAGS};
    INSERT INTO ingest_issue_groups SELECT * FROM ${SHEET_ISSUE_GROUPS}; DELETE FROM ${SHEET_ISSUE_GROUPS};
    INSERT INTO ingest_issue_ranges SELECT * FROM ${SHEET_ISSUE_RANGES}; DELETE FROM ${SHEET_ISSUE_RANGES};`);
  await dropTypedTable(conn, "v");
  await conn.run(`DROP TABLE IF EXISTS rej`);
  return { read, accepted, rejected, skipped, flagged };
}

const fmtN = (n: number) => n.toLocaleString("en-US");


/** Columns up to the last one with content in any sampled row. */
function filledWidth(sample: Sheet["sample"]): number {
  let w = 0;
  for (const row of sample) {
    for (let i = row.length - 1; i >= w; i--) {
      const c = row[i];
      if (c !== null && c !== undefined && String(c).trim() !== "") {
        w = i + 1;
        break;
      }
    }
  }
  return w;
}

/**
 * Source rows of this sheet held in the kind's table (distinct row numbers where a kind's own insert may store
 * several rows per source row, as a long population table does), or null when the table has no provenance columns.
 */
async function storedRows(conn: DuckDBConnection, kind: KindDefinition, ctx: SheetContext): Promise<number | null> {
  if (kind.storedRows) return kind.storedRows(ctx);
  const cols = new Set(await columnsOf(conn, kind.table));
  if (!cols.has("file_hash") || !cols.has("row_number") || !cols.has("sheet")) return null;
  // the default insert stores one row per source row: count(*) then checks as much (a row stored twice shows too) at a
  // fraction of a distinct count's cost (1M rows: 0.11 s)
  const n = kind.insert ? "count(DISTINCT row_number)" : "count(*)";
  const r = await conn.runAndReadAll(`SELECT ${n}::BIGINT FROM ${ident(kind.table)} WHERE file_hash = $h AND sheet IS NOT DISTINCT FROM $s`, { h: ctx.fileHash, s: ctx.sheet } as never);
  return Number(r.getRows()[0]![0]);
}

export async function defaultInsert(conn: DuckDBConnection, kind: KindDefinition, ctx: SheetContext): Promise<number> {
  // the table's columns, and which of them an INSERT may leave out (nullable, no default): one catalog query
  const tableInfo = (
    await conn.runAndReadAll(`SELECT column_name, column_default IS NULL AND is_nullable FROM duckdb_columns() WHERE table_name = $t`, { t: kind.table })
  ).getRows();
  const tableCols = new Set(tableInfo.map((r) => String(r[0])));
  const nullDefault = new Set(tableInfo.filter((r) => r[1] === true).map((r) => String(r[0])));
  const vCols = new Set(await columnsOf(conn, "v"));
  const metas = new Map(fieldsOf(kind.schema));
  // schema fields, plus columns a kind's preparation added (pcode_match…), when the table has them
  const candidates = [...vCols].filter((n) => tableCols.has(n) && !["file_hash", "sheet", "row_number"].includes(n));
  // columns empty in this sheet (fields it has no column for, nothing derived) are left to the table's NULL: DuckDB
  // appends an omitted column as one constant, a column of NULLs row by row (a 1M-row 5W with 15 such: 0.13 s).
  // An omitted column still costs its write (15 in a 1M-row 5W: 0.45–0.6 s): hence a kind's `details`.
  const filled = candidates.length ? (await conn.runAndReadAll(`SELECT ${candidates.map((n) => `count(${ident(n)}) > 0`).join(", ")} FROM v`)).getRows()[0]! : [];
  const fills = (ctx.fills ?? []).filter((f) => tableCols.has(f.column) && vCols.has(f.column) && vCols.has(f.key));
  // a details field is virtual in the table (its column default is its expression): written only when filled
  const detailFields = new Set(kind.details?.fields ?? []);
  const fields = candidates.filter((n, i) => filled[i] === true || (!nullDefault.has(n) && !detailFields.has(n)) || fills.some((f) => f.column === n));
  const derived = Object.entries(kind.derived ?? {}).filter(([n, d]) => tableCols.has(n) && !vCols.has(n) && fields.includes(d.needs));
  const fillOf = new Map(fills.map((f, i) => [f.column, i]));
  const value = (n: string) =>
    metas.get(n)?.type === "count" ? `CAST(round(v.${ident(n)}) AS BIGINT)` : fillOf.has(n) ? `coalesce(v.${ident(n)}, f${fillOf.get(n)}.value)` : `v.${ident(n)}`;
  // insertOnly fields: their values come from their dictionaries, by the id each row keeps
  const lazy = [...ctx.lazy].filter(([n]) => tableCols.has(n));
  const written: [string, string][] = [
    ...fields.map((n): [string, string] => [n, value(n)]),
    ...lazy.map(([n, l], i): [string, string] => [n, `CASE WHEN v.${ident(`r_${n}`)} IS NULL THEN ${l.blank} ELSE l${i}.${l.value} END`]),
    ...derived.map(([n, d]): [string, string] => [n, d.sql])
  ];
  // the kind's details fields go into its JSON column (their table columns are virtual, read from it)
  const inDetails = written.filter(([n]) => detailFields.has(n));
  const direct: [string, string][] = written.filter(([n]) => !detailFields.has(n));
  if (inDetails.length) {
    direct.push([kind.details!.column, `CASE WHEN ${inDetails.map(([, e]) => `(${e}) IS NULL`).join(" AND ")} THEN NULL ELSE json_object(${inDetails.map(([n, e]) => `${literal(n)}, ${e}`).join(", ")}) END`]);
  }
  const cols = direct.map(([n]) => ident(n)).concat(["file_hash", "sheet", "row_number"]);
  const values = [...direct.map(([, e]) => e), literal(ctx.fileHash), literal(ctx.sheet), "v._row"];
  const joins = [
    ...lazy.map(([n, l], i) => `LEFT JOIN ${l.dict} l${i} ON l${i}.${l.id} = v.${ident(`r_${n}`)}`),
    ...fills.map((f, i) => `LEFT JOIN ${ident(f.table)} f${i} ON f${i}.key = v.${ident(f.key)}`)
  ].join(" ");
  // FSST is left out while this sheet's rows are written: the columns of canonical rows are codes, names and
  // categories that dictionary compression already packs, and trying FSST on each of them costs a fifth of the
  // write (bench: 12 text columns of 1M rows, 1.13 → 0.91 s; same blocks on disk). Set back right after.
  const res = await withSetting(conn, "disabled_compression_methods", "fsst,dict_fsst", () =>
    conn.run(`INSERT INTO ${ident(kind.table)} (${cols.join(", ")})
      SELECT ${values.join(", ")}
      FROM v ${joins} WHERE NOT EXISTS (SELECT 1 FROM rej WHERE rej._row = v._row)`)
  );
  for (const f of ctx.fills ?? []) await conn.run(`DROP TABLE IF EXISTS ${ident(f.table)}`);
  return Number(res.rowsChanged);
}

export async function ingestFile(conn: DuckDBConnection, path: string, runId: string, options: IngestOptions): Promise<FileReport> {
  const fileName = basename(path);
  const report: FileReport = { file: path, kind: null, format: formatOf(path), status: "failed", rowsRead: 0, rowsAccepted: 0, rowsRejected: 0, rowsSkipped: 0, rowsFlagged: 0, sheets: [], reasons: [] };
  let source: Source | undefined;
  let inTransaction = false;
  try {
    if (!existsSync(path)) throw new UserError(`${path}: file not found`);
    if (!statSync(path).isFile()) throw new UserError(`${path}: not a file`);
    if (statSync(path).size === 0) throw new UserError(`${path}: empty file (0 bytes)`);
    const only = options.kind ? kindsByName(options.kind) : undefined;
    // a big CSV is read and scanned (JavaScript, main thread) while a worker thread hashes it: 0.15–0.2 s of a
    // million-row file's ingest. Both finish before the warehouse is asked anything (one query at a time).
    const early = statSync(path).size >= OVERLAP_BYTES && formatOf(path) === "csv";
    const [hash, earlyOpen] = await Promise.all([
      sha256(path),
      early ? openSource(path, conn, options.config, only).then((o) => ({ o }), (e: unknown) => ({ e })) : Promise.resolve(null)
    ]);
    if (earlyOpen && "o" in earlyOpen) source = earlyOpen.o.source;
    if (!options.dryRun) {
      const prior = (await conn.runAndReadAll(`SELECT kind, rows_read, rows_accepted, rows_rejected, rows_flagged FROM ingest_files WHERE file_hash = $h AND status = 'loaded'`, { h: hash })).getRowObjectsJS()[0];
      if (prior) {
        // rows_rejected holds every row not stored; the skipped ones among them are those with no error
        const skipped = Number((await conn.runAndReadAll(`SELECT count(*) FROM (SELECT sheet, row_number FROM ingest_issues WHERE file_hash = $h AND row_number IS NOT NULL
            GROUP BY ALL HAVING bool_or(severity = 'skipped') AND NOT bool_or(severity = 'error'))`, { h: hash })).getRows()[0]![0]);
        Object.assign(report, { status: "unchanged", kind: prior.kind as KindName, rowsRead: Number(prior.rows_read), rowsAccepted: Number(prior.rows_accepted), rowsRejected: Number(prior.rows_rejected) - skipped, rowsSkipped: skipped, rowsFlagged: Number(prior.rows_flagged) });
        return report;
      }
    }
    if (earlyOpen && "e" in earlyOpen) throw earlyOpen.e;
    const opened = earlyOpen && "o" in earlyOpen ? earlyOpen.o : await openSource(path, conn, options.config, only);
    source = opened.source;
    report.format = source.format;
    await conn.run(`CREATE OR REPLACE TEMP TABLE ${SHEET_ISSUES} AS SELECT * FROM ingest_issues LIMIT 0;
      CREATE OR REPLACE TEMP TABLE ${GROUPED_FLAGS} (_row INTEGER);
      CREATE OR REPLACE TEMP TABLE ${SHEET_ISSUE_GROUPS} AS SELECT * FROM ingest_issue_groups LIMIT 0;
      CREATE OR REPLACE TEMP TABLE ${SHEET_ISSUE_RANGES} AS SELECT * FROM ingest_issue_ranges LIMIT 0`);
    let replaced = false;
    const beginWrites = async (): Promise<void> => {
      if (!inTransaction) {
        await conn.run("BEGIN TRANSACTION");
        inTransaction = true;
      }
      // kinds with an identity decide once their rows are in (retireSameSource, at the end of the file)
      if (!replaced && kind && !kind.identity && !options.dryRun) {
        replaced = true;
        if (await retireOlderVersions(conn, fileName, kind.name, hash)) report.status = "replaced";
      }
    };
    const period = periodFromName(fileName);
    const pendingIssues: Parameters<SheetContext["issue"]>[0][] = [];
    const issueFor = (sheet: string | null): SheetContext["issue"] => (i) => pendingIssues.push({ ...i, sheet } as never);
    let kind: KindDefinition | undefined = opened.jsonKind;
    for (const n of source.notes ?? []) issueFor(null)({ severity: n.severity, rule: n.rule, reason: n.reason, row: n.row ?? null });
    let lacking: { sheet: string | null; kind: KindDefinition; missing: string[]; seen: string[] } | undefined;
    const base = { conn, config: options.config, fileName, fileHash: hash, runId, fileYear: period.year, fileMonth: period.month, exportDate: options.exportDate ?? null };
    for await (const sheet of source.sheets()) {
      if (sheet.hidden) {
        report.sheets.push({ name: sheet.name, kind: null, rows: 0, note: "hidden sheet skipped" });
        issueFor(sheet.name)({ severity: "info", rule: "sheet-skipped", reason: `hidden sheet '${sheet.name}' skipped` });
        continue;
      }
      if (sheet.name && LOOKUP_SHEET.test(sheet.name.trim()) && !only) {
        report.sheets.push({ name: sheet.name, kind: null, rows: 0, note: "lists/instructions sheet skipped" });
        issueFor(sheet.name)({ severity: "info", rule: "sheet-skipped", reason: `sheet '${sheet.name}' looks like dropdown lists, instructions or a pivot; skipped (use --kind to load it anyway)` });
        continue;
      }
      const wide = filledWidth(sheet.sample);
      if (wide > MAX_TABLE_COLUMNS) {
        // staging keeps a vector per column per 2,048 rows: 16,384 columns need gigabytes before the first row is checked
        throw new UserError(`${path}: ${sheet.name ? `sheet '${sheet.name}' has ` : ""}${fmtN(wide)} columns with content; a table this tool reads has at most ${fmtN(MAX_TABLE_COLUMNS)} (delete the unused columns, or split the sheet)`);
      }
      const candidates = kind ? KINDS.filter((k) => k.name === kind!.name) : only ?? KINDS;
      const found = detectKind(sheet.sample, candidates);
      if (!found) {
        if (only && !lacking) {
          // the user said which kind: tell them what this sheet lacks for it, in their own header words
          const best = only.map((k) => ({ k, ...missingFor(sheet.sample, k) })).sort((a, b) => a.missing.length - b.missing.length)[0]!;
          lacking = { sheet: sheet.name, kind: best.k, missing: best.missing, seen: best.seen };
        }
        const note = kind ? `no ${kind.label} header found` : "no recognisable header";
        report.sheets.push({ name: sheet.name, kind: null, rows: 0, note });
        issueFor(sheet.name)({ severity: "info", rule: "sheet-skipped", reason: `sheet '${sheet.name ?? fileName}' skipped: ${note}` });
        continue;
      }
      if (!kind || kind !== found.kind) kind = found.kind;
      report.kind = kind.name;
      // a new version of a loaded file: its old rows go first, so that checks do not see them (a boundary
      // file would clash with its own earlier p-codes); the file's rows are then checked inside the transaction
      if (!replaced && !kind.identity && !options.dryRun && (await olderVersions(conn, fileName, kind.name, hash)).length) await beginWrites();
      const r = await ingestSheet(conn, kind, sheet, found.layout, found.mapping, base, issueFor, (n) => options.onProgress?.(path, report.rowsRead + n), beginWrites);
      report.sheets.push({ name: sheet.name, kind: kind.name, rows: r.read });
      report.rowsRead += r.read;
      report.rowsAccepted += r.accepted;
      report.rowsRejected += r.rejected;
      report.rowsSkipped += r.skipped;
      report.rowsFlagged += r.flagged;
    }
    if (!kind || report.sheets.every((s) => s.kind === null)) {
      if (lacking) {
        const labels = lacking.missing.map((f) => fieldLabel(lacking!.kind, f));
        const seen = lacking.seen.length ? lacking.seen.slice(0, 30).map((h) => `'${cleanText(h).slice(0, 60)}'`).join(", ") + (lacking.seen.length > 30 ? `, … (${lacking.seen.length} in all)` : "") : "no header row";
        throw new UserError(
          `${path}: not a ${lacking.kind.label} file${lacking.sheet ? ` (sheet '${lacking.sheet}')` : ""}: missing ${labels.join(", ")}; columns seen: ${seen}`
        );
      }
      const names = [...new Set(KINDS.map((k) => k.name))];
      throw new UserError(`${path}: unknown kind: no sheet has the columns of any data kind (${names.join(", ")}); use --kind to say which`);
    }
    await beginWrites();
    if (!options.dryRun) {
      const fileKind = kind;
      if (fileKind.identity && (await retireSameSource(conn, fileKind, fileName, hash, (reason) => issueFor(null)({ severity: "info", rule: "same-name-other-source", reason })))) report.status = "replaced";
      if (options.replaces?.length) {
        const named = await namedVersions(conn, options.replaces, fileKind.name, hash);
        if (named.length) {
          await retire(conn, named, fileKind.name);
          report.status = "replaced";
          issueFor(null)({ severity: "info", rule: "replaces", reason: `replaces ${named.length} loaded file version(s) named by --replaces` });
        } else issueFor(null)({ severity: "warning", rule: "replaces", reason: `--replaces ${options.replaces.join(", ")}: no loaded ${fileKind.label} file of that name or hash; nothing replaced` });
      }
    }
    await kind.afterFile?.({ ...base, issue: issueFor(null) });
    if (pendingIssues.length) {
      // one appender for the loader's own notes (hundreds of p-code repairs on a big file)
      const app = await conn.createAppender("ingest_issues");
      const text = (v: string | null | undefined) => (v === null || v === undefined ? app.appendNull() : app.appendVarchar(v));
      for (const i of pendingIssues) {
        text(runId);
        text(hash);
        text(fileName);
        text((i as { sheet?: string | null }).sheet ?? null);
        if (i.row === null || i.row === undefined) app.appendNull();
        else app.appendInteger(i.row);
        text(i.column);
        text(i.raw);
        text(i.severity);
        text(i.rule);
        text(i.reason);
        text(i.suggestion);
        app.endRow();
      }
      app.flushSync();
      app.closeSync();
    }
    report.reasons = await summarise(conn, runId, hash);
    if (options.dryRun) {
      await conn.run("ROLLBACK");
      inTransaction = false;
      report.status = "checked";
    } else {
      await conn.run(
        `INSERT INTO ingest_files VALUES ($hash, $name, $path, $kind, $format, $run, current_timestamp, $read, $acc, $rej, $flag, $sheets, 'loaded')
         ON CONFLICT (file_hash, kind) DO UPDATE SET status = 'loaded', run_id = excluded.run_id, loaded_at = excluded.loaded_at,
           rows_read = excluded.rows_read, rows_accepted = excluded.rows_accepted, rows_rejected = excluded.rows_rejected, rows_flagged = excluded.rows_flagged`,
        { hash, name: fileName, path: resolve(path), kind: kind.name, format: report.format, run: runId, read: report.rowsRead, acc: report.rowsAccepted, rej: report.rowsRejected + report.rowsSkipped, flag: report.rowsFlagged, sheets: JSON.stringify(report.sheets.map((s) => s.name)) } as never
      );
      await conn.run("COMMIT");
      inTransaction = false;
      if (report.status !== "replaced") report.status = "loaded";
    }
    return report;
  } catch (e) {
    if (inTransaction) await conn.run("ROLLBACK").catch(() => undefined);
    report.status = "failed";
    report.error = describeFailure(path, e);
    return report;
  } finally {
    source?.cleanup?.();
    await conn.run(`DROP TABLE IF EXISTS ${SHEET_ISSUES}; DROP TABLE IF EXISTS ${GROUPED_FLAGS}; DROP TABLE IF EXISTS ${SHEET_ISSUE_GROUPS}; DROP TABLE IF EXISTS ${SHEET_ISSUE_RANGES}; DROP TABLE IF EXISTS rej`).catch(() => undefined);
    await dropTypedTable(conn, "v").catch(() => undefined);
  }
}

/**
 * Rows of files that ingest_files does not hold as loaded, and issues of files it does not hold at all: what a
 * commit torn by a crash leaves (SIGKILL during COMMIT can replay part of a transaction from the WAL — seen by
 * test/soak/crash-soak.ts; duckdb/duckdb#25931). Removed, in one transaction, before a run writes anything.
 */
export async function removeTornCommits(conn: DuckDBConnection): Promise<number> {
  let removed = 0;
  await conn.run("BEGIN TRANSACTION");
  try {
    for (const t of PROVENANCE_TABLES) {
      const r = await conn.run(`DELETE FROM ${ident(t)} x WHERE NOT EXISTS (SELECT 1 FROM ingest_files f WHERE f.file_hash = x.file_hash AND f.status = 'loaded')`);
      removed += Number(r.rowsChanged);
    }
    for (const t of ["ingest_issues", "ingest_issue_groups", "ingest_issue_ranges"]) {
      const r = await conn.run(`DELETE FROM ${t} i WHERE i.file_hash IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ingest_files f WHERE f.file_hash = i.file_hash)`);
      removed += Number(r.rowsChanged);
    }
    await conn.run("COMMIT");
  } catch (e) {
    await conn.run("ROLLBACK").catch(() => undefined);
    throw e;
  }
  return removed;
}

export async function ingestFiles(conn: DuckDBConnection, paths: string[], options: IngestOptions, command = "ingest"): Promise<RunReport> {
  const runId = randomUUID();
  const files: FileReport[] = [];
  if (!options.dryRun) {
    await removeTornCommits(conn);
    await conn.run(`INSERT INTO ingest_runs (run_id, started_at, command) VALUES ($r, current_timestamp, $c)`, { r: runId, c: command });
  }
  for (const p of paths) files.push(await ingestFile(conn, p, runId, options));
  if (!options.dryRun) {
    await conn.run(
      `UPDATE ingest_runs SET finished_at = current_timestamp, files = $f, files_failed = $ff, rows_read = $rr, rows_accepted = $ra, rows_rejected = $rj WHERE run_id = $r`,
      {
        r: runId,
        f: files.length,
        ff: files.filter((f) => f.status === "failed").length,
        rr: files.reduce((s, f) => s + f.rowsRead, 0),
        ra: files.reduce((s, f) => s + f.rowsAccepted, 0),
        rj: files.reduce((s, f) => s + f.rowsRejected + f.rowsSkipped, 0)
      }
    );
  }
  return { runId, files };
}

export type { ColumnInfo };
