// Turns a staged sheet (text columns c0..cN) into the typed temp table `v` and records every problem
// as an ingest issue — all as SQL generated from the kind's field metadata.
import type { DuckDBConnection } from "@duckdb/node-api";
import type { FieldMeta } from "./fields.ts";
import type { ColumnInfo, Mapping } from "./headers.ts";
import { normalise } from "./normalise.ts";
import { ident, literal, withSetting } from "../warehouse/sql.ts";
import { SHEET_ISSUES } from "../warehouse/tables.ts";
import { CONTROL_PATTERN_SQL } from "./text-clean.ts";

/** control characters and escape sequences, stripped from every mapped cell (see text-clean.ts) */
const CONTROL = literal(CONTROL_PATTERN_SQL);

/** A check over the validated temp table `v` (columns = field names, raw text as r_<field>). */
export interface RowCheck {
  rule: string;
  severity: "error" | "warning" | "skipped";
  /** field whose raw value is reported */
  field?: string;
  /** SQL predicate over v that is TRUE for offending rows */
  when: string;
  /** SQL expression giving the plain-language reason */
  reason: string;
  /** the only columns `when` reads: it is then decided once per distinct combination (fast on big files) */
  keys?: string[];
}

export interface IssueScope {
  runId: string;
  fileHash: string;
  fileName: string;
  sheet: string | null;
}

const TYPE_SQL: Record<FieldMeta["type"], string> = {
  text: "VARCHAR",
  count: "DOUBLE",
  number: "DOUBLE",
  month: "DATE",
  date: "DATE",
  year: "INTEGER",
  pcode: "VARCHAR",
  category: "VARCHAR",
  severity: "DOUBLE",
  boolean: "BOOLEAN"
};

const EXPECTED: Record<FieldMeta["type"], string> = {
  text: "text",
  count: "a whole number",
  number: "a number",
  month: "a month (e.g. 2025-06, June 2025, juin 2025)",
  date: "a date (e.g. 2025-06-30 or 30/06/2025)",
  year: "a year",
  pcode: "a p-code",
  category: "a known value",
  severity: "a severity phase 1–5",
  boolean: "yes or no"
};

function categoryCase(raw: string, meta: FieldMeta): string {
  const pairs: string[] = [];
  const seen = new Set<string>();
  for (const [canonical, synonyms] of Object.entries(meta.values ?? {})) {
    for (const s of [canonical, ...synonyms]) {
      const n = normalise(s);
      if (!n || seen.has(n)) continue;
      seen.add(n);
      pairs.push(`(${literal(n)}, ${literal(canonical)})`);
    }
  }
  const otherwise = meta.open ? raw : "NULL";
  const fallback = meta.fallback ? literal(meta.fallback) : "NULL";
  // a lookup in a VALUES list, not CASE … WHEN for each synonym: DuckDB binds the list in ~4 ms, the CASE in
  // ~20 ms, and that is paid per category column of every sheet, whatever its size
  const lookup = (key: string) => `(SELECT c FROM (VALUES ${pairs.join(", ")}) m(n, c) WHERE m.n = ${key})`;
  // lower() catches most values; the normalisation (accents, punctuation: a regex) only runs on the rest
  return `CASE WHEN ${raw} IS NULL THEN ${fallback} ELSE coalesce(${lookup(`lower(${raw})`)}, ${lookup(`pa_norm(${raw})`)}, ${otherwise}) END`;
}

/** SQL parsing one cleaned text column `t` (already through pa_clean) into the field's type. `n`: a column
 *  holding pa_norm(t), for the month and date parsers (see NORM_TYPES). */
