// The attacker of test/attacker-linked-tables.test.ts: every public JSON file of a built site, the
// relations between their figures written as one mixed-integer program, and every withheld figure
// minimised and maximised with HiGHS (an LP/MIP solver compiled to WebAssembly).
//
// Relations (README, "Data protection"): country = Σ admin2 rows (admin1 rows for sensitive AoRs) per
// quarter/period × group × AoR for every count; country 'all' group = Σ groups; coverage.reached =
// Σ groups of the admin2 ALL reach; coverage.pin = gaps.pin = Σ groups of the admin2 ALL PiN; pin = its
// four parts; admin2 ALL = max over its AoRs; an AoR's admin2 figure = max over its organisations; a
// sensitive AoR's admin1 figure = Σ of unknown figures in every admin2 of that admin1 (the hidden cells).
import * as highsModule from "highs";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

type Obj = Record<string, unknown>;
export interface PublicFile {
  dataset: string;
  columns: string[];
  rows: unknown[][];
  spec: { counts: string[] };
}

export function publicFiles(dist: string): Map<string, Obj[]> {
  const dir = join(dist, "_file", "data");
  const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)]));
  const out = new Map<string, Obj[]>();
  for (const f of walk(dir)) {
    if (!f.endsWith(".json")) continue;
    const d = JSON.parse(readFileSync(f, "utf8")) as PublicFile & { type?: string; features?: { properties: Obj }[] };
    // boundaries: GeoJSON whose properties say which admin1 each admin2 is in
    if (d.type === "FeatureCollection" && Array.isArray(d.features)) out.set(f.split("/").pop()!.split(".")[0]!, d.features.map((x) => x.properties));
    if (!Array.isArray(d.columns) || !Array.isArray(d.rows)) continue;
    out.set(d.dataset, d.rows.map((r) => Object.fromEntries(d.columns.map((c, i) => [c, r[i]]))));
  }
  return out;
}

type Term = number | string; // a published number, or a variable name

export interface Unknown {
  name: string;
  /** What the variable is: "reach-admin2 reached XA0102 idp CP", "hidden GBV reached XA0102 idp". */
  label: string;
  kind: "small" | "withheld" | "hidden";
  lo: number;
  hi: number;
  /** The published cell it stands for (hidden cells have none). */
  ref?: { dataset: string; row: number; column: string };
}

export interface AttackResult {
  unknowns: Unknown[];
  /** Equations whose every figure is published and that do not hold (the files contradict each other). */
  contradictions: string[];
  /** [lo, hi] of every unknown after attack. */
  intervals: Map<string, { lo: number; hi: number }>;
  solves: number;
  ms: number;
}

interface Equation {
  terms: { coef: number; term: Term }[];
  label: string;
}
interface MaxRelation {
  target: Term;
  members: Term[];
  label: string;
}

export class AttackModel {
  unknowns: Unknown[] = [];
  equations: Equation[] = [];
  maxes: MaxRelation[] = [];
  private n = 0;
  constructor(
    readonly threshold: number,
    readonly big: number
  ) {}

  /** A published value as a term: a number, or a new variable for "<5" and null. */
  term(value: unknown, label: string): Term | null {
    if (typeof value === "number") return value;
    if (value === `<${this.threshold}`) return this.variable(label, "small", 1, this.threshold - 1);
    if (value === null || value === undefined) return this.variable(label, "withheld", 0, this.big);
    return null;
  }

  variable(label: string, kind: Unknown["kind"], lo: number, hi: number): string {
    const name = `x${this.n++}`;
    this.unknowns.push({ name, label, kind, lo, hi });
    return name;
  }

  /** total = Σ members */
  sum(total: Term, members: Term[], label: string) {
    if (!members.length) return;
    this.equations.push({ terms: [{ coef: 1, term: total }, ...members.map((m) => ({ coef: -1, term: m }))], label });
  }

  max(target: Term, members: Term[], label: string) {
    if (members.length) this.maxes.push({ target, members, label });
  }
}

const isVar = (t: Term): t is string => typeof t === "string";

function lpNumber(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(6);
}

