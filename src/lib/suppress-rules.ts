// The public rules: what a public build does to each dataset's rows, from the dataset's declaration
// (datasets.ts) and the operation's thresholds (data/operation.json).
//
//  1. Partner names. On a row of a sensitive AoR, or whose activities match a sensitive activity, every
//     partner column becomes "(withheld)". A partner list (one row per organisation) drops the sensitive
//     AoRs from the organisation's AoRs, withholds its name when all its work is sensitive, and withholds
//     its number of areas whenever part of its work is sensitive (it counts those areas too).
//  2. Sensitive AoRs no finer than admin1. Admin2 rows of a sensitive AoR are dropped (organisation
//     rows: reach-org, presence) or replaced by admin1 totals (reach-admin2, pin, severity) computed
//     with the pipelines' rule: counts are the SUM of the admin2 rows of that admin1, per period ×
//     population group × AoR (never across AoRs); severity is their max; partner numbers are withheld
//     (a distinct count cannot be added up). An admin1 total carries its admin1 p-code in the admin2
//     column too, so that the pages add it up under the right admin1 and no admin2 shape matches it.
//     Admin2 rows without an admin1 are dropped.
//  3. Small numbers. Counts 1 … suppressBelow−1 are published as the string "<5" (for suppressBelow 5).
//     Zero is not a small number and stays 0. Complementary suppression (published as null, shown "–")
//     then protects them in these groups, the ones the site really publishes totals for:
//       a. admin2 rows of one admin1, per period × population group × AoR: the admin1 figures the pages
//          add up (reach-admin2, pin, coverage);
//       b. all area rows of the country (admin2 rows, and the admin1 totals of sensitive AoRs), per
//          period × population group × AoR: reach-country and pin-country publish those sums;
//       c. population groups of one area (or of the country), per period × AoR, under the 'all' row
//          when the dataset has one (reach-country, pin-country), else, for the overall AoR only, under
//          the area total coverage and gaps publish (reach-admin2, pin: ALL summed over groups);
//       d. pin_girls + pin_boys + pin_women + pin_men = pin within a row (pin, pin-country);
//       e. the overall 'ALL' row is the MAX over the AoR rows of the same admin2 and group, not a sum: a
//          withheld figure is protected from it both ways (a shown ALL equal only to withheld AoR figures
//          is withheld; a withheld ALL whose AoR figures are all shown has its max withheld too);
//       f. reach-org: its organisation figures are the ones reach-admin2 takes the max of, so an
//          organisation's figure equal to an area figure reach-admin2 withholds as a complement is
//          withheld too (the same rules run on the area figures recomputed from the organisation rows).
//     AoR rows are not a group under ALL: ALL is a max, so there is no sum to subtract from.
//     Ratios, flags and reasons computed from a withheld count (coverage, flag, gaps' reason) are null.
//     These rules are per dataset. Public builds run the linked datasets (reach, coverage, gaps, PiN,
//     severity) through ONE plan over all of them instead (publication-plan.ts), where a figure
//     published twice is one cell and the overall rows do not count sensitive AoRs; these rules still
//     apply to every other dataset, an undeclared one treated as additive (the safe assumption).
//  4. Free text (activity names) is never published; a number in a free-text column (presence's
//     activity count) is kept.
import { datasetSpec, type DatasetSpec } from "./datasets.ts";
import { suppressCells, type Cell, type MaxGroup, type SumGroup } from "./suppress.ts";
import type { Row, Value } from "../../warehouse/db.ts";

export interface PublicRulesContext {
  /** The dataset's declaration: its count, partner, free-text, AoR and admin columns. */
  spec: DatasetSpec;
  /** thresholds.suppressBelow: counts below it must not be shown as such ("<5"). */
  suppressBelow: number;
  /** sensitive.aors (e.g. GBV): partners of these AoRs are never named publicly. */
  sensitiveAors: string[];
  /** sensitive.activities (and the activity-list codes of those activities): matched as words of activity names or codes, ignoring case, accents, hyphens and small words. */
  sensitiveActivities: string[];
}

export const WITHHELD = "(withheld)";
export const ADMIN1_METHOD = "admin1 total of admin2 rows (sensitive AoR: not published below admin1)";
const ALL_GROUPS = new Set(["all", "total", "all groups"]);

