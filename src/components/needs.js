// Severity and PiN per area for the severity page and the home figures.
//
// Rules (shared/domain/severity-and-pin.md, OCHA IM Toolbox rule #3, GPC HNO guidance):
//   - the overall protection ("ALL") figure of an area and group is the MAX over the AoRs, never their
//     sum; the pipeline publishes it as aor = 'ALL' and that row is used when present, otherwise the max
//     over the AoR rows is taken here;
//   - an area's severity over several population groups is the worst (max) group; its PiN and
//     population are the SUM over groups (groups are disjoint);
//   - admin1: severity = max of its admin2, PiN and population = sum of its admin2.
import {count, isAllGroup} from "./reach-filter.js";

export const AORS = ["ALL", "GP", "CP", "GBV", "MA", "HLP"];
export const AOR_LABELS = {
  ALL: "All protection",
  GP: "General Protection",
  CP: "Child Protection",
  GBV: "Gender-Based Violence",
  MA: "Mine Action",
  HLP: "Housing, Land and Property"
};

/** Latest period or quarter present ("2025" < "2026", "2025Q3" < "2025Q4"). */
export function latest(values) {
  let best = null;
  for (const v of values) if (v != null && (best === null || String(v) > String(best))) best = v;
  return best;
}

function maxOf(a, b) {
  return b === null ? a : a === null ? b : Math.max(a, b);
}

/**
 * Rows of one AoR (or the overall "ALL" figure) for a period: returns one row per area × group.
 * For ALL without pipeline ALL rows, each field is the max over the AoR rows of that area × group.
 */
export function aorRows(rows, {period, aor = "ALL", areaKey = "admin2_pcode", fields = []} = {}) {
  const inPeriod = rows.filter((r) => !period || r.period === period);
  if (aor !== "ALL" || inPeriod.some((r) => r.aor === "ALL")) return inPeriod.filter((r) => r.aor === aor);
  const merged = new Map();
  for (const r of inPeriod) {
    const key = `${r[areaKey]}\u0000${r.population_group}`;
    const m = merged.get(key);
    if (!m) {
      merged.set(key, {...r, aor: "ALL", _from: r});
      continue;
    }
    for (const f of fields) m[f] = maxOf(count(m[f]), count(r[f]));
    if ((count(r.severity) ?? -1) > (count(m._from.severity) ?? -1)) {
      m._from = r;
      if ("top_indicators" in r) m.top_indicators = r.top_indicators;
    }
  }
  return [...merged.values()].map(({_from, ...r}) => r);
}

/**
 * The groups to add up: per area, its named groups, or its total row where the area has nothing else
 * (an area whose population has no group breakdown is assessed as a whole, under 'all').
 */
function groupFilter(rows, group, areaKey = "admin2_pcode") {
  if (group && group !== "all") return (r) => r.population_group === group;
  const grouped = new Set(rows.filter((r) => !isAllGroup(r.population_group)).map((r) => r[areaKey]));
  return (r) => !isAllGroup(r.population_group) || !grouped.has(r[areaKey]);
}

/**
 * severity_admin2 + pin_admin2 rows → Map(admin2 → {admin2_pcode, admin1_pcode, severity, pin,
 * population, top_indicators, n_indicators, methods}) for one period, AoR and group (or all groups).
 */
export function needsByAdmin2(severityRows, pinRows, {period, aor = "ALL", group = "all"} = {}) {
  const out = new Map();
  const area = (pcode, admin1) => {
    let a = out.get(pcode);
    if (!a) out.set(pcode, (a = {admin2_pcode: pcode, admin1_pcode: admin1 ?? null, severity: null, pin: null, population: null, top_indicators: null, n_indicators: null, methods: new Set()}));
    if (!a.admin1_pcode && admin1) a.admin1_pcode = admin1;
    return a;
  };
  const sev = aorRows(severityRows, {period, aor, fields: ["severity", "n_indicators"]});
  const keepSev = groupFilter(sev, group);
  for (const r of sev) {
    if (!keepSev(r)) continue;
    const a = area(r.admin2_pcode, r.admin1_pcode);
    const s = count(r.severity);
    if (s !== null && (a.severity === null || s > a.severity)) {
      a.severity = s;
      a.top_indicators = r.top_indicators ?? a.top_indicators;
      a.n_indicators = count(r.n_indicators);
    }
    if (r.method) a.methods.add(r.method);
  }
  const pin = aorRows(pinRows, {period, aor, fields: ["pin", "population", "severity", "pin_girls", "pin_boys", "pin_women", "pin_men"]});
  const keepPin = groupFilter(pin, group);
  for (const r of pin) {
    if (!keepPin(r)) continue;
    const a = area(r.admin2_pcode, r.admin1_pcode);
    const p = count(r.pin);
    const pop = count(r.population);
    if (p !== null) a.pin = (a.pin ?? 0) + p;
    if (pop !== null) a.population = (a.population ?? 0) + pop;
  }
  return out;
}

/** Admin2 figures → admin1: severity = max of its admin2, PiN and population = sums; worst admin2 named. */
export function needsByAdmin1(byAdmin2, admin1Of) {
  const out = new Map();
  for (const a of byAdmin2.values()) {
    const key = a.admin1_pcode ?? admin1Of?.get(a.admin2_pcode);
    if (!key) continue;
    let b = out.get(key);
    if (!b) out.set(key, (b = {admin1_pcode: key, severity: null, pin: null, population: null, worst: null, areas: 0, assessed: 0}));
    b.areas += 1;
    if (a.severity !== null) {
      b.assessed += 1;
      if (b.severity === null || a.severity > b.severity) {
        b.severity = a.severity;
        b.worst = a.admin2_pcode;
      }
    }
    if (a.pin !== null) b.pin = (b.pin ?? 0) + a.pin;
    if (a.population !== null) b.population = (b.population ?? 0) + a.population;
  }
  return out;
}

/** A national figure from a country table (reach_country, pin_country): the 'all' group row, else the sum of groups. */
export function nationalFigure(rows, {field, match}) {
  const kept = rows.filter(match);
  const total = kept.find((r) => isAllGroup(r.population_group));
  if (total && count(total[field]) !== null) return count(total[field]);
  const groups = kept.filter((r) => !isAllGroup(r.population_group));
  if (!groups.length) return null;
  return groups.reduce((s, r) => s + (count(r[field]) ?? 0), 0);
}
