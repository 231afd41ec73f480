// Turns a staged sheet (text columns c0..cN) into the typed temp table `v` and records every problem
// as an ingest issue — all as SQL generated from the kind's field metadata.
import type { DuckDBConnection } from "@duckdb/node-api";
import type { FieldMeta } from "./fields.ts";
import type { ColumnInfo, Mapping } from "./headers.ts";
import { normalise } from "./normalise.ts";
import { ident, literal } from "./sql.ts";
import type { RowCheck } from "./kinds/kind.ts";

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
  const whens: string[] = [];
  const seen = new Set<string>();
  for (const [canonical, synonyms] of Object.entries(meta.values ?? {})) {
    for (const s of [canonical, ...synonyms]) {
      const n = normalise(s);
      if (!n || seen.has(n)) continue;
      seen.add(n);
      whens.push(`WHEN ${literal(n)} THEN ${literal(canonical)}`);
    }
  }
  const otherwise = meta.open ? raw : "NULL";
  const fallback = meta.fallback ? literal(meta.fallback) : "NULL";
  // lower() catches most values; the normalisation (accents, punctuation: a regex) only runs on the rest
  return `CASE WHEN ${raw} IS NULL THEN ${fallback} ELSE coalesce(CASE lower(${raw}) ${whens.join(" ")} END, CASE pa_norm(${raw}) ${whens.join(" ")} END, ${otherwise}) END`;
}

/** SQL parsing one cleaned text column `t` (already through pa_clean) into the field's type. */
export function parseSql(meta: FieldMeta, t: string, yearSql: string): string {
  switch (meta.type) {
    case "text":
      return t;
    case "count":
      return `pa_count_t(${t})`;
    case "number":
      return `pa_num_t(${t})`;
    case "month":
      return `pa_month_text(${t}, ${yearSql})`;
    case "date":
      return `pa_date_text(${t})`;
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
}

/** The characters pa_text treats as white space (see WS in macros.ts). */
const BLANKS = literal(" \t\n\r\v\f\u00a0\u2007\u202f\u2009");

/** CREATE TEMP TABLE target AS typed values + raw text of every field; blank rows are left out. */
export async function buildTypedTable(conn: DuckDBConnection, spec: VTableSpec): Promise<void> {
  const select: string[] = ["_row"];
  for (const [name, meta] of spec.fields) {
    const col = spec.columnOf.get(name);
    if (col === undefined) {
      select.push(`CAST(${meta.fallback ? literal(meta.fallback) : "NULL"} AS ${TYPE_SQL[meta.type]}) AS ${ident(name)}`, `CAST(NULL AS VARCHAR) AS ${ident(`r_${name}`)}`);
    } else {
      select.push(`${parseSql(meta, `t${col}`, spec.yearSql.replace(/\bc(\d+)\b/g, "t$1"))} AS ${ident(name)}`, `t${col} AS ${ident(`r_${name}`)}`);
    }
  }
  select.push(`${spec.extraSql} AS extra`);
  // a row with any value is a row (and must be accepted or explained); fully empty rows are spacing
  // trim() alone strips only spaces: a cell of tabs or non-breaking spaces is blank too (as pa_text says)
  const notBlank = spec.width ? Array.from({ length: spec.width }, (_, i) => `length(trim(c${i}, ${BLANKS})) > 0`).join(" OR ") : "TRUE";
  // clean each mapped column once, then parse the clean column (see the note in macros.ts); the raw
  // text kept for the report (r_<field>) is that clean text
  const used = [...new Set(spec.columnOf.values())];
  const texts = used.map((i) => `pa_text(c${i}) AS tt${i}`).join(", ");
  const cleaned = used.map((i) => `pa_clean_t(tt${i}) AS t${i}`).join(", ");
  await conn.run(`CREATE OR REPLACE TEMP TABLE ${spec.target} AS
    WITH s0 AS (SELECT *${texts ? `, ${texts}` : ""} FROM ${spec.stage} WHERE ${notBlank}),
         s AS (SELECT *${cleaned ? `, ${cleaned}` : ""} FROM s0)
    SELECT ${select.join(", ")} FROM s`);
  // 1e20, Infinity, NaN parse as DOUBLE but fit no BIGINT column: unreadable, so the type check explains them
  // (left in, they abort the whole file at INSERT with "Conversion Error ... out of range for INT64")
  const numeric = spec.fields.filter(([n, m]) => spec.columnOf.has(n) && (m.type === "count" || m.type === "number" || m.type === "severity")).map(([n]) => ident(n));
  if (numeric.length) await conn.run(`UPDATE ${spec.target} SET ${numeric.map((f) => `${f} = CASE WHEN abs(${f}) < 1e15 THEN ${f} END`).join(", ")}`);
}

/** A number as people read it: 4, not 4.0. */
const numText = (f: string) => `CASE WHEN ${f} = floor(${f}) AND abs(${f}) < 1e15 THEN CAST(CAST(${f} AS BIGINT) AS VARCHAR) ELSE CAST(${f} AS VARCHAR) END`;

export function typeChecks(fields: [string, FieldMeta][], mapped: Set<string>, labels: Map<string, string>): RowCheck[] {
  const checks: RowCheck[] = [];
  for (const [name, meta] of fields) {
    const f = ident(name);
    const r = ident(`r_${name}`);
    const label = labels.get(name) ?? name;
    if (meta.required) {
      checks.push({
        rule: "required",
        severity: "error",
        field: name,
        when: `${f} IS NULL AND ${r} IS NULL`,
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
        when: `${f} IS NULL AND ${r} IS NOT NULL`,
        reason: `'${label}: cannot read ''' || left(${r}, 60) || '''' || ${literal(allowed)}`
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

export async function recordChecks(conn: DuckDBConnection, table: string, checks: RowCheck[], scope: IssueScope, labels: Map<string, string>): Promise<void> {
  for (const c of checks) {
    const raw = c.field ? `CAST(${ident(`r_${c.field}`)} AS VARCHAR)` : "NULL";
    const column = c.field ? literal(labels.get(c.field) ?? c.field) : "NULL";
    await conn.run(`INSERT INTO ingest_issues
      SELECT ${literal(scope.runId)}, ${literal(scope.fileHash)}, ${literal(scope.fileName)}, ${literal(scope.sheet)}, _row,
             ${column}, left(${raw}, 500), ${literal(c.severity)}, ${literal(c.rule)}, ${c.reason}, NULL
      FROM ${table} WHERE ${c.when}`);
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