/** 'all', 'total' or no group: a total row, not a population group (as the pages read it). */
export function isAllGroup(group: Value | undefined): boolean {
  return group == null || ALL_GROUPS.has(String(group).trim().toLowerCase());
}

export interface Sensitivity {
  aor(value: Value | undefined): boolean;
  activity(name: string): boolean;
  /** Whether any of the " | "-separated activity names is sensitive. */
  anyActivity(list: Value | undefined): boolean;
}

// Words that change between "gestion de cas", "gestion des cas" and "case management of…": dropped
// before matching, in English and French.
const STOP_WORDS = new Set(["de", "des", "du", "d", "la", "le", "les", "l", "of", "the", "for", "pour", "aux", "au", "a", "and", "et"]);

/** Lower case, no accents, punctuation and hyphens as spaces, stop words dropped: "Case-Management" → "case management". */
export function activityWords(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .split(" ")
    .filter((w) => w && !STOP_WORDS.has(w))
    .join(" ");
}

/**
 * The sensitive activities of an operation: the configured names and codes, and the codes of the
 * activity list (config activityList) whose name matches one of them, so that a 5W row giving only
 * the code of "Child protection case management" is matched too.
 */
export function sensitiveActivityTerms(configured: string[], activityList: { code: string; name: string }[] = []): string[] {
  const s = sensitivity({ sensitiveAors: [], sensitiveActivities: configured });
  const codes = activityList.filter((a) => s.activity(a.name) || s.activity(a.code)).map((a) => a.code);
  return [...new Set([...configured, ...codes])];
}

export function sensitivity({ sensitiveAors, sensitiveActivities }: Pick<PublicRulesContext, "sensitiveAors" | "sensitiveActivities">): Sensitivity {
  const aors = new Set(sensitiveAors.map((a) => a.trim().toUpperCase()));
  const needles = sensitiveActivities.map(activityWords).filter(Boolean);
  const squashed = needles.map((n) => n.replace(/ /g, "")).filter((n) => n.length >= 8);
  const activity = (name: string) => {
    const words = ` ${activityWords(name)} `;
    if (needles.some((n) => words.includes(` ${n} `))) return true;
    // "casemanagement", "gestiondecas": written without spaces, from the start of a word
    const list = words.trim().split(" ");
    const flat = list.join("");
    const starts: number[] = [];
    list.reduce((at, w) => (starts.push(at), at + w.length), 0);
    return squashed.some((n) => starts.some((at) => flat.startsWith(n, at)));
  };
  return {
    aor: (value) => value != null && aors.has(String(value).trim().toUpperCase()),
    activity,
    anyActivity: (list) => activityNames(list).some(activity)
  };
}

export function activityNames(list: Value | undefined): string[] {
  if (list == null) return [];
  const items = Array.isArray(list) ? list.map(String) : String(list).split(" | ");
  return items.map((s) => s.trim()).filter(Boolean);
}

function aorList(value: Value | undefined): string[] {
  if (value == null) return [];
  const items = Array.isArray(value) ? value.map(String) : String(value).split(/[,;|]/);
  return items.map((s) => s.trim()).filter(Boolean);
}

const key = (row: Row, columns: (string | undefined)[]) => JSON.stringify(columns.map((c) => (c ? row[c] ?? null : null)));
const numberOf = (v: Value | undefined): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

// ── 1. Partner names ───────────────────────────────────────────────────────────────────────────────

function withheldPartners(row: Row, spec: DatasetSpec): Row {
  const out = { ...row };
  for (const c of spec.partnerColumns) if (out[c] != null) out[c] = WITHHELD;
  return out;
}

/** A row with its partner names as the public may see them. */
export function publicPartners(row: Row, spec: DatasetSpec, s: Sensitivity): Row {
  if (!spec.partnerColumns.length) return row;
  if (spec.aorListColumn) {
    // one row per partner: its AoRs and activities say whether its work is sensitive
    const aors = aorList(row[spec.aorListColumn]);
    const activities = spec.activityColumn ? activityNames(row[spec.activityColumn]) : [];
    const sensitiveAors = aors.filter((a) => s.aor(a));
    const sensitiveActivities = activities.filter((a) => s.activity(a));
    if (!sensitiveAors.length && !sensitiveActivities.length) return row;
    const allSensitive = (aors.length > 0 && sensitiveAors.length === aors.length) || (activities.length > 0 && sensitiveActivities.length === activities.length);
    const out = allSensitive ? withheldPartners(row, spec) : { ...row };
    if (!allSensitive) out[spec.aorListColumn] = aors.filter((a) => !s.aor(a)).join(", ") || null;
    for (const c of spec.partnerAreaCounts ?? []) out[c] = null;
    return out;
  }
  const sensitiveAor = spec.aorColumn !== undefined && s.aor(row[spec.aorColumn]);
  const sensitiveActivity = spec.activityColumn !== undefined && s.anyActivity(row[spec.activityColumn]);
  return sensitiveAor || sensitiveActivity ? withheldPartners(row, spec) : row;
}

