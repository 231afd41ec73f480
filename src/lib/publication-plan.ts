// The publication plan: every count the public build publishes in the linked datasets (reach, coverage,
// gaps, PiN, severity), as ONE table of cells with every relation a reader can use between them, and
// suppression decided over that whole table (README, "Data protection", says it in words).
//
// Public figures are defined so that they carry nothing about sensitive AoRs below admin1:
//   - the admin2 rows of a sensitive AoR (GBV) are replaced by their admin1 sums;
//   - the overall 'ALL' figure of an admin2 (reach, PiN, severity) is the maximum over the NON-sensitive
//     AoRs (the pipeline's ALL also takes GBV, and shows or hides exactly where GBV alone works);
//   - the country 'ALL' rows are the sums of those admin2 figures, coverage and gaps use them too, and
//     the gaps list is computed from non-sensitive partners' presence (publication-gaps.ts).
// Relations modelled (each a cell of one dataset = sum or max of cells of another):
//   country = Σ admin2 (Σ admin1 for sensitive AoRs) per quarter/period × group × AoR, for every count;
//   country 'all' group = Σ groups; coverage.reached = Σ groups of the admin2 ALL reach; coverage.pin and
//   gaps.pin = Σ groups of the admin2 ALL PiN (one cell, published twice); pin = girls + boys + women +
//   men on every row that has the parts; admin2 ALL = max over its AoRs; an AoR's admin2 figure = max over
//   its organisations' figures (reach-org). Admin1 sums of non-sensitive AoRs are not published (pages
//   add up what is shown) and months are not published at all, so they are not relations.
// Suppression (suppress.ts): counts 1..threshold-1 are "<5"; then, until nothing changes, every
// equation with one withheld cell, or only "<5" ones, gets one more ("–", the smallest shown one), and
// every maximum that would give a withheld member back is withheld. test/attacker-linked-tables.test.ts
// attacks the built site with an integer program to check that this holds.
import type { Row, Value } from "../../warehouse/db.ts";
import { datasetSpec, type DatasetSpec } from "./datasets.ts";
import { suppressCells, type Cell, type MaxGroup, type SumGroup } from "./suppress.ts";
import { admin1Totals, isAllGroup, publicPartners, publicText, sensitivity, type PublicRulesContext, type Sensitivity } from "./suppress-rules.ts";

/** The datasets planned together (every other dataset gets the per-dataset rules of suppress-rules.ts). */
export const PLANNED_DATASETS = ["reach-admin2", "reach-org", "reach-country", "coverage", "gaps", "pin", "pin-country", "severity"] as const;
export type PlannedDataset = (typeof PLANNED_DATASETS)[number];

export function isPlanned(name: string): name is PlannedDataset {
  return (PLANNED_DATASETS as readonly string[]).includes(name);
}

export type PlanContext = Omit<PublicRulesContext, "spec">;

export interface PlanInput {
  /** Normalised rows (declared columns) of each planned dataset; gaps already on the public basis. */
  rows: Partial<Record<PlannedDataset, Row[]>>;
  /** The pipeline's current quarter and severity period (table current_period): coverage's basis. */
  currentQuarter?: string | null;
  currentPeriod?: string | null;
}

export interface CellModel {
  cells: Cell[];
  keys: string[];
  sums: SumGroup[];
  maxes: MaxGroup[];
  complements: number;
}

export const OVERALL = "ALL";
export const PUBLIC_OVERALL_METHOD = "max over the non-sensitive AoRs (sensitive AoRs are published at admin1 only)";
const COUNTRY_OVERALL_METHOD = "sum of the admin2 figures (max over the non-sensitive AoRs)";

const numberOf = (v: Value | undefined): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
const str = (v: Value | undefined) => (v == null ? "" : String(v));
const canonical = (rows: Row[]) =>
  rows
    .map((r) => [JSON.stringify(r), r] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([, r]) => r);

function pushTo<K, V>(map: Map<K, V[]>, k: K, v: V) {
  const list = map.get(k);
  if (list) list.push(v);
  else map.set(k, [v]);
}

function maxOf(values: (number | null)[]): number | null {
  const present = values.filter((v): v is number => v !== null);
  return present.length ? Math.max(...present) : null;
}

function sumOf(values: (number | null)[]): number | null {
  const present = values.filter((v): v is number => v !== null);
  return present.length ? present.reduce((a, b) => a + b, 0) : null;
}

