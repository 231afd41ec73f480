/**
 * Clean 5W activity records: one per organisation × activity × admin2 × location × population
 * group × reporting month. Person indicators are cumulative (year to date), service counts new.
 */
import { POP_GROUPS, SEED, type PopGroup } from "./config.ts";
import type { Activity } from "./activities.ts";
import type { Admin2 } from "./geography.ts";
import type { HnoGroups } from "./hno.ts";
import type { OrgType, Partner, PartnerPlan } from "./partners.ts";
import { apportion, rngFor, type Rng } from "./random.ts";
import type { SeverityField } from "./severity-field.ts";

export interface Disagg {
  girls: number;
  boys: number;
  women: number;
  men: number;
}
export const DISAGG_KEYS = ["girls", "boys", "women", "men"] as const;

export type Status = "Planned" | "Ongoing" | "Completed";
export type Modality = "In-person" | "Mobile team" | "Remote";
export const STATUS_FR: Record<Status, string> = { Planned: "Planifié", Ongoing: "En cours", Completed: "Terminé" };
export const MODALITY_FR: Record<Modality, string> = { "In-person": "Présentiel", "Mobile team": "Équipe mobile", Remote: "À distance" };

export interface Record5W {
  id: string;
  seriesId: string;
  partner: Partner;
  /** implementing partner (the partner itself for direct implementation) */
  impl: string;
  activity: Activity;
  admin2: Admin2;
  location: string;
  group: PopGroup;
  /** 1–12 */
  month: number;
  status: Status;
  modality: Modality;
  /** null when the indicator is not disaggregated (sessions) */
  targeted: Disagg | null;
  targetedTotal: number;
  reached: Disagg | null;
  reachedTotal: number;
  /** set on planted corrections: id of the record this one replaces */
  correctionOf?: string;
}

const TYPE_FACTOR: Record<OrgType, number> = {
  UN: 1.5, INGO: 1.2, NNGO: 0.8, Government: 0.7, "Red Cross/Red Crescent": 1.0, Other: 0.5,
};

export const sumDisagg = (d: Disagg) => d.girls + d.boys + d.women + d.men;
const toDisagg = (v: number[]): Disagg => ({ girls: v[0]!, boys: v[1]!, women: v[2]!, men: v[3]! });

interface SeriesSpec {
  plan: PartnerPlan;
  impl: string;
  activity: Activity;
  admin2: Admin2;
  location: string;
  group: PopGroup;
  groupSize: number;
  modality: Modality;
}

export function generateRecords(plans: PartnerPlan[], hno: HnoGroups, sev: SeverityField, seed = SEED): Record5W[] {
  const rng = rngFor(seed, "five-w:records");
  const records: Record5W[] = [];
  let seriesNo = 0;
  for (const plan of plans) {
    for (const activity of plan.activities) {
      const where = plan.admin2.filter(() => rng.chance(0.95));
      if (where.length === 0) where.push(rng.pick(plan.admin2));
      for (const admin2 of where) {
        const groups = (hno.get(admin2.pcode) ?? []).filter((g) => g.total >= 200);
        if (groups.length === 0) continue;
        const nGroups = Math.min(groups.length, rng.int(1, 3) === 1 ? 1 : rng.int(2, 3));
        const chosen = rng
          .sample(groups, nGroups)
          .sort((a, b) => POP_GROUPS.indexOf(a.group) - POP_GROUPS.indexOf(b.group));
        for (const g of chosen) {
          const r = rng.next();
          const nLoc = r < 0.35 ? 1 : r < 0.8 ? 2 : 3;
          for (const location of rng.sample(admin2.locations, nLoc)) {
            const impl = plan.implementers.length > 0 && rng.chance(0.7) ? rng.pick(plan.implementers) : plan.partner.name;
            const modality: Modality = activity.code.startsWith("HLP") && rng.chance(0.25) ? "Remote" : rng.chance(0.2) ? "Mobile team" : "In-person";
            const spec: SeriesSpec = { plan, impl, activity, admin2, location, group: g.group, groupSize: g.total, modality };
            seriesNo++;
            records.push(...seriesRecords(spec, `S${String(seriesNo).padStart(5, "0")}`, sev, rng));
          }
        }
      }
    }
  }
  records.forEach((r, i) => (r.id = `R${String(i + 1).padStart(6, "0")}`));
  return records;
}