// ── 2. Sensitive AoRs at admin1 ────────────────────────────────────────────────────────────────────

function sum(values: (number | null)[]): number | null {
  const present = values.filter((v): v is number => v !== null);
  return present.length ? present.reduce((a, b) => a + b, 0) : null;
}

function max(values: (number | null)[]): number | null {
  const present = values.filter((v): v is number => v !== null);
  return present.length ? Math.max(...present) : null;
}

/**
 * Admin2 rows of one sensitive AoR → one row per period × admin1 × population group × AoR: counts
 * summed, maxColumns maxed, the method rewritten, other text kept when every row agrees, other numbers
 * (partner counts, number of indicators) null.
 */
export function admin1Totals(rows: Row[], spec: DatasetSpec): Row[] {
  const admin1 = spec.admin1Column!;
  const keys = [spec.periodColumn, admin1, spec.groupColumn, spec.aorColumn].filter((c): c is string => c !== undefined);
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    if (row[admin1] == null) continue;
    const k = key(row, keys);
    groups.set(k, [...(groups.get(k) ?? []), row]);
  }
  const out: Row[] = [];
  for (const members of groups.values()) {
    const first = members[0]!;
    const total: Row = {};
    for (const col of spec.columns) {
      const values = members.map((r) => r[col.name] ?? null);
      if (keys.includes(col.name)) total[col.name] = first[col.name] ?? null;
      else if (col.name === spec.adminColumn) total[col.name] = first[admin1] ?? null;
      else if (spec.counts.includes(col.name)) total[col.name] = sum(values.map(numberOf));
      else if (spec.maxColumns?.includes(col.name)) total[col.name] = max(values.map(numberOf));
      else if (col.name === spec.methodColumn) total[col.name] = ADMIN1_METHOD;
      else if (col.type !== "number" && values.every((v) => v === values[0])) total[col.name] = values[0] ?? null;
      else total[col.name] = null;
    }
    out.push(total);
  }
  return out;
}

// ── 3. Small numbers ───────────────────────────────────────────────────────────────────────────────

interface Planned {
  row: Row;
  /** Count column → cell index. */
  cells: Record<string, number>;
  /** 2 = an admin2 row, 1 = an admin1 total of a sensitive AoR, 0 = a country row. */
  level: 0 | 1 | 2;
  /** Not published: a sensitive AoR's admin2 row, kept for the groups that protect it. */
  hidden: boolean;
  /** Where the row comes in the order complements are chosen in: by period, area, group and AoR, not by
   * the table's row order, so that reach-org recomputing reach-admin2's choices gets the same ones. */
  rank: string;
}

export interface Plan {
  cells: Cell[];
  rows: Planned[];
  sums: SumGroup[];
  maxes: MaxGroup[];
  complements: number;
}

function pushTo<K, V>(map: Map<K, V[]>, k: K, v: V) {
  const list = map.get(k);
  if (list) list.push(v);
  else map.set(k, [v]);
}