/**
 * The overall rows of an admin2 table recomputed over the non-sensitive AoR rows: per key, each of
 * `maxed` is the max over the rows, `copy` columns are taken from the row with the largest `by` value,
 * everything else null. A pipeline ALL figure above every AoR row (a published overall 'PRO' PiN) is kept.
 */
function overallRows(spec: DatasetSpec, publicRows: Row[], pipelineAll: Row[], allRows: Row[], maxed: string[], copy: string[], by: string, method: string): Row[] {
  const keys = [spec.periodColumn!, spec.adminColumn!, spec.groupColumn!];
  const k = (r: Row) => JSON.stringify(keys.map((c) => r[c] ?? null));
  const byKey = new Map<string, Row[]>();
  for (const r of publicRows) pushTo(byKey, k(r), r);
  const everyAor = new Map<string, Row[]>();
  for (const r of allRows) pushTo(everyAor, k(r), r);
  const out: Row[] = [];
  const seen = new Set<string>();
  for (const [key, members] of byKey) {
    seen.add(key);
    const first = members[0]!;
    const top = members.reduce((a, b) => ((numberOf(b[by]) ?? -Infinity) > (numberOf(a[by]) ?? -Infinity) ? b : a));
    const row: Row = Object.fromEntries(spec.columns.map((c) => [c.name, null]));
    for (const c of keys) row[c] = first[c] ?? null;
    if (spec.admin1Column) row[spec.admin1Column] = members.find((m) => m[spec.admin1Column!] != null)?.[spec.admin1Column] ?? null;
    row[spec.aorColumn!] = OVERALL;
    for (const c of maxed) row[c] = maxOf(members.map((m) => numberOf(m[c])));
    for (const c of copy) row[c] = top[c] ?? null;
    if (spec.methodColumn) row[spec.methodColumn] = method;
    const pipeline = pipelineAll.find((a) => k(a) === key);
    const aorMax = maxOf((everyAor.get(key) ?? []).map((m) => numberOf(m[by])));
    if (pipeline && numberOf(pipeline[by]) !== null && (aorMax === null || numberOf(pipeline[by])! > aorMax)) {
      for (const c of maxed) row[c] = maxOf([numberOf(row[c]), numberOf(pipeline[c])]);
      row._fromOverall = true;
    }
    out.push(row);
  }
  // an overall figure with no AoR row at all (only a published overall figure): not about a sensitive AoR
  for (const a of pipelineAll) {
    if (seen.has(k(a)) || everyAor.has(k(a))) continue;
    out.push({ ...a, _fromOverall: true });
  }
  return out;
}

/** Country rows of the overall AoR: sums of the public admin2 overall rows per period × group, plus 'all'. */
function countryOverall(spec: DatasetSpec, admin2Overall: Row[], counts: string[]): Row[] {
  const period = spec.periodColumn!;
  const group = spec.groupColumn!;
  const byKey = new Map<string, Row[]>();
  for (const r of admin2Overall) {
    pushTo(byKey, JSON.stringify([r[period], r[group]]), r);
    pushTo(byKey, JSON.stringify([r[period], "all"]), r);
  }
  return [...byKey.entries()].map(([key, members]) => {
    const [p, g] = JSON.parse(key) as [Value, Value];
    const row: Row = Object.fromEntries(spec.columns.map((c) => [c.name, null]));
    row[period] = p;
    row[group] = g;
    row[spec.aorColumn!] = OVERALL;
    for (const c of counts) row[c] = sumOf(members.map((m) => numberOf(m[c])));
    if (spec.columns.some((c) => c.name === "method")) row.method = COUNTRY_OVERALL_METHOD;
    return row;
  });
}

interface Split {
  /** Non-sensitive AoR rows at admin2. */
  open: Row[];
  /** The pipeline's overall rows. */
  overall: Row[];
  /** Sensitive AoR rows at admin2. */
  sensitive: Row[];
}

function split(rows: Row[], spec: DatasetSpec, s: Sensitivity): Split {
  const out: Split = { open: [], overall: [], sensitive: [] };
  for (const r of rows) {
    const aor = r[spec.aorColumn!];
    if (aor === OVERALL) out.overall.push(r);
    else if (s.aor(aor)) out.sensitive.push(r);
    else out.open.push(r);
  }
  return out;
}