function seriesRecords(spec: SeriesSpec, seriesId: string, sev: SeverityField, rng: Rng): Record5W[] {
  const { plan, activity } = spec;
  let start = plan.start + (rng.chance(0.3) ? rng.int(0, 3) : 0);
  let end = rng.chance(0.15) ? rng.int(start + 1, plan.end) : plan.end;
  if (end > plan.end) end = plan.end;
  if (start >= end) start = Math.max(plan.start, end - 1);
  const months: number[] = [];
  for (let m = start; m <= end; m++) months.push(m);
  const reported = new Set(months.filter((m) => !plan.skipped.has(m) && !(m > start && m < end && rng.chance(0.04))));

  const level = sev.level.get(spec.admin2.pcode)!;
  const sevFactor = 0.4 + 0.3 * (level - 1);
  const popFactor = Math.min(2.5, Math.max(0.3, (spec.groupSize / 20_000) ** 0.35));
  let scale = 1.3 * activity.base * sevFactor * popFactor * TYPE_FACTOR[plan.partner.type] * rng.lognormal(0.35);
  if (activity.disaggregated) {
    // a single partner does not reach more than ~8% of the group in a year
    const cap = (0.08 * spec.groupSize) / months.length;
    scale = Math.min(scale, Math.max(1, cap));
    // and keeps year-to-date figures within "a few thousand" per row
    if (activity.reporting === "cumulative") scale = Math.min(scale, 4500 / months.length);
  }
  const shares = activity.shares.map((s) => (s > 0 ? s * rng.float(0.85, 1.15) : 0));

  const newCounts = new Map<number, number[]>();
  for (const m of months) {
    const ramp = m === start ? 0.6 : 1;
    const n = Math.max(1, Math.round(scale * ramp * rng.float(0.6, 1.4)));
    newCounts.set(m, activity.disaggregated ? apportion(n, shares) : [n]);
  }
  const cumulative = new Map<number, number[]>();
  let acc = [0, 0, 0, 0].slice(0, activity.disaggregated ? 4 : 1);
  for (const m of months) {
    acc = acc.map((v, i) => v + newCounts.get(m)![i]!);
    cumulative.set(m, acc);
  }
  const isCumulative = activity.reporting === "cumulative";
  const annualTarget = cumulative.get(end)!.map((v) => (v > 0 ? Math.ceil(v * rng.float(1.05, 1.5)) : 0));

  const base = {
    seriesId,
    partner: plan.partner,
    impl: spec.impl,
    activity,
    admin2: spec.admin2,
    location: spec.location,
    group: spec.group,
    modality: spec.modality,
  };
  const make = (month: number, status: Status, reached: number[], targeted: number[]): Record5W => ({
    ...base,
    id: "",
    month,
    status,
    reached: activity.disaggregated ? toDisagg(reached) : null,
    reachedTotal: reached.reduce((a, b) => a + b, 0),
    targeted: activity.disaggregated ? toDisagg(targeted) : null,
    targetedTotal: targeted.reduce((a, b) => a + b, 0),
  });

  const out: Record5W[] = [];
  if (start >= 3 && rng.chance(0.2) && !plan.skipped.has(start - 1)) {
    const target = isCumulative ? annualTarget : newCounts.get(start)!.map((v) => Math.ceil(v * 1.2));
    out.push(make(start - 1, "Planned", target.map(() => 0), target));
  }
  for (const m of months) {
    if (!reported.has(m)) continue;
    const status: Status = m === end && end < 12 ? "Completed" : "Ongoing";
    if (isCumulative) out.push(make(m, status, cumulative.get(m)!, annualTarget));
    else {
      const n = newCounts.get(m)!;
      out.push(make(m, status, n, n.map((v) => (v > 0 ? Math.ceil(v * rng.float(1.0, 1.4)) : 0))));
    }
  }
  return out;
}