/** The sum and max groups of the documentation above, for one dataset's planned rows. */
function relations(plan: Plan, spec: DatasetSpec): void {
  const { sums, maxes } = plan;
  const period = spec.periodColumn;
  const group = spec.groupColumn;
  const aor = spec.aorColumn;
  const area = spec.adminLevel === 0 ? undefined : spec.adminColumn;
  const byRank = [...plan.rows].sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0));
  const rows = byRank;
  const published = byRank.filter((r) => !r.hidden);
  for (const count of spec.counts) {
    // undeclared: treated as figures that add up to totals published elsewhere (the safe assumption)
    if (spec.additive ?? true) {
      // a. admin2 rows of one admin1
      if (spec.adminLevel === 2 && spec.admin1Column) {
        const byAdmin1 = new Map<string, number[]>();
        for (const r of published) {
          if (r.level === 2 && r.row[spec.admin1Column] != null) pushTo(byAdmin1, key(r.row, [period, group, aor, spec.admin1Column]), r.cells[count]!);
        }
        for (const members of byAdmin1.values()) sums.push({ kind: "admin2 in admin1", members });
      }
      // b. all areas of the country (hidden: sensitive admin2 rows without an admin1, in no admin1 total)
      if (spec.adminLevel === 2 || spec.adminLevel === 1) {
        const byCountry = new Map<string, number[]>();
        for (const r of rows) {
          if (r.hidden && (r.level !== 2 || r.row[spec.admin1Column ?? ""] != null)) continue;
          pushTo(byCountry, key(r.row, [period, group, aor]), r.cells[count]!);
        }
        for (const members of byCountry.values()) sums.push({ kind: "areas in country", members });
      }
      // c. population groups of one area, under the 'all' row when there is one
      if (group) {
        const byArea = new Map<string, { members: number[]; totals: number[]; overall: boolean }>();
        for (const r of published) {
          const k = key(r.row, [period, aor, area]);
          if (!byArea.has(k)) byArea.set(k, { members: [], totals: [], overall: aor !== undefined && r.row[aor] === spec.overallAor });
          const entry = byArea.get(k)!;
          (isAllGroup(r.row[group]) ? entry.totals : entry.members).push(r.cells[count]!);
        }
        for (const { members, totals, overall } of byArea.values()) {
          // an area's total over groups is published as an 'all' row, or for the overall AoR by coverage
          // and gaps; the pages add up the other AoRs' groups themselves, skipping what is withheld
          if (!members.length || (spec.adminLevel !== 0 && !totals.length && !overall)) continue;
          sums.push({ kind: "groups in area", members, ...(totals.length === 1 ? { total: totals[0]! } : {}) });
        }
      }
    }
    // e. the overall row is the max over the AoR rows of the same admin2 and group
    if (spec.overallAor && aor && spec.adminLevel === 2) {
      const byCell = new Map<string, { target?: number; members: number[] }>();
      for (const r of rows) {
        if (r.level !== 2) continue;
        const k = key(r.row, [period, area, group]);
        if (!byCell.has(k)) byCell.set(k, { members: [] });
        const entry = byCell.get(k)!;
        if (r.row[aor] === spec.overallAor) entry.target = r.cells[count]!;
        else entry.members.push(r.cells[count]!);
      }
      for (const { target, members } of byCell.values()) {
        if (target !== undefined) maxes.push({ kind: "ALL is the max of the AoRs", target, members, guardHidden: spec.overallHidesSensitive === true });
      }
    }
  }
  // d. parts of a count within a row
  for (const p of spec.parts ?? []) {
    for (const r of published) sums.push({ kind: `${p.parts.join(" + ")} = ${p.total}`, members: p.parts.map((c) => r.cells[c]!), total: r.cells[p.total]! });
  }
}

/**
 * Everything but the writing back: partner names, sensitive AoRs at admin1, and the cells with their
 * states after primary and complementary suppression.
 */
export function planPublicRows(rows: Row[], context: PublicRulesContext): Plan {
  const { spec } = context;
  const s = sensitivity(context);
  const plan: Plan = { cells: [], rows: [], sums: [], maxes: [], complements: 0 };
  const add = (row: Row, level: Planned["level"], hidden: boolean) => {
    const cells: Record<string, number> = {};
    for (const c of spec.counts) {
      cells[c] = plan.cells.length;
      plan.cells.push({ value: numberOf(row[c]), state: hidden ? "hidden" : "shown" });
    }
    plan.rows.push({ row, cells, level, hidden, rank: key(row, [spec.periodColumn, spec.adminColumn, spec.groupColumn, spec.aorColumn]) });
  };
  const rowLevel: Planned["level"] = spec.adminLevel === 2 ? 2 : spec.adminLevel === 1 ? 1 : 0;
  const sensitiveAdmin2: Row[] = [];
  for (const row of rows) {
    if (spec.adminLevel === 2 && spec.aorColumn && s.aor(row[spec.aorColumn])) {
      sensitiveAdmin2.push(row);
      add(row, 2, true);
      continue;
    }
    add(publicPartners(row, spec, s), rowLevel, false);
  }
  if (sensitiveAdmin2.length && spec.sensitiveAdmin2 === "admin1" && spec.admin1Column) {
    for (const total of admin1Totals(sensitiveAdmin2, spec)) add(publicPartners(total, spec, s), 1, false);
  }
  relations(plan, spec);
  plan.complements = suppressCells(plan.cells, plan.sums, plan.maxes, context.suppressBelow);
  return plan;
}

