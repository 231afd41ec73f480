// Public builds: every data loader of a planned dataset reads all of them and runs the one publication
// plan (publication-plan.ts), then keeps its own rows. Each loader computes the same plan: the inputs
// are sorted before planning, so the choice of complements does not depend on the order rows come in.
import type { ReadOnlyWarehouse, Row } from "../../warehouse/db.ts";
import { literal } from "../../warehouse/sql.ts";
import { datasetSpec, type DatasetSpec } from "./datasets.ts";
import { PLANNED_DATASETS, planPublication, type PlanContext, type PlanInput, type PlannedDataset } from "./publication-plan.ts";

type Normalise = (spec: DatasetSpec, columns: string[], rows: Row[]) => { rows: Row[]; note: string | null };

/**
 * The gaps list on the public basis: admin2 in need by the non-sensitive AoRs (severity ≥ 3 or PiN > 0,
 * the overall figure taken over non-sensitive AoRs) where no partner of a non-sensitive AoR is present
 * in the current quarter. An area where only a GBV partner works is then a gap like any other, so the
 * list says nothing about where GBV partners are. Same columns and rule as pipelines/models/gaps_admin2.sql.
 */
export function publicGapsSql(sensitiveAors: string[]): string {
  const sensitive = sensitiveAors.length ? sensitiveAors.map((a) => literal(a.trim().toUpperCase())).join(", ") : "NULL";
  return `
WITH areas AS (
  SELECT pcode, any_value(name) AS name, any_value(admin1_pcode) AS admin1_pcode FROM admin_areas WHERE level = 2 GROUP BY pcode
),
area_population AS (
  SELECT pcode,
         coalesce(any_value(population) FILTER (WHERE population_group = 'all'),
                  sum(population) FILTER (WHERE population_group <> 'all')) AS population
  FROM population_structure
  GROUP BY pcode
),
cells AS (
  SELECT admin2_pcode, population_group,
         max(severity) FILTER (WHERE aor <> 'ALL' AND upper(aor) NOT IN (${sensitive})) AS severity,
         max(pin) FILTER (WHERE aor <> 'ALL' AND upper(aor) NOT IN (${sensitive})) AS open_pin,
         max(pin) FILTER (WHERE aor <> 'ALL') AS aor_pin,
         max(pin) FILTER (WHERE aor = 'ALL') AS all_pin
  FROM pin_admin2
  WHERE period = (SELECT period FROM current_period)
  GROUP BY ALL
),
need AS (
  -- a pipeline overall figure above every AoR (a published overall PiN) is not about a sensitive AoR
  SELECT admin2_pcode, max(severity) AS severity,
         sum(CASE WHEN all_pin > coalesce(aor_pin, -1) THEN greatest(all_pin, coalesce(open_pin, 0)) ELSE open_pin END)::BIGINT AS pin
  FROM cells
  GROUP BY admin2_pcode
  HAVING count(open_pin) > 0 OR bool_or(all_pin > coalesce(aor_pin, -1))
),
present AS (
  SELECT DISTINCT admin2_pcode FROM presence_admin2
  WHERE quarter = (SELECT quarter FROM current_period) AND upper(aor) NOT IN (${sensitive}) AND admin2_pcode IS NOT NULL
),
scope AS (SELECT EXISTS (SELECT 1 FROM need) AS has_severity)
SELECT (SELECT quarter FROM current_period) AS quarter,
       a.pcode AS admin2_pcode,
       a.admin1_pcode,
       a.name,
       round(p.population)::BIGINT AS population,
       n.severity,
       n.pin,
       0 AS partners,
       CASE
         WHEN m.has_severity AND n.severity >= 3 THEN 'severity ' || n.severity || ' and no partner of a non-sensitive AoR present in ' || (SELECT quarter FROM current_period)
         WHEN m.has_severity THEN 'PiN ' || n.pin || ' and no partner of a non-sensitive AoR present in ' || (SELECT quarter FROM current_period)
         ELSE 'population ' || round(p.population)::BIGINT || ' (no severity data) and no partner of a non-sensitive AoR present in ' || (SELECT quarter FROM current_period)
       END AS reason
FROM areas a
CROSS JOIN scope m
LEFT JOIN area_population p ON p.pcode = a.pcode
LEFT JOIN need n ON n.admin2_pcode = a.pcode
WHERE a.pcode NOT IN (SELECT admin2_pcode FROM present)
  AND CASE WHEN m.has_severity THEN n.severity >= 3 OR n.pin > 0 ELSE p.population > 0 END
ORDER BY n.severity DESC NULLS LAST, n.pin DESC NULLS LAST, p.population DESC NULLS LAST, a.pcode`;
}

const GAPS_NEEDS = ["admin_areas", "population_structure", "pin_admin2", "current_period", "presence_admin2"];

async function readNormalised(w: ReadOnlyWarehouse, name: PlannedDataset, normalise: Normalise, context: PlanContext, tables: Set<string>): Promise<Row[]> {
  const spec = datasetSpec(name);
  if (name === "gaps") {
    if (!GAPS_NEEDS.every((t) => tables.has(t))) return [];
    const { columns, rows } = await w.query(publicGapsSql(context.sensitiveAors));
    return normalise(spec, columns, rows).rows;
  }
  if (!tables.has(spec.table)) return [];
  const { columns, rows } = spec.sql ? await w.query(spec.sql) : (await w.readTable(spec.table))!;
  return normalise(spec, columns, rows).rows;
}

/** The public rows of one planned dataset, from the plan over all of them. */
export async function readPlanned(w: ReadOnlyWarehouse, name: PlannedDataset, normalise: Normalise, context: PlanContext): Promise<Row[]> {
  return planPublication(await readPlanInput(w, normalise, context), context).rows[name];
}

/** What the plan is made from: every planned dataset's rows and the current quarter and period. */
export async function readPlanInput(w: ReadOnlyWarehouse, normalise: Normalise, context: PlanContext): Promise<PlanInput> {
  const tables = await w.tables();
  const rows: Partial<Record<PlannedDataset, Row[]>> = {};
  for (const n of PLANNED_DATASETS) rows[n] = await readNormalised(w, n, normalise, context, tables);
  let currentQuarter: string | null = null;
  let currentPeriod: string | null = null;
  if (tables.has("current_period")) {
    const { rows: cp } = await w.query("SELECT quarter, period FROM current_period LIMIT 1");
    currentQuarter = cp[0]?.quarter == null ? null : String(cp[0].quarter);
    currentPeriod = cp[0]?.period == null ? null : String(cp[0].period);
  }
  return { rows, currentQuarter, currentPeriod };
}
