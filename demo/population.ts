/** COD-PS style population by admin2 / admin1 with sex and age bands. */
import { SEED } from "./config.ts";
import type { Admin1, Admin2, Geography } from "./geography.ts";
import { apportion, rngFor } from "./random.ts";

export const AGE_BANDS = ["00_04", "05_09", "10_14", "15_17", "18_59", "60Plus"] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
/** Bands under 18 (children). */
export const CHILD_BANDS: readonly AgeBand[] = ["00_04", "05_09", "10_14", "15_17"];

export interface SexAge {
  F: Record<AgeBand, number>;
  M: Record<AgeBand, number>;
  F_TL: number;
  M_TL: number;
  T_TL: number;
}

export interface PopulationTable {
  admin2: Map<string, SexAge>;
  admin1: Map<string, SexAge>;
}

const BASE_SHARES = [0.17, 0.15, 0.13, 0.07, 0.42, 0.06];

function bands(values: number[]): Record<AgeBand, number> {
  return Object.fromEntries(AGE_BANDS.map((b, i) => [b, values[i]!])) as Record<AgeBand, number>;
}

export function buildPopulation(geo: Geography, seed = SEED): PopulationTable {
  const rng = rngFor(seed, "population:cod-ps");
  const admin2 = new Map<string, SexAge>();
  const lo = Math.log(20_000);
  const hi = Math.log(600_000);
  for (const a2 of geo.admin2) {
    let total: number;
    if (a2.pcode === "XD0101") total = 587_400; // the capital district
    else total = Math.round(Math.exp(lo + (hi - lo) * Math.pow(rng.next(), 1.6)) / 10) * 10;
    total = Math.min(600_000, Math.max(20_000, total));
    const fShare = rng.float(0.49, 0.525);
    const F_TL = Math.round(total * fShare);
    const M_TL = total - F_TL;
    const jitter = () => BASE_SHARES.map((s) => s * rng.float(0.9, 1.1));
    const F = bands(apportion(F_TL, jitter()));
    const M = bands(apportion(M_TL, jitter()));
    admin2.set(a2.pcode, { F, M, F_TL, M_TL, T_TL: F_TL + M_TL });
  }
  const admin1 = new Map<string, SexAge>();
  for (const a1 of geo.admin1) admin1.set(a1.pcode, sumOf(geo.admin2.filter((a) => a.admin1 === a1).map((a) => admin2.get(a.pcode)!)));
  return { admin2, admin1 };
}

function sumOf(rows: SexAge[]): SexAge {
  const zero = () => bands(AGE_BANDS.map(() => 0));
  const out: SexAge = { F: zero(), M: zero(), F_TL: 0, M_TL: 0, T_TL: 0 };
  for (const r of rows) {
    for (const b of AGE_BANDS) {
      out.F[b] += r.F[b];
      out.M[b] += r.M[b];
    }
    out.F_TL += r.F_TL;
    out.M_TL += r.M_TL;
    out.T_TL += r.T_TL;
  }
  return out;
}

/** Share of children (<18) among females / males of an area. */
export function childShares(p: SexAge): { f: number; m: number } {
  const f = CHILD_BANDS.reduce((s, b) => s + p.F[b], 0) / p.F_TL;
  const m = CHILD_BANDS.reduce((s, b) => s + p.M[b], 0) / p.M_TL;
  return { f, m };
}

export const COD_PS_ADM2_COLUMNS = [
  "ADM0_EN", "ADM0_PCODE", "ADM1_EN", "ADM1_PCODE", "ADM2_EN", "ADM2_PCODE",
  "F_TL", "M_TL", "T_TL",
  ...AGE_BANDS.map((b) => `F_${b}`),
  ...AGE_BANDS.map((b) => `M_${b}`),
] as const;
export const COD_PS_ADM1_COLUMNS = COD_PS_ADM2_COLUMNS.filter((c) => !c.startsWith("ADM2_"));

function popValues(p: SexAge): number[] {
  return [p.F_TL, p.M_TL, p.T_TL, ...AGE_BANDS.map((b) => p.F[b]), ...AGE_BANDS.map((b) => p.M[b])];
}

export function codPsAdm2Rows(geo: Geography, pop: PopulationTable): (string | number)[][] {
  return geo.admin2.map((a2: Admin2) => [
    geo.admin0.name, geo.admin0.pcode, a2.admin1.name, a2.admin1.pcode, a2.name, a2.pcode,
    ...popValues(pop.admin2.get(a2.pcode)!),
  ]);
}

export function codPsAdm1Rows(geo: Geography, pop: PopulationTable): (string | number)[][] {
  return geo.admin1.map((a1: Admin1) => [
    geo.admin0.name, geo.admin0.pcode, a1.name, a1.pcode, ...popValues(pop.admin1.get(a1.pcode)!),
  ]);
}