/** Minimise and maximise every unknown over the model, one connected component at a time. */
export async function attack(model: AttackModel, options: { integer?: boolean; attackKinds?: Unknown["kind"][]; only?: (u: Unknown) => boolean } = {}): Promise<AttackResult> {
  const started = Date.now();
  // the package's types describe an ES default export; under this project's module settings it arrives as the namespace's default
  const loader = ((highsModule as unknown as { default?: unknown }).default ?? highsModule) as () => Promise<{ solve(lp: string): { Status: string; ObjectiveValue: number } }>;
  const highs = await loader();
  const byName = new Map(model.unknowns.map((u) => [u.name, u]));
  const contradictions: string[] = [];
  // union-find over variables linked by a relation
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  for (const u of model.unknowns) parent.set(u.name, u.name);
  const unite = (vars: string[]) => {
    for (let i = 1; i < vars.length; i++) parent.set(find(vars[i]!), find(vars[0]!));
  };
  const equations: Equation[] = [];
  for (const e of model.equations) {
    const vars = e.terms.map((t) => t.term).filter(isVar);
    if (!vars.length) {
      const lhs = e.terms.reduce((s, t) => s + t.coef * (t.term as number), 0);
      if (Math.abs(lhs) > 0.5) contradictions.push(`${e.label}: off by ${lhs}`);
      continue;
    }
    unite(vars);
    equations.push(e);
  }
  const maxes: MaxRelation[] = [];
  for (const m of model.maxes) {
    const vars = [m.target, ...m.members].filter(isVar);
    if (!vars.length) {
      const top = Math.max(...(m.members as number[]));
      if (Math.abs(top - (m.target as number)) > 0.5) contradictions.push(`${m.label}: max ${top} ≠ ${String(m.target)}`);
      continue;
    }
    unite(vars);
    maxes.push(m);
  }
  const components = new Map<string, { vars: Set<string>; eqs: Equation[]; maxes: MaxRelation[] }>();
  const comp = (v: string) => {
    const r = find(v);
    if (!components.has(r)) components.set(r, { vars: new Set(), eqs: [], maxes: [] });
    return components.get(r)!;
  };
  for (const u of model.unknowns) comp(u.name).vars.add(u.name);
  for (const e of equations) comp(e.terms.map((t) => t.term).find(isVar)!).eqs.push(e);
  for (const m of maxes) comp([m.target, ...m.members].find(isVar)!).maxes.push(m);

  const intervals = new Map<string, { lo: number; hi: number }>();
  let solves = 0;
  const kinds = new Set(options.attackKinds ?? ["small", "withheld", "hidden"]);
  for (const c of components.values()) {
    const targets = [...c.vars].filter((v) => kinds.has(byName.get(v)!.kind) && (options.only?.(byName.get(v)!) ?? true));
    if (!targets.length) continue;
    if (!c.eqs.length && !c.maxes.length) {
      for (const v of targets) intervals.set(v, { lo: byName.get(v)!.lo, hi: byName.get(v)!.hi });
      continue;
    }
    const lines: string[] = [];
    let k = 0;
    const expr = (terms: { coef: number; term: Term }[]) => {
      let constant = 0;
      const parts: string[] = [];
      for (const t of terms) {
        if (isVar(t.term)) parts.push(`${t.coef >= 0 ? "+" : "-"} ${Math.abs(t.coef)} ${t.term}`);
        else constant += t.coef * t.term;
      }
      return { text: parts.join(" "), constant };
    };
    for (const e of c.eqs) {
      const { text, constant } = expr(e.terms);
      lines.push(` e${k++}: ${text} = ${lpNumber(-constant)}`);
    }
    const binaries: string[] = [];
    for (const m of c.maxes) {
      const M = model.big * 2;
      const zs: string[] = [];
      // known members fold into their largest; a known target reached by a known member needs no choice
      const known = m.members.filter((x): x is number => !isVar(x));
      const unknownMembers = m.members.filter(isVar);
      const topKnown = known.length ? Math.max(...known) : null;
      if (!isVar(m.target) && topKnown !== null && Math.abs(topKnown - m.target) < 0.5) {
        for (const member of unknownMembers) lines.push(` e${k++}: + 1 ${member} <= ${lpNumber(m.target)}`);
        continue;
      }
      const members: Term[] = [...unknownMembers, ...(topKnown !== null && isVar(m.target) ? [topKnown] : [])];
      if (!isVar(m.target) && topKnown !== null && topKnown > m.target + 0.5) contradictions.push(`${m.label}: a member above the maximum`);
      for (const member of members) {
        // target ≥ member
        const ge = expr([{ coef: 1, term: m.target }, { coef: -1, term: member }]);
        if (ge.text) lines.push(` e${k++}: ${ge.text} >= ${lpNumber(-ge.constant)}`);
        else if (ge.constant < -0.5) contradictions.push(`${m.label}: a member above the maximum`);
        // target ≤ member + M (1 − z): target − member + M z ≤ M
        const z = `z${binaries.length}`;
        binaries.push(z);
        zs.push(z);
        const le = expr([{ coef: 1, term: m.target }, { coef: -1, term: member }]);
        lines.push(` e${k++}: ${le.text ? `${le.text} ` : ""}+ ${M} ${z} <= ${lpNumber(M - le.constant)}`);
      }
      lines.push(` e${k++}: ${zs.map((z) => `+ ${z}`).join(" ")} = 1`);
    }
    const bounds = [...c.vars].map((v) => ` ${byName.get(v)!.lo} <= ${v} <= ${byName.get(v)!.hi}`);
    const general = options.integer === false ? [] : [...c.vars];
    // cells that play the same part (the hidden admin2 figures of one admin1: same bounds, same one
    // equation) have the same interval: solved once
    const signature = new Map<string, string>();
    for (const e of c.eqs) for (const t of e.terms) if (isVar(t.term)) signature.set(t.term, `${signature.get(t.term) ?? ""}|${c.eqs.indexOf(e)}:${t.coef}`);
    for (const m of c.maxes) for (const t of [m.target, ...m.members]) if (isVar(t)) signature.set(t, `${signature.get(t) ?? ""}|max${c.maxes.indexOf(m)}:${t === m.target ? "t" : "m"}`);
    const solvedBySignature = new Map<string, { lo: number; hi: number }>();
    for (const v of targets) {
      const u = byName.get(v)!;
      const sig = `${u.kind}|${u.lo}|${u.hi}${signature.get(v) ?? ""}`;
      if (u.kind === "hidden" && solvedBySignature.has(sig)) {
        intervals.set(v, solvedBySignature.get(sig)!);
        continue;
      }
      const result: number[] = [];
      for (const sense of ["Minimize", "Maximize"]) {
        const lp = [sense, ` obj: ${v}`, "Subject To", ...lines, "Bounds", ...bounds, ...(general.length ? ["General", ` ${general.join(" ")}`] : []), ...(binaries.length ? ["Binary", ` ${binaries.join(" ")}`] : []), "End"].join("\n");
        const r = highs.solve(lp);
        solves++;
        if (r.Status !== "Optimal") throw new Error(`attack: ${r.Status} for ${byName.get(v)!.label}`);
        result.push(r.ObjectiveValue);
      }
      const iv = { lo: Math.round(result[0]! * 1e6) / 1e6, hi: Math.round(result[1]! * 1e6) / 1e6 };
      intervals.set(v, iv);
      if (u.kind === "hidden") solvedBySignature.set(sig, iv);
    }
  }
  return { unknowns: model.unknowns, contradictions, intervals, solves, ms: Date.now() - started };
}