/** The public rows of every planned dataset (before suppression), from the internal ones. */
export function publicDefinitions(input: PlanInput, context: PlanContext): Record<PlannedDataset, Row[]> {
  const s = sensitivity(context);
  const get = (n: PlannedDataset) => canonical(input.rows[n] ?? []);
  const out = {} as Record<PlannedDataset, Row[]>;

  // reach at admin2: AoR rows, the overall max over them, sensitive AoRs as admin1 sums
  const ra = datasetSpec("reach-admin2");
  const reach = split(get("reach-admin2"), ra, s);
  const reachAll = overallRows(ra, reach.open, [], [...reach.open, ...reach.sensitive], ["targeted", "reached"], [], "reached", PUBLIC_OVERALL_METHOD);
  out["reach-admin2"] = [...reach.open, ...reachAll.map(({ _fromOverall, ...r }) => r), ...admin1Totals(reach.sensitive, ra)];

  const ro = datasetSpec("reach-org");
  out["reach-org"] = get("reach-org")
    .filter((r) => !s.aor(r[ro.aorColumn!]))
    .map((r) => publicPartners(r, ro, s));

  // reach at country: the pipeline's AoR rows (sensitive ones included: they are sums of admin1), the
  // overall rows recomputed from the public admin2 overall rows
  const rc = datasetSpec("reach-country");
  out["reach-country"] = [
    ...get("reach-country").filter((r) => r[rc.aorColumn!] !== OVERALL),
    ...countryOverall({ ...rc, adminColumn: "admin2_pcode" }, out["reach-admin2"].filter((r) => r.aor === OVERALL), ["targeted", "reached"])
  ];

  // PiN and severity: the same definitions
  const pn = datasetSpec("pin");
  const pin = split(get("pin"), pn, s);
  const pinAll = overallRows(pn, pin.open, pin.overall, [...pin.open, ...pin.sensitive], ["pin", "population", "severity"], [], "pin", PUBLIC_OVERALL_METHOD);
  out.pin = [...pin.open, ...pinAll, ...admin1Totals(pin.sensitive, pn)];

  const pc = datasetSpec("pin-country");
  out["pin-country"] = [
    ...get("pin-country").filter((r) => r[pc.aorColumn!] !== OVERALL),
    ...countryOverall({ ...pc, adminColumn: "admin2_pcode" }, pinAll, ["pin", "population"])
  ];

  const sv = datasetSpec("severity");
  const sev = split(get("severity"), sv, s);
  const sevAll = overallRows(sv, sev.open, [], [...sev.open, ...sev.sensitive], ["severity"], ["n_indicators", "top_indicators"], "severity", PUBLIC_OVERALL_METHOD);
  out.severity = [...sev.open, ...sevAll.map(({ _fromOverall, ...r }) => r), ...admin1Totals(sev.sensitive, sv)];

  // coverage: the public overall reach and PiN of each admin2, summed over groups
  const reachOf = new Map<string, number | null>();
  const reachHas = new Set<string>();
  for (const r of out["reach-admin2"]) {
    if (r.aor !== OVERALL || (input.currentQuarter && r.quarter !== input.currentQuarter)) continue;
    const k = str(r.admin2_pcode);
    reachHas.add(k);
    reachOf.set(k, sumOf([reachOf.get(k) ?? null, numberOf(r.reached)]));
  }
  const needOf = new Map<string, { pin: number | null; severity: number | null }>();
  for (const r of pinAll) {
    if (input.currentPeriod && r.period !== input.currentPeriod) continue;
    const k = str(r.admin2_pcode);
    const n = needOf.get(k) ?? { pin: null, severity: null };
    needOf.set(k, { pin: sumOf([n.pin, numberOf(r.pin)]), severity: maxOf([n.severity, numberOf(r.severity)]) });
  }
  out.coverage = get("coverage").map((r) => {
    const k = str(r.admin2_pcode);
    // no public overall reach row in the quarter: no non-sensitive partner reported there, so nobody was
    // reached on the public basis → 0, as internal coverage says (a 0 identifies nobody). Judged on the
    // public rows, not the internal ones: an area where only a sensitive AoR works must read like an area
    // without any partner (0, as in gaps), or a null there would say where the GBV partners are. Rows
    // that exist but are suppressed keep their cell (reachHas), so a small figure never becomes 0.
    const reached = reachHas.has(k) ? reachOf.get(k) ?? null : 0;
    const need = needOf.get(k) ?? { pin: null, severity: null };
    const pinValue = need.pin;
    const cov = pinValue !== null && pinValue > 0 ? (reached ?? 0) / pinValue : null;
    const flag = pinValue !== null && pinValue > 0 ? ((reached ?? 0) === 0 ? "no response" : cov! < 0.25 ? "low response" : cov! > 1 ? "reached above pin" : null) : null;
    return { ...r, severity: need.severity, pin: pinValue, reached, coverage: cov, flag };
  });

  out.gaps = get("gaps");
  return out;
}