export function parseSql(meta: FieldMeta, t: string, yearSql: string, n?: string): string {
  switch (meta.type) {
    case "text":
      return meta.normalise ? `(${meta.normalise.replaceAll("{t}", t)})` : t;
    case "count":
      return `pa_count_t(${t})`;
    case "number":
      return `pa_num_t(${t})`;
    case "month":
      return n ? `pa_month_tn(${t}, ${n}, ${yearSql})` : `pa_month_text(${t}, ${yearSql})`;
    case "date":
      return n ? `pa_date_tn(${t}, ${n})` : `pa_date_text(${t})`;
    case "year":
      return `TRY_CAST(pa_num_t(${t}) AS INTEGER)`;
    case "pcode":
      return `pa_pcode_t(${t})`;
    case "severity":
      return `pa_severity_t(${t})`;
    case "category":
      return categoryCase(t, meta);
    case "boolean":
      return `CASE WHEN pa_norm(${t}) IN ('yes','y','oui','o','true','1','x') THEN TRUE WHEN pa_norm(${t}) IN ('no','n','non','false','0') THEN FALSE END`;
  }
}

export interface VTableSpec {
  stage: string;
  target: string;
  fields: [string, FieldMeta][];
  /** field → staged column index (static mapping + dynamic fields) */
  columnOf: Map<string, number>;
  yearSql: string;
  extraSql: string;
  /** staged columns c0..c{width-1} */
  width: number;
  /**
   * lower-case starts (3 letters) of a totals label ("tot", "sub"…): v gets a boolean `_total_like`, TRUE
   * where any mapped cell starts so, decided per distinct value instead of per cell
   */
  totalPrefixes?: string[];
  /** text-valued fields to keep as dictionary ids only (see KindDefinition.insertOnly) */
  insertOnly?: readonly string[];
  /**
   * the staged columns' distinct values already grouped (loaders/stage.ts distinctValues), for the columns whose
   * cells `stage` holds unchanged (not scrubbed): their dictionaries start from it instead of grouping again
   */
  distinct?: { table: string; columns: ReadonlySet<number> };
}

/** A field kept in the typed table as its dictionary id only: where its value is. */
export interface LazyField {
  /** dictionary table, its id column and the field's value column */
  dict: string;
  id: string;
  value: string;
  /** the value of a blank cell (r_<field> NULL): the field's fallback, or NULL */
  blank: string;
}

export interface TypedTable {
  /** staged columns in which some cell held control characters or escape codes (removed): column → distinct values */
  stripped: Map<number, number>;
  raw: RawText;
  /** the insertOnly fields this sheet has a column for */
  lazy: Map<string, LazyField>;
  /** columns of fields the sheet has no column for (value and r_ id) → their type: left out of the table (withAbsentColumns) */
  absent: Map<string, string>;
}

const STRING_TYPES = new Set<FieldMeta["type"]>(["text", "category", "pcode"]);

/** The characters pa_text treats as white space (see WS in macros.ts). */
const BLANKS = literal(" \t\n\r\v\f\u00a0\u2007\u202f\u2009");

/**
 * The text a field's cell held (cleaned), as SQL over a row of the typed table. The table keeps, as `r_<field>`, the
 * id of the cell's entry in its column's dictionary (NULL when the cell was blank), not the text itself: checks
 * test `r_<field> IS NULL` on every row, but need the text only for the rows they report. Storing the ids instead
 * of the text makes the typed table of a million-row 5W ~0.5 s faster to build (bench/README).
 */
export type RawText = (field: string) => string;

/**
 * CREATE TEMP TABLE target AS typed values + raw text (dictionary ids) of every field; blank rows are left out.
 *
 * Each mapped column is cleaned and parsed once per DISTINCT value, in a small dictionary table, and
 * joined back to the rows. A 5W column holds a few dozen to a few thousand distinct values in a million
 * rows (months, partners, p-codes, activities, counts), so this is 4–5× faster than parsing every cell
 * (bench: 1M rows, 18 columns: cleaning alone 6.6 s per cell vs 1.2 s dictionaries + 1.7 s joins).
 */
/**
 * Types whose parsers read pa_norm(t) many times: their dictionary computes it once, as a column. Macros expand
 * textually, so each use was another regular expression to compile: pa_month_text bound in 55–75 ms, with the
 * column 27–35 ms (once per file and month column, whatever its size).
 */