const s = (v: unknown) => (v == null ? "" : String(v));
const isAll = (g: unknown) => g == null || ["all", "total", "all groups"].includes(String(g).toLowerCase());

/** The attacker's model of a public build, from its files only. */
export function modelFromFiles(files: Map<string, Obj[]>, options: { threshold: number; sensitiveAors: string[] }): AttackModel {
  const sensitive = new Set(options.sensitiveAors.map((a) => a.toUpperCase()));
  const allNumbers: number[] = [];
  for (const rows of files.values()) for (const r of rows) for (const v of Object.values(r)) if (typeof v === "number") allNumbers.push(v);
  const big = Math.max(100, ...allNumbers) * 2;
  const model = new AttackModel(options.threshold, big);
  const areas = files.get("areas-admin2") ?? [];
  const admin2Of = new Map<string, string[]>();
  for (const a of areas) admin2Of.set(s(a.admin1_pcode), [...(admin2Of.get(s(a.admin1_pcode)) ?? []), s(a.pcode)]);
  const isAdmin2 = new Set(areas.map((a) => s(a.pcode)));

  const terms = new Map<string, Term>(); // dataset|row|column → term
  const t = (dataset: string, i: number, row: Obj, col: string, label: string): Term | null => {
    const k = `${dataset}|${i}|${col}`;
    if (!terms.has(k)) {
      const term = model.term(row[col], `${dataset} ${col} ${label}`);
      if (term === null) return null;
      if (typeof term === "string") model.unknowns[model.unknowns.length - 1]!.ref = { dataset, row: i, column: col };
      terms.set(k, term);
    }
    return terms.get(k)!;
  };
  const group = <T>(rows: T[], key: (r: T) => string) => {
    const m = new Map<string, T[]>();
    for (const r of rows) m.set(key(r), [...(m.get(key(r)) ?? []), r]);
    return m;
  };

  // ── reach ──
  const ra = (files.get("reach-admin2") ?? []).map((r, i) => ({ r, i }));
  const rc = (files.get("reach-country") ?? []).map((r, i) => ({ r, i }));
  const ro = (files.get("reach-org") ?? []).map((r, i) => ({ r, i }));
  const cv = (files.get("coverage") ?? []).map((r, i) => ({ r, i }));
  const gp = (files.get("gaps") ?? []).map((r, i) => ({ r, i }));
  const label = (r: Obj) => [r.quarter ?? r.period, r.admin2_pcode, r.population_group, r.aor, r.org_lead].filter((x) => x != null).join(" ");
  const hidden = new Map<string, Term[]>(); // family|col|period|admin1|group|aor → hidden admin2 terms
  const hideUnder = (family: string, dataset: string, col: string, rows: { r: Obj; i: number }[], period: string) => {
    for (const { r, i } of rows) {
      if (!sensitive.has(s(r.aor).toUpperCase())) continue;
      const total = t(dataset, i, r, col, label(r));
      if (total === null) continue;
      const admin2s = admin2Of.get(s(r.admin2_pcode)) ?? [];
      const members = admin2s.map((a2) => model.variable(`hidden ${s(r.aor)} ${family} ${col} ${s(r[period])} ${a2} ${s(r.population_group)}`, "hidden", 0, big));
      model.sum(total, members, `${dataset} ${col} ${label(r)} = Σ hidden admin2`);
      hidden.set([family, col, s(r[period]), s(r.admin2_pcode), s(r.population_group), s(r.aor)].join("|"), members);
    }
  };
  for (const col of ["targeted", "reached"]) {
    // country = Σ area rows
    const byKey = group(ra, ({ r }) => [r.quarter, r.population_group, r.aor].map(s).join("|"));
    for (const { r, i } of rc) {
      if (isAll(r.population_group)) continue;
      const members = byKey.get([r.quarter, r.population_group, r.aor].map(s).join("|")) ?? [];
      const total = t("reach-country", i, r, col, label(r));
      const ms = members.map(({ r: m, i: j }) => t("reach-admin2", j, m, col, label(m)));
      if (total !== null && ms.every((x) => x !== null) && ms.length) model.sum(total, ms as Term[], `reach-country ${col} ${label(r)} = Σ areas`);
    }
    // country 'all' = Σ groups
    const countryGroups = group(rc, ({ r }) => [r.quarter, r.aor].map(s).join("|"));
    for (const { r, i } of rc) {
      if (!isAll(r.population_group)) continue;
      const members = (countryGroups.get([r.quarter, r.aor].map(s).join("|")) ?? []).filter(({ r: m }) => !isAll(m.population_group));
      const total = t("reach-country", i, r, col, label(r));
      const ms = members.map(({ r: m, i: j }) => t("reach-country", j, m, col, label(m)));
      if (total !== null && ms.length) model.sum(total, ms as Term[], `reach-country ${col} ${label(r)} = Σ groups`);
    }
    // admin2 ALL = max over AoRs; AoR = max over organisations
    const cells = group(
      ra.filter(({ r }) => isAdmin2.has(s(r.admin2_pcode))),
      ({ r }) => [r.quarter, r.admin2_pcode, r.population_group].map(s).join("|")
    );
    for (const members of cells.values()) {
      const all = members.find(({ r }) => r.aor === "ALL");
      const aors = members.filter(({ r }) => r.aor !== "ALL");
      if (all && aors.length) model.max(t("reach-admin2", all.i, all.r, col, label(all.r))!, aors.map(({ r, i }) => t("reach-admin2", i, r, col, label(r))!), `reach-admin2 ${col} ALL = max AoRs ${label(all.r)}`);
    }
    const orgs = group(ro, ({ r }) => [r.quarter, r.admin2_pcode, r.population_group, r.aor].map(s).join("|"));
    for (const { r, i } of ra) {
      const members = orgs.get([r.quarter, r.admin2_pcode, r.population_group, r.aor].map(s).join("|"));
      if (members?.length) model.max(t("reach-admin2", i, r, col, label(r))!, members.map(({ r: m, i: j }) => t("reach-org", j, m, col, label(m))!), `reach-admin2 ${col} ${label(r)} = max organisations`);
    }
    hideUnder("reach", "reach-admin2", col, ra, "quarter");
  }
  // coverage.reached = Σ groups of admin2 ALL
  const allReach = group(
    ra.filter(({ r }) => r.aor === "ALL"),
    ({ r }) => [r.quarter, r.admin2_pcode].map(s).join("|")
  );
  for (const { r, i } of cv) {
    const members = allReach.get([r.quarter, r.admin2_pcode].map(s).join("|"));
    if (!members?.length) continue;
    const total = t("coverage", i, r, "reached", label(r))!;
    model.sum(total, members.map(({ r: m, i: j }) => t("reach-admin2", j, m, "reached", label(m))!), `coverage reached ${label(r)} = Σ groups`);
  }

  // ── PiN ──
  const pn = (files.get("pin") ?? []).map((r, i) => ({ r, i }));
  const pc = (files.get("pin-country") ?? []).map((r, i) => ({ r, i }));
  const partsOf = ["pin_girls", "pin_boys", "pin_women", "pin_men"];
  for (const col of ["pin", "population", ...partsOf]) {
    const byKey = group(pn, ({ r }) => [r.period, r.population_group, r.aor].map(s).join("|"));
    for (const { r, i } of pc) {
      if (isAll(r.population_group) || (r.aor === "ALL" && partsOf.includes(col))) continue;
      const members = byKey.get([r.period, r.population_group, r.aor].map(s).join("|")) ?? [];
      const total = t("pin-country", i, r, col, label(r));
      const ms = members.map(({ r: m, i: j }) => t("pin", j, m, col, label(m)));
      if (total !== null && ms.length && ms.every((x) => x !== null)) model.sum(total, ms as Term[], `pin-country ${col} ${label(r)} = Σ areas`);
    }
    const countryGroups = group(pc, ({ r }) => [r.period, r.aor].map(s).join("|"));
    for (const { r, i } of pc) {
      // the 'all' group's population is the area's whole population, not the sum of the groups listed
      if (!isAll(r.population_group) || col === "population" || (r.aor === "ALL" && partsOf.includes(col))) continue;
      const members = (countryGroups.get([r.period, r.aor].map(s).join("|")) ?? []).filter(({ r: m }) => !isAll(m.population_group));
      const total = t("pin-country", i, r, col, label(r));
      const ms = members.map(({ r: m, i: j }) => t("pin-country", j, m, col, label(m)));
      if (total !== null && ms.length && ms.every((x) => x !== null)) model.sum(total, ms as Term[], `pin-country ${col} ${label(r)} = Σ groups`);
    }
    if (col === "pin" || col === "population") {
      const cells = group(
        pn.filter(({ r }) => isAdmin2.has(s(r.admin2_pcode))),
        ({ r }) => [r.period, r.admin2_pcode, r.population_group].map(s).join("|")
      );
      for (const members of cells.values()) {
        const all = members.find(({ r }) => r.aor === "ALL");
        const aors = members.filter(({ r }) => r.aor !== "ALL");
        if (all && aors.length) model.max(t("pin", all.i, all.r, col, label(all.r))!, aors.map(({ r, i }) => t("pin", i, r, col, label(r))!), `pin ${col} ALL = max AoRs ${label(all.r)}`);
      }
    }
    if (col !== "pin" && col !== "population") continue;
  }
  for (const rows of [pn.map((x) => ({ ...x, d: "pin" })), pc.map((x) => ({ ...x, d: "pin-country" }))]) {
    for (const { r, i, d } of rows) {
      if (r.aor === "ALL") continue;
      const total = t(d, i, r, "pin", label(r));
      const ms = partsOf.map((c) => t(d, i, r, c, label(r)));
      if (total !== null && ms.every((x) => x !== null)) model.sum(total, ms as Term[], `${d} parts ${label(r)}`);
    }
  }
  for (const col of ["pin", "population", ...partsOf]) hideUnder("pin", "pin", col, pn, "period");
  // hidden parts add up to the hidden pin
  for (const [key, pins] of hidden) {
    const [family, col, ...rest] = key.split("|");
    if (family !== "pin" || col !== "pin") continue;
    const parts = partsOf.map((c) => hidden.get([family, c, ...rest].join("|")));
    if (parts.every((p) => p && p.length === pins.length)) pins.forEach((p, j) => model.sum(p, parts.map((q) => q![j]!), `hidden parts ${key}`));
  }
  // coverage.pin and gaps.pin = Σ groups of the admin2 ALL PiN of the latest period
  const period = [...new Set(pn.map(({ r }) => s(r.period)))].sort().pop();
  const allPin = group(
    pn.filter(({ r }) => r.aor === "ALL" && s(r.period) === period),
    ({ r }) => s(r.admin2_pcode)
  );
  for (const [dataset, rows] of [["coverage", cv], ["gaps", gp]] as const) {
    for (const { r, i } of rows) {
      const members = allPin.get(s(r.admin2_pcode));
      if (!members?.length) continue;
      const total = t(dataset, i, r, "pin", label(r));
      if (total === null) continue;
      model.sum(total, members.map(({ r: m, i: j }) => t("pin", j, m, "pin", label(m))!), `${dataset} pin ${label(r)} = Σ groups`);
    }
  }
  return model;
}
