// People reached per admin2 under the 5W page's filters, without double counting.
//
// The rule (5W guidance: CARE 5.3.1, OCHA aggregation notes; see shared/domain/5w.md):
//   the same people can be reached by several organisations, and by several AoRs, in one admin2 and
//   population group, so their figures are never added. Per admin2 × population group × AoR, people
//   reached = the MAX over the organisations that remain after the filters; for "ALL" AoRs the max runs
//   across the AoRs too (the cluster-wide figure is never a sum of AoRs). Population groups are
//   disjoint, so the admin2 figure is the SUM over groups; admin2 are disjoint, so admin1 and country
//   figures are SUMs of admin2. Targeted follows the same rule.
// A count that is not a number (suppressed in public builds: "<5" or null) is skipped and the area is
// marked incomplete.

/** Population-group values that mean "all groups together" (a total row, not a group). */
export const ALL_GROUPS = new Set(["all", "total", "all groups"]);

export function isAllGroup(group) {
  return group == null || ALL_GROUPS.has(String(group).trim().toLowerCase());
}

export function count(value) {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

function matches(row, {quarter, aor = "ALL", orgType, org, admin1} = {}) {
  if (quarter && row.quarter !== quarter) return false;
  if (aor && aor !== "ALL" && row.aor !== aor) return false;
  if (orgType && row.org_type !== orgType) return false;
  if (org && row.org_lead !== org) return false;
  if (admin1 && row.admin1_pcode !== admin1) return false;
  return true;
}

function maxOf(a, b) {
  return b === null ? a : a === null ? b : Math.max(a, b);
}

/** Fill admin1_pcode from the boundaries where a table does not carry it (presence_admin2). */
export function withAdmin1(rows, admin1Of) {
  return rows.map((r) => (r.admin1_pcode ? r : {...r, admin1_pcode: admin1Of.get(r.admin2_pcode) ?? null}));
}

/**
 * reach_org_admin2 rows → Map(admin2 p-code → {admin2_pcode, admin1_pcode, reached, targeted, partners,
 * orgs, byGroup, incomplete}) for the rows the filters keep (quarter, aor "ALL"|AoR, orgType, org, admin1).
 */
export function reachByAdmin2(rows, filters = {}) {
  const kept = rows.filter((r) => matches(r, filters));
  // A total row ('all') would double the groups it totals: used only where no group rows exist.
  const hasGroups = kept.some((r) => !isAllGroup(r.population_group));
  const cells = new Map(); // admin2 × group → max over the organisations (and AoRs when aor is ALL)
  for (const r of kept) {
    if (hasGroups && isAllGroup(r.population_group)) continue;
    const group = isAllGroup(r.population_group) ? "all" : r.population_group;
    const key = `${r.admin2_pcode}\u0000${group}`;
    let cell = cells.get(key);
    if (!cell) cells.set(key, (cell = {admin2_pcode: r.admin2_pcode, admin1_pcode: r.admin1_pcode ?? null, group, reached: null, targeted: null, orgs: new Set(), incomplete: false}));
    const reached = count(r.reached);
    if (reached === null && r.reached != null) cell.incomplete = true;
    cell.reached = maxOf(cell.reached, reached);
    cell.targeted = maxOf(cell.targeted, count(r.targeted));
    if (r.org_lead != null) cell.orgs.add(r.org_lead);
  }
  const areas = new Map(); // admin2 → sum over groups
  for (const cell of cells.values()) {
    let area = areas.get(cell.admin2_pcode);
    if (!area) areas.set(cell.admin2_pcode, (area = {admin2_pcode: cell.admin2_pcode, admin1_pcode: cell.admin1_pcode, reached: 0, targeted: 0, partners: 0, orgs: new Set(), byGroup: {}, incomplete: false}));
    area.reached += cell.reached ?? 0;
    area.targeted += cell.targeted ?? 0;
    area.byGroup[cell.group] = cell.reached;
    area.incomplete ||= cell.incomplete || cell.reached === null;
    for (const o of cell.orgs) area.orgs.add(o);
    area.partners = area.orgs.size;
  }
  return areas;
}

/**
 * The pipeline's own figures (reach_admin2, already max-aggregated) → the same shape as reachByAdmin2,
 * for the view without organisation filters. Partner counts come from partnersByAdmin2.
 */
export function pipelineReachByAdmin2(rows, {quarter, aor = "ALL", admin1} = {}) {
  const kept = rows.filter((r) => matches(r, {quarter, admin1}) && r.aor === (aor || "ALL"));
  const hasGroups = kept.some((r) => !isAllGroup(r.population_group));
  const areas = new Map();
  for (const r of kept) {
    if (hasGroups && isAllGroup(r.population_group)) continue;
    let area = areas.get(r.admin2_pcode);
    if (!area) areas.set(r.admin2_pcode, (area = {admin2_pcode: r.admin2_pcode, admin1_pcode: r.admin1_pcode ?? null, reached: 0, targeted: 0, partners: 0, orgs: new Set(), byGroup: {}, incomplete: false}));
    const reached = count(r.reached);
    area.reached += reached ?? 0;
    area.targeted += count(r.targeted) ?? 0;
    area.byGroup[isAllGroup(r.population_group) ? "all" : r.population_group] = reached;
    area.incomplete ||= reached === null;
  }
  return areas;
}

/** Distinct organisations present per admin2 (presence_admin2 or reach_org_admin2 rows) under the filters. */
export function partnersByAdmin2(rows, filters = {}) {
  const out = new Map();
  for (const r of rows) {
    if (!matches(r, filters)) continue;
    if (!out.has(r.admin2_pcode)) out.set(r.admin2_pcode, new Set());
    if (r.org_lead != null) out.get(r.admin2_pcode).add(r.org_lead);
  }
  return out;
}

/** Admin2 figures → one total (admin2 are disjoint, so the sum counts nobody twice). */
export function totalReached(areas) {
  let reached = 0;
  for (const a of areas.values()) reached += a.reached ?? 0;
  return reached;
}

/** Organisation filter options: the organisations of the chosen type (all when none chosen). */
export function organisations(rows, orgType) {
  const names = new Set();
  for (const r of rows) if (r.org_lead != null && (!orgType || r.org_type === orgType)) names.add(r.org_lead);
  return [...names].sort((a, b) => String(a).localeCompare(String(b)));
}

/**
 * Organisation filter options under the page's other filters (period, AoR, organisation type, admin1):
 * only organisations with rows there, so picking one never shows an empty page.
 */
export function organisationsIn(rows, {org: _org, ...filters} = {}) {
  const names = new Set();
  for (const r of rows) if (r.org_lead != null && matches(r, filters)) names.add(r.org_lead);
  return [...names].sort((a, b) => String(a).localeCompare(String(b)));
}