const NORM_TYPES = new Set(["month", "date"]);

export async function buildTypedTable(conn: DuckDBConnection, spec: VTableSpec): Promise<TypedTable> {
  const used = [...new Set(spec.columnOf.values())].sort((a, b) => a - b);
  const fieldsOfColumn = new Map<number, [string, FieldMeta][]>();
  for (const [name, meta] of spec.fields) {
    const col = spec.columnOf.get(name);
    if (col !== undefined) fieldsOfColumn.set(col, [...(fieldsOfColumn.get(col) ?? []), [name, meta]]);
  }
  // a fallback year read from another column of the row cannot live in a per-column dictionary: the
  // dictionary parses months without it, and the row falls back to the year only where that failed
  // (only a bare month name needs the year, and it parses to nothing without one)
  const rowYear = /\bc\d+\b/.test(spec.yearSql);
  const dicts: string[] = [];
  const keys = (i: number) => (spec.distinct?.columns.has(i) ? `(SELECT v AS k${i} FROM ${spec.distinct.table} WHERE col = ${i})` : `(SELECT DISTINCT c${i} AS k${i} FROM ${spec.stage})`);
  for (const i of used) {
    const norm = (fieldsOfColumn.get(i) ?? []).some(([, meta]) => NORM_TYPES.has(meta.type));
    const parsed = (fieldsOfColumn.get(i) ?? []).map(([name, meta]) => {
      let sql = parseSql(meta, `t${i}`, meta.type === "month" && rowYear ? "NULL" : spec.yearSql, norm ? `n${i}` : undefined);
      // 1e20, Infinity, NaN parse as DOUBLE but fit no BIGINT column: unreadable, so the type check explains
      // them (left in, they abort the whole file at INSERT with "Conversion Error ... out of range for INT64")
      if (meta.type === "count" || meta.type === "number" || meta.type === "severity") sql = `CASE WHEN abs(${sql}) < 1e15 THEN ${sql} END`;
      return `${sql} AS ${ident(`p_${name}`)}`;
    });
    if (spec.totalPrefixes?.length) parsed.push(`coalesce(lower(left(t${i}, 3)) IN (${spec.totalPrefixes.map(literal).join(", ")}), FALSE) AS tl${i}`);
    parsed.push(`coalesce(length(trim(k${i}, ${BLANKS})) > 0, FALSE) AS nb${i}`);
    dicts.push(`CREATE OR REPLACE TEMP TABLE ${spec.target}_d${i} AS
      SELECT k${i}, t${i}, ctl${i}, CASE WHEN t${i} IS NOT NULL THEN CAST(row_number() OVER () AS INTEGER) END AS id${i}${parsed.length ? `, ${parsed.join(", ")}` : ""}
      FROM (SELECT *${norm ? `, pa_norm(t${i}) AS n${i}` : ""} FROM (SELECT k${i}, ctl${i}, pa_clean_t(tt${i}) AS t${i} FROM (SELECT k${i}, ctl${i}, pa_text(CASE WHEN ctl${i} THEN regexp_replace(k${i}, ${CONTROL}, '', 'g') ELSE k${i} END) AS tt${i}
        FROM (SELECT k${i}, coalesce(regexp_matches(k${i}, ${CONTROL}), FALSE) AS ctl${i} FROM ${keys(i)}))))`);
  }
  if (dicts.length) await conn.run(dicts.join(";\n"));

  const select: string[] = ["src._row"];
  const lazy = new Map<string, LazyField>();
  const absent = new Map<string, string>();
  for (const [name, meta] of spec.fields) {
    const col = spec.columnOf.get(name);
    if (col !== undefined && STRING_TYPES.has(meta.type) && spec.insertOnly?.includes(name)) {
      // its text is not copied into every row: the insert looks the value up by id (defaultInsert)
      lazy.set(name, { dict: `${spec.target}_d${col}`, id: `id${col}`, value: ident(`p_${name}`), blank: meta.fallback ? literal(meta.fallback) : "NULL" });
      select.push(`d${col}.id${col} AS ${ident(`r_${name}`)}`);
    } else if (col === undefined && meta.fallback) {
      // a constant the insert must store (an insert lists v's columns): kept
      select.push(`CAST(${literal(meta.fallback)} AS ${TYPE_SQL[meta.type]}) AS ${ident(name)}`, `CAST(NULL AS INTEGER) AS ${ident(`r_${name}`)}`);
    } else if (col === undefined) {
      // NULL in every row: added to v only if a statement names it (absent-columns.ts)
      absent.set(name, TYPE_SQL[meta.type]);
      absent.set(`r_${name}`, "INTEGER");
    } else {
      const p = `d${col}.${ident(`p_${name}`)}`;
      const value = meta.type === "month" && rowYear
        ? `coalesce(${p}, CASE WHEN d${col}.t${col} IS NOT NULL THEN ${parseSql(meta, `d${col}.t${col}`, spec.yearSql)} END)`
        : p;
      select.push(`${value} AS ${ident(name)}`, `d${col}.id${col} AS ${ident(`r_${name}`)}`);
    }
  }
  if (spec.totalPrefixes?.length) select.push(`${used.length ? used.map((i) => `d${i}.tl${i}`).join(" OR ") : "FALSE"} AS _total_like`);
  // unqualified c<i> (in extra and the fallback year) can only be the staged row's: dictionaries name theirs k<i>, t<i>
  select.push(`${spec.extraSql} AS extra`);
  // a row with any value is a row (and must be accepted or explained); fully empty rows are spacing
  // trim() alone strips only spaces: a cell of tabs or non-breaking spaces is blank too (as pa_text says)
  // mapped cells are tested once per distinct value (nb<i> in their dictionary), the rest cell by cell
  const usedSet = new Set(used);
  const notBlank = spec.width
    ? Array.from({ length: spec.width }, (_, i) => (usedSet.has(i) ? `d${i}.nb${i}` : `length(trim(src.c${i}, ${BLANKS})) > 0`)).join(" OR ")
    : "TRUE";
  const joins = used.map((i) => `LEFT JOIN ${spec.target}_d${i} d${i} ON src.c${i} IS NOT DISTINCT FROM d${i}.k${i}`).join("\n    ");
  // the joins as written: each dictionary is the small side of a lookup from the staged rows, which is the plan, and
  // ordering up to 19 relations cost the optimizer ~50 ms per sheet, whatever its size (49 rows: 113–131 → 64–87 ms)
  await withSetting(conn, "disabled_optimizers", "join_order", () =>
    conn.run(`CREATE OR REPLACE TEMP TABLE ${spec.target} AS
      SELECT ${select.join(", ")}
      FROM ${spec.stage} src
      ${joins}
      WHERE ${notBlank}`)
  );
  // the dictionaries stay until dropTypedTable: they hold the text behind r_<field>, and insertOnly values
  const raw: RawText = (field) => {
    const col = spec.columnOf.get(field);
    return col === undefined ? "CAST(NULL AS VARCHAR)" : `(SELECT t${col} FROM ${spec.target}_d${col} WHERE id${col} = ${ident(`r_${field}`)})`;
  };
  const stripped = new Map<number, number>();
  if (used.length) {
    const counts = (await conn.runAndReadAll(`SELECT ${used.map((i) => `(SELECT count(*) FROM ${spec.target}_d${i} WHERE ctl${i})`).join(", ")}`)).getRows()[0]!;
    used.forEach((col, k) => {
      if (Number(counts[k]) > 0) stripped.set(col, Number(counts[k]));
    });
  }
  return { raw, lazy, stripped, absent };
}

