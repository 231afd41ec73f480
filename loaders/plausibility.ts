// Counts of people that cannot be true are rejected, with the comparison in the message, before any figure
// counts them: above the area's population (where a population table is loaded), far above what the file itself
// shows, or a phone number's digits typed into a count. (Rejection, not a review state: the row is listed in the
// ingest report and the partner corrects the file.)
import type { DuckDBConnection } from "@duckdb/node-api";
import type { RowCheck } from "./validate.ts";
import type { OperationConfig } from "../warehouse/operation-config.ts";
import { ident } from "../warehouse/sql.ts";

/** No single activity row reaches this many people; a count this long is a phone or ID number. */
export const PHONE_LIKE = 100_000_000;
/** Below this, a count is never called an outlier of the file (small files, small activities). */
export const OUTLIER_FLOOR = 10_000;
/** The file's own distribution needs this many values before it can call one an outlier. */
export const OUTLIER_MIN_VALUES = 20;

const fmt = (f: string) => `format('{:,}', CAST(${f} AS BIGINT))`;

/**
 * Temp tables the checks read: `pa_area_pop` (p-code → total population, latest year: the 'all' group where a
 * file gives it, else the sum of groups; sex total, else women + men) and `pa_count_stats` (per count field, the
 * file's 90th percentile and number of values).
 */
export async function preparePlausibility(conn: DuckDBConnection, fields: string[]): Promise<void> {
  await conn.run(`CREATE OR REPLACE TEMP TABLE pa_area_pop AS
    WITH totals AS (
      SELECT pcode, reference_year, population_group, sex, sum(population) AS p FROM population
      WHERE age_band = 'total' GROUP BY ALL
    ), by_group AS (
      SELECT pcode, reference_year, population_group,
             coalesce(max(p) FILTER (WHERE sex = 't'), sum(p) FILTER (WHERE sex IN ('f', 'm'))) AS p
      FROM totals GROUP BY ALL
    ), by_year AS (
      SELECT pcode, reference_year, coalesce(max(p) FILTER (WHERE population_group = 'all'), sum(p) FILTER (WHERE population_group <> 'all')) AS p
      FROM by_group GROUP BY ALL
    )
    SELECT pcode, arg_max(p, coalesce(reference_year, 0)) AS population FROM by_year WHERE p > 0 GROUP BY pcode`);
  const cols = fields.map((f) => `quantile_cont(${ident(f)}, 0.9) FILTER (WHERE ${ident(f)} > 0) AS ${ident(`p90_${f}`)}, count(${ident(f)}) FILTER (WHERE ${ident(f)} > 0) AS ${ident(`n_${f}`)}`);
  // pop_floor: the smallest area's population. A count at or below it is above no area's population, so the
  // per-row lookup (a join of every row with the population table) is skipped for it; with no population
  // table loaded it is NULL and no row is looked up.
  await conn.run(`CREATE OR REPLACE TEMP TABLE pa_count_stats AS SELECT ${[...cols, "(SELECT min(population) FROM pa_area_pop) AS pop_floor"].join(", ")} FROM v`);
}

/** Checks over v for the given count fields (after p-codes are resolved: the area is the row's deepest p-code). */
export function plausibilityChecks(config: OperationConfig, fields: { name: string; label: string }[], areaSql: string): RowCheck[] {
  const k = config.thresholds.outlierMultiple;
  const out: RowCheck[] = [];
  for (const { name, label } of fields) {
    const f = ident(name);
    out.push({
      rule: "implausible-phone",
      severity: "error",
      field: name,
      when: `${f} >= ${PHONE_LIKE}`,
      reason: `'${label}: ' || ${fmt(f)} || ' has the digits of a phone or ID number, not a count: no activity row reaches ${PHONE_LIKE.toLocaleString("en-US")} people'`
    });
    const pop = `(SELECT population FROM pa_area_pop WHERE pcode = ${areaSql})`;
    out.push({
      rule: "implausible-population",
      severity: "error",
      field: name,
      // no keys: a correlated lookup per row is one hash join with the (small) population table
      when: `${f} < ${PHONE_LIKE} AND ${f} > (SELECT pop_floor FROM pa_count_stats) AND ${f} > ${pop}`,
      reason: `'${label}: ' || ${fmt(f)} || ' is more than the whole population of ' || ${areaSql} || ' (' || ${fmt(pop)} || ')'`
    });
    const p90 = `(SELECT ${ident(`p90_${name}`)} FROM pa_count_stats)`;
    const n = `(SELECT ${ident(`n_${name}`)} FROM pa_count_stats)`;
    out.push({
      rule: "implausible-outlier",
      severity: "error",
      field: name,
      // one reason per row: a count above its area's population is told that, not also this
      when: `${f} < ${PHONE_LIKE} AND ${f} > ${OUTLIER_FLOOR} AND ${n} >= ${OUTLIER_MIN_VALUES} AND ${f} > ${k} * ${p90} AND NOT coalesce(${f} > ${pop}, FALSE)`,
      reason: `'${label}: ' || ${fmt(f)} || ' is more than ${k}× this file''s usual largest values (90th percentile ' || ${fmt(p90)} || ', thresholds.outlierMultiple)'`
    });
  }
  return out;
}