/** The organisation figures of `spec` (reach-org) as the area figures of the dataset they feed. */
function fedRows(rows: Row[], spec: DatasetSpec, fed: DatasetSpec): Row[] {
  const ours = new Set(spec.columns.map((c) => c.name));
  const keys = fed.columns.map((c) => c.name).filter((c) => ours.has(c) && !fed.counts.includes(c));
  const aor = fed.aorColumn;
  const byKey = new Map<string, Row>();
  const fold = (row: Row) => {
    const k = key(row, keys);
    const cell = byKey.get(k) ?? Object.fromEntries(fed.columns.map((c) => [c.name, keys.includes(c.name) ? row[c.name] ?? null : null]));
    for (const c of fed.counts) cell[c] = max([numberOf(cell[c]), numberOf(row[c])]);
    byKey.set(k, cell);
  };
  for (const row of rows) {
    fold(row);
    if (aor && fed.overallAor) fold({ ...row, [aor]: fed.overallAor });
  }
  return [...byKey.values()];
}

/** Withhold organisation figures that equal an area figure the fed dataset withholds as a complement. */
function protectFed(rows: Row[], plan: Plan, context: PublicRulesContext): void {
  const { spec } = context;
  const fed = datasetSpec(spec.feeds!);
  const fedPlan = planPublicRows(fedRows(rows, spec, fed), { ...context, spec: fed });
  const ours = new Set(spec.columns.map((c) => c.name));
  const keys = fed.columns.map((c) => c.name).filter((c) => ours.has(c) && !fed.counts.includes(c));
  const opaque = new Map<string, Map<string, number | null>>();
  for (const r of fedPlan.rows) {
    const withheld = new Map<string, number | null>();
    for (const c of fed.counts) {
      const cell = fedPlan.cells[r.cells[c]!]!;
      if (cell.state === "complementary" || cell.state === "hidden") withheld.set(c, cell.value);
    }
    if (withheld.size) opaque.set(key(r.row, keys), withheld);
  }
  for (const r of plan.rows) {
    if (r.hidden) continue;
    const targets = [key(r.row, keys)];
    if (fed.aorColumn && fed.overallAor) targets.push(key({ ...r.row, [fed.aorColumn]: fed.overallAor }, keys));
    for (const c of spec.counts) {
      const cell = plan.cells[r.cells[c]!]!;
      if (cell.state !== "shown" || cell.value === null || cell.value === 0) continue;
      if (targets.some((t) => opaque.get(t)?.has(c) && opaque.get(t)!.get(c) === cell.value)) cell.state = "complementary";
    }
  }
}

/** A free-text value as the public may see it: numbers only. */
export function publicText(value: Value | undefined): Value {
  if (typeof value === "number") return value;
  if (typeof value === "string" && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return value;
  return null;
}

/** The public rules (see the top of this file): the rows a public build may publish. */
export function applyPublicRules(rows: Row[], context: PublicRulesContext): Row[] {
  const { spec, suppressBelow } = context;
  const plan = planPublicRows(rows, context);
  if (spec.feeds) protectFed(rows, plan, context);
  const out: Row[] = [];
  for (const r of plan.rows) {
    if (r.hidden) continue;
    const row: Row = { ...r.row };
    const shown = new Set<string>();
    for (const c of spec.counts) {
      const cell = plan.cells[r.cells[c]!]!;
      if (cell.state === "small") row[c] = `<${suppressBelow}`;
      else if (cell.state !== "shown") row[c] = null;
      else shown.add(c);
    }
    for (const [column, sources] of Object.entries(spec.derived ?? {})) {
      if (sources.some((c) => spec.counts.includes(c) && !shown.has(c))) row[column] = null;
    }
    // partner numbers of the overall admin2 rows count the sensitive AoRs' partners too
    if (spec.aorColumn && spec.overallAor && r.level === 2 && row[spec.aorColumn] === spec.overallAor) {
      for (const c of spec.partnerCounts ?? []) row[c] = null;
    }
    for (const c of spec.freeText) if (c in row && !spec.partnerColumns.includes(c)) row[c] = publicText(row[c]);
    out.push(row);
  }
  return out;
}