/** Cell keys: the same figure in two datasets is one cell. */
function reachKey(col: string, r: Row, level: "2" | "1" | "c", group?: string): string {
  return ["R", col, str(r.quarter), level, level === "c" ? "*" : str(r.admin2_pcode), group ?? str(r.population_group), str(r.aor)].join("|");
}
function pinKey(col: string, r: Row, level: "2" | "1" | "c", group?: string): string {
  return ["P", col, str(r.period), level, level === "c" ? "*" : str(r.admin2_pcode), group ?? str(r.population_group), str(r.aor)].join("|");
}

interface Binding {
  dataset: PlannedDataset;
  row: number;
  column: string;
  cell: number;
}

/**
 * The whole-build model: public rows, one cell per published count (shared between datasets where the
 * figure is the same), sum and max relations, and the suppression over all of it.
 */
export function planPublication(input: PlanInput, context: PlanContext): { rows: Record<PlannedDataset, Row[]>; model: CellModel } {
  const s = sensitivity(context);
  const defs = publicDefinitions(input, context);
  const model: CellModel = { cells: [], keys: [], sums: [], maxes: [], complements: 0 };
  const index = new Map<string, number>();
  const bindings: Binding[] = [];
  const cell = (key: string, value: Value | undefined): number => {
    const found = index.get(key);
    if (found !== undefined) return found;
    index.set(key, model.cells.length);
    model.keys.push(key);
    model.cells.push({ value: numberOf(value), state: "shown" });
    return model.cells.length - 1;
  };
  const bound = new Map<string, number>();
  const bind = (dataset: PlannedDataset, row: number, column: string, key: string, value: Value | undefined) => {
    const b = { dataset, row, column, cell: cell(key, value) };
    bindings.push(b);
    bound.set(`${dataset}|${row}|${column}`, b.cell);
  };

  const levelOf = (r: Row, spec: DatasetSpec): "2" | "1" | "c" => (spec.adminLevel === 0 ? "c" : spec.aorColumn && s.aor(r[spec.aorColumn]) ? "1" : "2");
  const reachCounts = ["targeted", "reached"];
  const pinCounts = datasetSpec("pin").counts;

  defs["reach-admin2"].forEach((r, i) => {
    for (const c of reachCounts) bind("reach-admin2", i, c, reachKey(c, r, levelOf(r, datasetSpec("reach-admin2"))), r[c]);
  });
  defs["reach-country"].forEach((r, i) => {
    for (const c of reachCounts) bind("reach-country", i, c, reachKey(c, r, "c"), r[c]);
  });
  defs.coverage.forEach((r, i) => {
    bind("coverage", i, "reached", reachKey("reached", { ...r, aor: OVERALL }, "2", "all"), r.reached);
    bind("coverage", i, "pin", pinKey("pin", { ...r, period: input.currentPeriod ?? "", aor: OVERALL }, "2", "all"), r.pin);
  });
  defs.pin.forEach((r, i) => {
    const overall = r.aor === OVERALL;
    for (const c of pinCounts) {
      // the overall rows publish no sex/age split (it would be the split of the AoR at the maximum)
      if (overall && c !== "pin" && c !== "population") continue;
      bind("pin", i, c, pinKey(c, r, levelOf(r, datasetSpec("pin"))), r[c]);
    }
  });
  defs["pin-country"].forEach((r, i) => {
    const overall = r.aor === OVERALL;
    for (const c of pinCounts) {
      if (overall && c !== "pin" && c !== "population") continue;
      bind("pin-country", i, c, pinKey(c, r, "c"), r[c]);
    }
  });
  defs.gaps.forEach((r, i) => {
    bind("gaps", i, "pin", pinKey("pin", { ...r, period: input.currentPeriod ?? "", aor: OVERALL }, "2", "all"), r.pin);
    // the area's population (COD-PS, all groups): published nowhere else
    bind("gaps", i, "population", `G|population|${str(r.admin2_pcode)}`, r.population);
  });
  const orgCells: { key: string; cell: number }[] = [];
  defs["reach-org"].forEach((r, i) => {
    for (const c of reachCounts) {
      const k = `O|${c}|${i}`;
      bind("reach-org", i, c, k, r[c]);
      orgCells.push({ key: reachKey(c, r, "2"), cell: index.get(k)! });
    }
  });

  // ── relations, from the cell keys ──────────────────────────────────────────────────────────────
  const parts = (key: string) => key.split("|");
  const join = (p: string[]) => p.join("|");
  const country = new Map<string, number[]>();
  const groups = new Map<string, number[]>();
  const maxima = new Map<string, number[]>();
  model.keys.forEach((key, i) => {
    const [family, col, period, level, , group, aor] = parts(key);
    if (family !== "R" && family !== "P") return;
    // country = Σ admin2 (Σ admin1 for a sensitive AoR)
    if ((level === "2" && !s.aor(aor)) || level === "1") pushTo(country, join([family!, col!, period!, "c", "*", group!, aor!]), i);
    // 'all' group = Σ groups, where an 'all' cell is published
    if (!isAllGroup(group)) {
      const [, , , , area] = parts(key);
      pushTo(groups, join([family!, col!, period!, level!, area!, "all", aor!]), i);
    }
    // admin2 overall = max over the AoRs
    if (level === "2" && aor !== OVERALL && !isAllGroup(group)) {
      const [, , , , area] = parts(key);
      pushTo(maxima, join([family!, col!, period!, "2", area!, group!, OVERALL]), i);
    }
  });
  const total = (k: string) => index.get(k);
  for (const [k, members] of country) if (total(k) !== undefined) model.sums.push({ kind: "areas in country", members, total: total(k)! });
  for (const [k, members] of groups) if (total(k) !== undefined) model.sums.push({ kind: "groups in area", members, total: total(k)! });
  const fromOverall = new Set<number>();
  defs.pin.forEach((r, i) => {
    if (r._fromOverall) for (const c of ["pin", "population"]) if (bound.has(`pin|${i}|${c}`)) fromOverall.add(bound.get(`pin|${i}|${c}`)!);
  });
  for (const [k, members] of maxima) {
    const target = total(k);
    if (target === undefined || fromOverall.has(target)) continue;
    model.maxes.push({ kind: "ALL is the max of the AoRs", target, members, guardHidden: true });
  }
  const byOrg = new Map<string, number[]>();
  for (const o of orgCells) pushTo(byOrg, o.key, o.cell);
  for (const [k, members] of byOrg) if (total(k) !== undefined) model.maxes.push({ kind: "an AoR's figure is the max of its organisations", target: total(k)!, members, guardHidden: true });
  for (const dataset of ["pin", "pin-country"] as const) {
    const p = datasetSpec(dataset).parts ?? [];
    defs[dataset].forEach((r, i) => {
      if (r.aor === OVERALL) return;
      const cellOf = (c: string) => bound.get(`${dataset}|${i}|${c}`);
      for (const { total: t, parts: ps } of p) {
        const members = ps.map(cellOf);
        const tc = cellOf(t);
        if (tc !== undefined && members.every((m) => m !== undefined)) model.sums.push({ kind: `${ps.join(" + ")} = ${t}`, members: members as number[], total: tc });
      }
    });
  }
  model.complements = suppressCells(model.cells, model.sums, model.maxes, context.suppressBelow);

  // ── writing back ─────────────────────────────────────────────────────────────────────────────────
  const rows = {} as Record<PlannedDataset, Row[]>;
  for (const name of PLANNED_DATASETS) rows[name] = defs[name].map(({ _fromOverall, ...r }) => ({ ...r }));
  for (const b of bindings) {
    const c = model.cells[b.cell]!;
    const row = rows[b.dataset][b.row]!;
    row[b.column] = c.state === "small" ? `<${context.suppressBelow}` : c.state === "shown" ? c.value : null;
  }
  for (const name of PLANNED_DATASETS) {
    const spec = datasetSpec(name);
    for (const row of rows[name]) {
      for (const c of spec.counts) if (row[c] !== undefined && typeof row[c] !== "number" && row[c] !== `<${context.suppressBelow}`) row[c] = null;
      for (const [column, sources] of Object.entries(spec.derived ?? {})) if (sources.some((c) => typeof row[c] !== "number")) row[column] = null;
      // numbers of organisations on overall and sensitive rows count sensitive partners
      if (spec.aorColumn && (row[spec.aorColumn] === OVERALL || s.aor(row[spec.aorColumn]))) for (const c of spec.partnerCounts ?? []) row[c] = null;
      for (const c of spec.freeText) if (c in row && !spec.partnerColumns.includes(c)) row[c] = publicText(row[c]);
      if (name === "reach-country" || name === "pin-country") for (const c of ["partners", "admin2_count"]) if (c in row && row[spec.aorColumn!] === OVERALL) row[c] = null;
    }
  }
  return { rows, model };
}