/** Drops the typed table and its dictionaries. */
export async function dropTypedTable(conn: DuckDBConnection, target: string): Promise<void> {
  const dicts = (await conn.runAndReadAll(`SELECT table_name FROM duckdb_tables() WHERE temporary AND regexp_matches(table_name, $p)`, { p: `^${target}_d[0-9]+$` })).getRows().map((r) => String(r[0]));
  await conn.run([target, ...dicts].map((t) => `DROP TABLE IF EXISTS ${ident(t)}`).join("; "));
}

/** A number as people read it: 4, not 4.0. */
const numText = (f: string) => `CASE WHEN ${f} = floor(${f}) AND abs(${f}) < 1e15 THEN CAST(CAST(${f} AS BIGINT) AS VARCHAR) ELSE CAST(${f} AS VARCHAR) END`;

export function typeChecks(fields: [string, FieldMeta][], mapped: Set<string>, labels: Map<string, string>, { raw, lazy }: TypedTable): RowCheck[] {
  const checks: RowCheck[] = [];
  for (const [name, meta] of fields) {
    const f = ident(name);
    const r = ident(`r_${name}`);
    // an insertOnly field has no value column: blank, or an entry of its dictionary whose value is NULL
    const l = lazy.get(name);
    const missing = l ? `${r} IS NULL AND ${l.blank} IS NULL` : `${f} IS NULL AND ${r} IS NULL`;
    const unreadable = l ? `${r} IN (SELECT ${l.id} FROM ${l.dict} WHERE ${l.value} IS NULL AND ${l.id} IS NOT NULL)` : `${f} IS NULL AND ${r} IS NOT NULL`;
    const label = labels.get(name) ?? name;
    if (meta.required) {
      checks.push({
        rule: "required",
        severity: "error",
        field: name,
        when: missing,
        reason: literal(mapped.has(name) ? `missing ${label}` : `no column for ${label} in this sheet`)
      });
    }
    if (!mapped.has(name)) continue;
    if (meta.type !== "text" && !(meta.type === "category" && meta.open)) {
      const allowed =
        meta.type === "category"
          ? `; expected one of ${Object.keys(meta.values ?? {}).join(", ")}`
          : `; expected ${EXPECTED[meta.type]}`;
      checks.push({
        rule: `type:${meta.type}`,
        severity: "error",
        field: name,
        when: unreadable,
        reason: `'${label}: cannot read ''' || left(${raw(name)}, 60) || '''' || ${literal(allowed)}`
      });
    }
    if (meta.type === "count") {
      checks.push({ rule: "whole-number", severity: "error", field: name, when: `${f} IS NOT NULL AND ${f} <> floor(${f})`, reason: `'${label}: ' || ${f} || ' is not a whole number'` });
    }
    if (meta.min !== undefined && ["count", "number", "year", "severity"].includes(meta.type)) {
      const what = meta.type === "count" ? "negative count" : `below ${meta.min}`;
      checks.push({ rule: "min", severity: "error", field: name, when: `${f} < ${meta.min}`, reason: `'${label}: ' || ${numText(f)} || ' is ${what}'` });
    }
    if (meta.max !== undefined && ["count", "number", "year", "severity"].includes(meta.type)) {
      checks.push({ rule: "max", severity: "error", field: name, when: `${f} > ${meta.max}`, reason: `'${label}: ' || ${numText(f)} || ' is above ${meta.max}'` });
    }
    if (meta.type === "severity") {
      checks.push({ rule: "severity-integer", severity: "error", field: name, when: `${f} BETWEEN 1 AND 5 AND ${f} <> floor(${f})`, reason: `'${label}: ' || ${f} || ' is not a whole phase 1–5'` });
    }
  }
  return checks;
}

