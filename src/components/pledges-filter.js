// Filtering GRF pledges on the page: multi-valued fields (objectives, areas/themes, countries) arrive as
// "; "-separated text, and a filter keeps a pledge when ANY of its values is among those chosen.

/** The stages in the order a pledge moves through them; No update (never reported) is its own stage. */
export const STAGES = ["No update", "Planning stage", "In progress", "Fulfilled"];

export const STAGE_COLORS = {"No update": "#9e9e9e", "Planning stage": "#f2b447", "In progress": "#4269d0", Fulfilled: "#3ca951"};

export const OBJECTIVE_LABELS = {
  "1": "1 · Ease pressures on host countries",
  "2": "2 · Enhance refugee self-reliance",
  "3": "3 · Expand access to third-country solutions",
  "4": "4 · Support conditions for return"
};

/** "1; 2" → ["1", "2"]; nothing → []. */
export function splitList(value) {
  if (value === null || value === undefined || value === "") return [];
  return String(value)
    .split("; ")
    .map((v) => v.trim())
    .filter(Boolean);
}

/** True when nothing is chosen, or when any of the values is chosen ("any of"). */
export function matchesAny(values, chosen) {
  if (!chosen || chosen.length === 0) return true;
  const set = new Set(chosen);
  return values.some((v) => set.has(v));
}

/** The distinct values of a field over rows, multi-valued fields split, sorted. */
export function valuesOf(rows, key, {multi = false} = {}) {
  const out = new Set();
  for (const r of rows) for (const v of multi ? splitList(r[key]) : [r[key]]) if (v !== null && v !== undefined && v !== "") out.add(String(v));
  return [...out].sort((a, b) => a.localeCompare(b));
}

/**
 * The pledges that pass every filter. filters: {entityTypes, objectives, areas, stages, grfYears: arrays (empty:
 * all), operationOnly: boolean}. A single-valued field matches when its value is chosen; a multi-valued one when
 * any of its values is.
 */
export function filterPledges(rows, {entityTypes = [], objectives = [], areas = [], stages = [], grfYears = [], operationOnly = false} = {}) {
  return rows.filter(
    (r) =>
      (!operationOnly || r.for_operation === "yes") &&
      matchesAny([r.entity_type ?? "not stated"], entityTypes) &&
      matchesAny(splitList(r.gcr_objectives), objectives) &&
      matchesAny(splitList(r.areas), areas) &&
      matchesAny([r.stage], stages) &&
      matchesAny([r.grf_year ?? "not stated"], grfYears)
  );
}

/**
 * The status funnel of the pledges shown: all of them, those with a progress update, those under way or done,
 * those fulfilled. One row per pledge and export, so these are counts of rows.
 */
export function funnel(rows) {
  const n = (f) => rows.filter(f).length;
  return [
    {step: "Pledges", pledges: rows.length, stage: "No update"},
    {step: "With a progress update", pledges: n((r) => r.stage !== "No update"), stage: "Planning stage"},
    {step: "In progress or fulfilled", pledges: n((r) => r.stage === "In progress" || r.stage === "Fulfilled"), stage: "In progress"},
    {step: "Fulfilled", pledges: n((r) => r.stage === "Fulfilled"), stage: "Fulfilled"}
  ];
}
