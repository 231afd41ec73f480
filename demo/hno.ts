/** HNO population groups per admin2 (IDP, returnees, host community, refugees). */
import { SEED, type PopGroup } from "./config.ts";
import type { Geography } from "./geography.ts";
import { childShares, type PopulationTable } from "./population.ts";
import { rngFor } from "./random.ts";
import type { SeverityField } from "./severity-field.ts";

export interface GroupFigures {
  group: PopGroup;
  girls: number;
  boys: number;
  women: number;
  men: number;
  total: number;
}

export type HnoGroups = Map<string, GroupFigures[]>;

export function buildHnoGroups(geo: Geography, pop: PopulationTable, sev: SeverityField, seed = SEED): HnoGroups {
  const rng = rngFor(seed, "population:hno-groups");
  const out: HnoGroups = new Map();
  for (const a2 of geo.admin2) {
    const p = pop.admin2.get(a2.pcode)!;
    const s = sev.latent.get(a2.pcode)!;
    const total = p.T_TL;
    const idp = s < 1.8 && rng.chance(0.5) ? 0 : total * Math.min(0.3, Math.max(0.004, 0.03 * (s - 1) + rng.float(-0.01, 0.04)));
    const ret = s >= 2 ? total * rng.float(0.005, 0.05) : 0;
    // refugees along the eastern and western borders, in some districts only
    const border = a2.col >= 8 || a2.col <= 0;
    const ref = border && rng.chance(0.7) ? total * rng.float(0.01, 0.07) : rng.chance(0.1) ? total * rng.float(0.002, 0.01) : 0;
    const rest = total - idp - ret - ref;
    const host = s >= 1.8 || idp > 0 ? rest * rng.float(0.35, 0.8) : 0;
    const figures: GroupFigures[] = [];
    const cs = childShares(p);
    const fShare = p.F_TL / p.T_TL;
    const add = (group: PopGroup, n: number, childBoost: number) => {
      const size = Math.round(n);
      if (size < 50) return;
      const fc = Math.min(0.75, cs.f * childBoost);
      const mc = Math.min(0.75, cs.m * childBoost);
      const f = Math.round(size * fShare * rng.float(0.98, 1.04));
      const m = size - f;
      const girls = Math.round(f * fc);
      const boys = Math.round(m * mc);
      figures.push({ group, girls, boys, women: f - girls, men: m - boys, total: size });
    };
    add("IDP", idp, 1.08);
    add("Returnees", ret, 1.0);
    add("Host community", host, 1.0);
    add("Refugees", ref, 1.12);
    out.set(a2.pcode, figures);
  }
  return out;
}

export function groupFigure(hno: HnoGroups, pcode: string, group: PopGroup): GroupFigures | undefined {
  return hno.get(pcode)?.find((g) => g.group === group);
}