/**
 * The start of an INSERT of the issues found in the sheet being checked; the caller's SELECT list goes on
 * with row number, column, raw value, severity, rule, reason and suggestion.
 */
export function insertSheetIssues(scope: IssueScope): string {
  return `INSERT INTO ${SHEET_ISSUES} SELECT ${literal(scope.runId)}, ${literal(scope.fileHash)}, ${literal(scope.fileName)}, ${literal(scope.sheet)},`;
}

/** Rows flagged by grouped warnings (see recordGrouped), for the sheet's flagged count. */
export const GROUPED_FLAGS = "grouped_flags";
/** A warning with keys fires on more rows than this: one issue per distinct value, its rows kept as ranges. */
export const GROUP_ABOVE = 50;

/**
 * A warning decided per distinct key combination (an activity not on the list) is stored once per combination:
 * one ingest_issues line (at its first row, the count and the first ranges in the reason), its count in
 * ingest_issue_groups and all its rows in ingest_issue_ranges. A million-row file where 70 % of rows carry the
 * same warning then writes a few hundred lines instead of 700,000 (and ingest_issue_detail still lists each row).
 * Returns false, having written nothing, when the warning fires on too few rows to be worth grouping.
 */
async function recordGrouped(conn: DuckDBConnection, table: string, c: RowCheck, scope: IssueScope, labels: Map<string, string>, raw?: RawText): Promise<boolean> {
  const keys = c.keys!.map(ident);
  const rawKey = c.field && raw ? ident(`r_${c.field}`) : null;
  const cols = [...new Set([...keys, ...(rawKey ? [rawKey] : [])])];
  await conn.run(`CREATE OR REPLACE TEMP TABLE check_keys AS SELECT DISTINCT ${cols.join(", ")} FROM ${table}`);
  await conn.run(`CREATE OR REPLACE TEMP TABLE check_hits AS
    SELECT row_number() OVER () AS _hit, ${cols.join(", ")}, left(${c.field && raw ? raw(c.field) : "NULL"}, 500) AS _raw, ${c.reason} AS _reason
    FROM check_keys WHERE ${c.when}`);
  await conn.run(`CREATE OR REPLACE TEMP TABLE check_rows AS
    SELECT h._hit, t._row FROM ${table} t JOIN check_hits h ON ${cols.map((k) => `t.${k} IS NOT DISTINCT FROM h.${k}`).join(" AND ")}`);
  const n = Number((await conn.runAndReadAll(`SELECT count(*) FROM check_rows`)).getRows()[0]![0]);
  if (n <= GROUP_ABOVE) {
    await conn.run(`DROP TABLE check_keys; DROP TABLE check_hits; DROP TABLE check_rows`);
    return false;
  }
  const column = c.field ? literal(labels.get(c.field) ?? c.field) : "NULL";
  // runs of consecutive rows: a row minus its rank within its group is constant along a run
  await conn.run(`CREATE OR REPLACE TEMP TABLE check_runs AS
    SELECT _hit, min(_row) AS row_from, max(_row) AS row_to
    FROM (SELECT _hit, _row, _row - row_number() OVER (PARTITION BY _hit ORDER BY _row) AS run FROM check_rows)
    GROUP BY _hit, run`);
  await conn.run(`CREATE OR REPLACE TEMP TABLE check_groups AS
    SELECT h._hit, h._raw, h._reason, count(*) AS n_runs, sum(r.row_to - r.row_from + 1) AS n_rows, min(r.row_from) AS first_row, max(r.row_to) AS last_row,
           string_agg(CASE WHEN r.row_from = r.row_to THEN CAST(r.row_from AS VARCHAR) ELSE r.row_from || '–' || r.row_to END, ', ' ORDER BY r.row_from) FILTER (WHERE r.k <= 5) AS shown
    FROM check_hits h JOIN (SELECT *, row_number() OVER (PARTITION BY _hit ORDER BY row_from) AS k FROM check_runs) r USING (_hit)
    GROUP BY h._hit, h._raw, h._reason`);
  await conn.run(`${insertSheetIssues(scope)} first_row, ${column}, _raw, ${literal(c.severity)}, ${literal(c.rule)},
      _reason || ' (' || format('{:,}', n_rows) || ' rows: ' || shown || CASE WHEN n_runs > 5 THEN ', …' ELSE '' END || ')', NULL
    FROM check_groups;
    INSERT INTO ${SHEET_ISSUE_GROUPS} SELECT ${literal(scope.runId)}, ${literal(scope.fileHash)}, ${literal(scope.fileName)}, ${literal(scope.sheet)}, ${column}, _raw,
      ${literal(c.severity)}, ${literal(c.rule)}, _reason, n_rows, first_row, last_row FROM check_groups;
    INSERT INTO ${SHEET_ISSUE_RANGES} SELECT ${literal(scope.fileHash)}, ${literal(scope.sheet)}, ${literal(c.rule)}, ${column}, h._raw, r.row_from, r.row_to
      FROM check_runs r JOIN check_hits h USING (_hit);
    INSERT INTO ${GROUPED_FLAGS} SELECT _row FROM check_rows;
    DROP TABLE check_keys; DROP TABLE check_hits; DROP TABLE check_rows; DROP TABLE check_runs; DROP TABLE check_groups`);
  return true;
}

