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
import { personalByContent, personalByHeader } from "./personal-data.ts";
import { readCsv } from "./read/csv.ts";
import { genericRecords, jsonSource, parseJsonFile, recordsSheet } from "./read/json.ts";
import type { Sheet, Source } from "./read/sheet.ts";
import { readXlsxFast } from "./read/xlsx-fast.ts";
import { formatOf, periodFromName, sha256 } from "./file-facts.ts";
import { columnsOf, ident, literal } from "../warehouse/sql.ts";
import { stageSheet } from "./stage.ts";
import { buildTypedTable, columnLabels, dropTypedTable, extraSql, recordChecks, typeChecks } from "./validate.ts";
import { PROVENANCE_TABLES, SHEET_ISSUES } from "../warehouse/tables.ts";

export interface IngestOptions {
  config: OperationConfig;
  kind?: KindName;
  /** validate only: everything runs in a transaction that is rolled back */
  dryRun?: boolean;
  onProgress?: (file: string, rows: number) => void;
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
  rowsRejected: number;
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

/** how a totals label starts (see TOTAL_ROW), in lower case */
const TOTAL_PREFIXES = ["tot", "gra", "sub", "sou", "sum", "som"];
const TOTAL_ROW = `'^(grand total|total general|total|totals|totaux|sub ?total|sous total|sum|somme)( .*)?$'`;

function detectKind(sample: Sheet["sample"], candidates: KindDefinition[]): { kind: KindDefinition; layout: Layout; mapping: Mapping } | null {
  let best: { kind: KindDefinition; layout: Layout; mapping: Mapping; score: number } | null = null;
  for (const kind of candidates) {
    const fields = fieldsOf(kind.schema);
    const layout = detectLayout(sample, fields);
    if (!layout) continue;
    const mapping = mapColumns(layout.columns, fields);
    const fits = kind.signature.some((sig) => sig.every((f) => mapping.fields.has(f)));
    if (!fits) continue;
    const dynamic = kind.dynamicFields?.(layout.columns).length ?? 0;
    const score = FALLBACK_KINDS.has(kind) ? 0.5 : mapping.score + dynamic;
    if (!best || score > best.score) best = { kind, layout, mapping, score };
  }
  return best;
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

/** Removes rows of earlier versions of the same file (same name and kind), keeping the log. */
async function retireOlderVersions(conn: DuckDBConnection, fileName: string, kind: KindName, hash: string): Promise<boolean> {
  const old = await olderVersions(conn, fileName, kind, hash);
  for (const h of old) {
    for (const t of PROVENANCE_TABLES) await conn.run(`DELETE FROM ${ident(t)} WHERE file_hash = $h`, { h });
    await conn.run(`UPDATE ingest_files SET status = 'replaced' WHERE file_hash = $h AND kind = $k`, { h, k: kind });
  }
  return old.length > 0;
}

async function summarise(conn: DuckDBConnection, runId: string, hash: string): Promise<Reason[]> {
  const rows = (
    await conn.runAndReadAll(
      `SELECT severity, rule, column_name, any_value(reason ORDER BY row_number) AS reason, count(*)::INTEGER AS n, min(row_number) AS first_row, any_value(sheet ORDER BY row_number) AS sheet
       FROM ingest_issues WHERE run_id = $r AND file_hash = $h
       GROUP BY severity, rule, column_name
       ORDER BY CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 WHEN 'skipped' THEN 2 ELSE 3 END, n DESC`,
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
  conn: DuckDBConnection,
  kind: KindDefinition,
  sheet: Sheet,
  layout: Layout,
  mapping: Mapping,
  base: Omit<SheetContext, "table" | "rejected" | "mapping" | "columns" | "extraSql" | "sheet" | "issue" | "raw" | "lazy">,
  addIssue: (sheet: string | null) => SheetContext["issue"],
  onRows: (n: number) => void,
  /** opens the file's transaction (once): everything before it touches temp tables only */
  beforeWrite: () => Promise<void>
): Promise<{ read: number; accepted: number; rejected: number; flagged: number }> {
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
  for (const idx of personal) {
    const c = layout.columns[idx]!;
    const what = personalByHeader(c) ?? personalByContent(c, sampleRows.map((r) => r[c.index] ?? null)) ?? "personal data";
    issue({ column: c.header || c.hxl?.text || `column ${idx + 1}`, severity: "info", rule: "personal-data", reason: `column looks like personal data (${what}); not stored` });
    for (const [f, i] of mapping.fields) if (i === idx) mapping.fields.delete(f);
  }
  const unmapped = layout.columns.filter((c) => !personal.has(c.index) && ![...mapping.fields.values()].includes(c.index) && (c.header || c.hxl));
  const dynamic = kind.dynamicFields?.(layout.columns.filter((c) => !personal.has(c.index))) ?? [];
  const dynamicIdx = new Set(dynamic.map((d) => d.column));
  const extra = extraSql(unmapped.filter((c) => !dynamicIdx.has(c.index)));
  const width = layout.columns.length;
  const stage = "stg";
  const staged = await stageSheet(conn, sheet, stage, layout.dataStart + 1, width, onRows);
  const allFields: [string, FieldMeta][] = [
    ...fields,
    ...dynamic.map((d) => [d.name, { type: "number", aliases: [], hxl: [] } as FieldMeta] as [string, FieldMeta])
  ];
  const columnOf = new Map(mapping.fields);
  for (const d of dynamic) columnOf.set(d.name, d.column);
  const yearField = mapping.fields.has("year") ? `TRY_CAST(pa_num(c${mapping.fields.get("year")}) AS INTEGER)` : literal(base.fileYear);
  const typed = await buildTypedTable(conn, { stage: staged, target: "v", fields: allFields, columnOf, yearSql: yearField, extraSql: extra, width, totalPrefixes: TOTAL_PREFIXES, insertOnly: kind.insertOnly });
  const { raw, lazy } = typed;
  // v and its dictionaries hold every cell's value and text now: the staged copy goes (a million-row CSV is ~300 MB of it)
  await conn.run(`DROP VIEW IF EXISTS ${stage}_view; DROP TABLE IF EXISTS ${stage}_raw; DROP TABLE IF EXISTS ${stage};`);
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
  const ctx: SheetContext = { ...base, sheet: sheet.name, table: "v", rejected: "rej", mapping, columns: layout.columns, extraSql: extra, issue, raw, lazy };
  await kind.prepare?.(ctx);
  await recordChecks(conn, "v", kind.checks?.(base.config, mapped) ?? [], scope, labels, raw);
  await conn.run(`CREATE OR REPLACE TEMP TABLE rej AS SELECT DISTINCT row_number AS _row FROM ${SHEET_ISSUES}
    WHERE severity IN ('error', 'skipped') AND row_number IS NOT NULL`);
  await beforeWrite();
  const accepted = kind.insert ? await kind.insert(ctx) : await defaultInsert(conn, kind, ctx);
  const counts = (
    await conn.runAndReadAll(`SELECT
      (SELECT count(*) FROM rej)::INTEGER,
      (SELECT count(DISTINCT row_number) FROM ${SHEET_ISSUES} WHERE severity = 'warning' AND row_number NOT IN (SELECT _row FROM rej))::INTEGER`)
  ).getRows()[0]!;
  await conn.run(`INSERT INTO ingest_issues SELECT * FROM ${SHEET_ISSUES}; DELETE FROM ${SHEET_ISSUES};`);
  await dropTypedTable(conn, "v");
  await conn.run(`DROP TABLE IF EXISTS rej`);
  return { read, accepted, rejected: Number(counts[0]), flagged: Number(counts[1]) };
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
  // appends an omitted column as one constant, a column of NULLs row by row (a 1M-row 5W with 15 such: 0.13 s)
  const filled = candidates.length ? (await conn.runAndReadAll(`SELECT ${candidates.map((n) => `count(${ident(n)}) > 0`).join(", ")} FROM v`)).getRows()[0]! : [];
  const fields = candidates.filter((n, i) => filled[i] === true || !nullDefault.has(n));
  const value = (n: string) => (metas.get(n)?.type === "count" ? `CAST(round(v.${ident(n)}) AS BIGINT)` : `v.${ident(n)}`);
  // insertOnly fields: their values come from their dictionaries, by the id each row keeps
  const lazy = [...ctx.lazy].filter(([n]) => tableCols.has(n));
  const cols = [...fields, ...lazy.map(([n]) => n)].map(ident).concat(["file_hash", "sheet", "row_number"]);
  const values = [...fields.map(value), ...lazy.map(([n, l], i) => `CASE WHEN v.${ident(`r_${n}`)} IS NULL THEN ${l.blank} ELSE l${i}.${l.value} END`), literal(ctx.fileHash), literal(ctx.sheet), "v._row"];
  const joins = lazy.map(([n, l], i) => `LEFT JOIN ${l.dict} l${i} ON l${i}.${l.id} = v.${ident(`r_${n}`)}`).join(" ");
  const res = await conn.run(`INSERT INTO ${ident(kind.table)} (${cols.join(", ")})
    SELECT ${values.join(", ")}
    FROM v ${joins} WHERE NOT EXISTS (SELECT 1 FROM rej WHERE rej._row = v._row)`);
  return Number(res.rowsChanged);
}

export async function ingestFile(conn: DuckDBConnection, path: string, runId: string, options: IngestOptions): Promise<FileReport> {
  const fileName = basename(path);
  const report: FileReport = { file: path, kind: null, format: formatOf(path), status: "failed", rowsRead: 0, rowsAccepted: 0, rowsRejected: 0, rowsFlagged: 0, sheets: [], reasons: [] };
  let source: Source | undefined;
  let inTransaction = false;
  try {
    if (!existsSync(path)) throw new UserError(`${path}: file not found`);
    if (!statSync(path).isFile()) throw new UserError(`${path}: not a file`);
    if (statSync(path).size === 0) throw new UserError(`${path}: empty file (0 bytes)`);
    const hash = await sha256(path);
    const only = options.kind ? kindsByName(options.kind) : undefined;
    if (!options.dryRun) {
      const prior = (await conn.runAndReadAll(`SELECT kind, rows_read, rows_accepted, rows_rejected, rows_flagged FROM ingest_files WHERE file_hash = $h AND status = 'loaded'`, { h: hash })).getRowObjectsJS()[0];
      if (prior) {
        Object.assign(report, { status: "unchanged", kind: prior.kind as KindName, rowsRead: Number(prior.rows_read), rowsAccepted: Number(prior.rows_accepted), rowsRejected: Number(prior.rows_rejected), rowsFlagged: Number(prior.rows_flagged) });
        return report;
      }
    }
    const opened = await openSource(path, conn, options.config, only);
    source = opened.source;
    report.format = source.format;
    await conn.run(`CREATE OR REPLACE TEMP TABLE ${SHEET_ISSUES} AS SELECT * FROM ingest_issues LIMIT 0`);
    let replaced = false;
    const beginWrites = async (): Promise<void> => {
      if (!inTransaction) {
        await conn.run("BEGIN TRANSACTION");
        inTransaction = true;
      }
      if (!replaced && kind && !options.dryRun) {
        replaced = true;
        if (await retireOlderVersions(conn, fileName, kind.name, hash)) report.status = "replaced";
      }
    };
    const period = periodFromName(fileName);
    const pendingIssues: Parameters<SheetContext["issue"]>[0][] = [];
    const issueFor = (sheet: string | null): SheetContext["issue"] => (i) => pendingIssues.push({ ...i, sheet } as never);
    let kind: KindDefinition | undefined = opened.jsonKind;
    const base = { conn, config: options.config, fileName, fileHash: hash, runId, fileYear: period.year, fileMonth: period.month };
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
      const candidates = kind ? KINDS.filter((k) => k.name === kind!.name) : only ?? KINDS;
      const found = detectKind(sheet.sample, candidates);
      if (!found) {
        const note = kind ? `no ${kind.label} header found` : "no recognisable header";
        report.sheets.push({ name: sheet.name, kind: null, rows: 0, note });
        issueFor(sheet.name)({ severity: "info", rule: "sheet-skipped", reason: `sheet '${sheet.name ?? fileName}' skipped: ${note}` });
        continue;
      }
      if (!kind || kind !== found.kind) kind = found.kind;
      report.kind = kind.name;
      // a new version of a loaded file: its old rows go first, so that checks do not see them (a boundary
      // file would clash with its own earlier p-codes); the file's rows are then checked inside the transaction
      if (!replaced && !options.dryRun && (await olderVersions(conn, fileName, kind.name, hash)).length) await beginWrites();
      const r = await ingestSheet(conn, kind, sheet, found.layout, found.mapping, base, issueFor, (n) => options.onProgress?.(path, report.rowsRead + n), beginWrites);
      report.sheets.push({ name: sheet.name, kind: kind.name, rows: r.read });
      report.rowsRead += r.read;
      report.rowsAccepted += r.accepted;
      report.rowsRejected += r.rejected;
      report.rowsFlagged += r.flagged;
    }
    if (!kind || report.sheets.every((s) => s.kind === null)) {
      throw new UserError(`${path}: unknown kind: no sheet has the columns of any data kind (${KINDS.map((k) => k.name).join(", ")}); use --kind to say which`);
    }
    await beginWrites();
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
        { hash, name: fileName, path: resolve(path), kind: kind.name, format: report.format, run: runId, read: report.rowsRead, acc: report.rowsAccepted, rej: report.rowsRejected, flag: report.rowsFlagged, sheets: JSON.stringify(report.sheets.map((s) => s.name)) } as never
      );
      await conn.run("COMMIT");
      inTransaction = false;
      if (report.status !== "replaced") report.status = "loaded";
    }
    return report;
  } catch (e) {
    if (inTransaction) await conn.run("ROLLBACK").catch(() => undefined);
    report.status = "failed";
    report.error = e instanceof UserError ? e.message : `${path}: ${(e as Error).message.split("\n")[0]}`;
    return report;
  } finally {
    source?.cleanup?.();
    await conn.run(`DROP TABLE IF EXISTS ${SHEET_ISSUES}; DROP TABLE IF EXISTS rej`).catch(() => undefined);
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
    const r = await conn.run(`DELETE FROM ingest_issues i WHERE i.file_hash IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ingest_files f WHERE f.file_hash = i.file_hash)`);
    removed += Number(r.rowsChanged);
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
        rj: files.reduce((s, f) => s + f.rowsRejected, 0)
      }
    );
  }
  return { runId, files };
}

export type { ColumnInfo };
