// Public builds: every data loader of a planned dataset reads all of them and runs the one publication
// plan (publication-plan.ts), then keeps its own rows. Each loader computes the same plan: the inputs
// are sorted before planning, so the choice of complements does not depend on the order rows come in.
import type { ReadOnlyWarehouse, Row } from "../../warehouse/db.ts";
import { datasetSpec, type DatasetSpec } from "./datasets.ts";
import { PLANNED_DATASETS, planPublication, type PlanContext, type PlanInput, type PlannedDataset } from "./publication-plan.ts";

type Normalise = (spec: DatasetSpec, columns: string[], rows: Row[]) => { rows: Row[]; note: string | null };

// The gaps list on the public basis (no sensitive AoR's need or presence) is computed by the pipeline
// model gaps_admin2_public from the config's sensitive AoRs; this only selects it, with the columns the
// gaps dataset publishes.
const PUBLIC_GAPS_SQL = `SELECT quarter, admin2_pcode, admin1_pcode, name, population, severity, pin, partners, reason FROM gaps_admin2_public`;

async function readNormalised(w: ReadOnlyWarehouse, name: PlannedDataset, normalise: Normalise, tables: Set<string>): Promise<Row[]> {
  const spec = datasetSpec(name);
  if (name === "gaps") {
    if (!tables.has("gaps_admin2_public")) return [];
    const { columns, rows } = await w.query(PUBLIC_GAPS_SQL);
    return normalise(spec, columns, rows).rows;
  }
  if (!tables.has(spec.table)) return [];
  const { columns, rows } = spec.sql ? await w.query(spec.sql) : (await w.readTable(spec.table))!;
  return normalise(spec, columns, rows).rows;
}

/** The public rows of one planned dataset, from the plan over all of them. */
export async function readPlanned(w: ReadOnlyWarehouse, name: PlannedDataset, normalise: Normalise, context: PlanContext): Promise<Row[]> {
  return planPublication(await readPlanInput(w, normalise), context).rows[name];
}

/** What the plan is made from: every planned dataset's rows and the current quarter and period. */
export async function readPlanInput(w: ReadOnlyWarehouse, normalise: Normalise): Promise<PlanInput> {
  const tables = await w.tables();
  const rows: Partial<Record<PlannedDataset, Row[]>> = {};
  for (const n of PLANNED_DATASETS) rows[n] = await readNormalised(w, n, normalise, tables);
  let currentQuarter: string | null = null;
  let currentPeriod: string | null = null;
  if (tables.has("current_period")) {
    const { rows: cp } = await w.query("SELECT quarter, period FROM current_period LIMIT 1");
    currentQuarter = cp[0]?.quarter == null ? null : String(cp[0].quarter);
    currentPeriod = cp[0]?.period == null ? null : String(cp[0].period);
  }
  return { rows, currentQuarter, currentPeriod };
}