/** Where grouped warnings wait, like SHEET_ISSUES, until the sheet is written. */
export const SHEET_ISSUE_GROUPS = "sheet_issue_groups";
export const SHEET_ISSUE_RANGES = "sheet_issue_ranges";

/** Records the issues that checks find in `table`; `raw` gives a field's text (the raw value kept with an issue). */
export async function recordChecks(conn: DuckDBConnection, table: string, checks: RowCheck[], scope: IssueScope, labels: Map<string, string>, raw?: RawText): Promise<void> {
  for (const c of checks) {
    if (c.severity === "warning" && c.keys?.length) {
      // a kind's reason that reads more than its keys cannot be decided per combination: per row, as before
      const grouped = await recordGrouped(conn, table, c, scope, labels, raw).catch(async () => {
        await conn.run(`DROP TABLE IF EXISTS check_keys; DROP TABLE IF EXISTS check_hits; DROP TABLE IF EXISTS check_rows; DROP TABLE IF EXISTS check_runs; DROP TABLE IF EXISTS check_groups`);
        return false;
      });
      if (grouped) continue;
    }
    const rawValue = c.field && raw ? raw(c.field) : "NULL";
    const column = c.field ? literal(labels.get(c.field) ?? c.field) : "NULL";
    // a predicate over a few columns is decided once per distinct combination of them, then joined back
    // (materialised first: DuckDB would push the predicate below the DISTINCT, back onto every row)
    const keys = c.keys?.map(ident);
    if (keys?.length) await conn.run(`CREATE OR REPLACE TEMP TABLE check_keys AS SELECT DISTINCT ${keys.join(", ")} FROM ${table}`);
    const where = keys?.length
      ? `SEMI JOIN (SELECT ${keys.join(", ")} FROM check_keys WHERE ${c.when}) k ON ${keys.map((k) => `${table}.${k} IS NOT DISTINCT FROM k.${k}`).join(" AND ")}`
      : `WHERE ${c.when}`;
    await conn.run(`${insertSheetIssues(scope)} _row,
             ${column}, left(${rawValue}, 500), ${literal(c.severity)}, ${literal(c.rule)}, ${c.reason}, NULL
      FROM ${table} ${where}`);
    if (keys?.length) await conn.run(`DROP TABLE check_keys`);
  }
}

export function extraSql(unmapped: ColumnInfo[]): string {
  if (unmapped.length === 0) return "CAST(NULL AS JSON)";
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const c of unmapped.slice(0, 200)) {
    let key = c.header || c.hxl?.text || `column ${c.index + 1}`;
    while (seen.has(key)) key += "'";
    seen.add(key);
    parts.push(`${literal(key)}, c${c.index}`);
  }
  return `json_object(${parts.join(", ")})`;
}

export function columnLabels(columns: ColumnInfo[], mapping: Mapping): Map<string, string> {
  const labels = new Map<string, string>();
  for (const [field, index] of mapping.fields) {
    const c = columns[index];
    labels.set(field, c?.header || c?.hxl?.text || field);
  }
  return labels;
}
