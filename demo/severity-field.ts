/**
 * Latent need: one spatially smooth severity per admin2 (and per AoR), used both to shape
 * the 5W (more partners and reach where it is higher) and to produce the severity inputs.
 */
import { AORS, SEED, type AorCode } from "./config.ts";
import { admin2Centroid, type Mesh } from "./boundaries.ts";
import type { Geography } from "./geography.ts";
import { rngFor } from "./random.ts";

/** Conflict / displacement hotspots: lon, lat, amplitude, radius (degrees). */
const HOTSPOTS = [
  { lon: 18.6, lat: 12.9, amp: 3.9, r: 2.3 },
  { lon: 9.0, lat: 8.2, amp: 3.2, r: 1.9 },
  { lon: 13.8, lat: 5.0, amp: 2.6, r: 1.9 },
  { lon: 14.2, lat: 10.6, amp: 1.3, r: 1.4 },
];

/** Mine contamination follows the north-east and west fronts only. */
const MA_HOTSPOTS = [HOTSPOTS[0]!, HOTSPOTS[1]!];

const AOR_BIAS: Record<AorCode, number> = { GP: 0, CP: 0, GBV: 0.25, MA: -0.9, HLP: -0.2 };

export interface SeverityField {
  /** continuous latent severity (about 1–5) */
  latent: Map<string, number>;
  /** integer 1–5 */
  level: Map<string, number>;
  /** integer 1–5 per AoR: byAor.get(pcode)![aor] */
  byAor: Map<string, Record<AorCode, number>>;
}

const clampLevel = (x: number) => Math.max(1, Math.min(5, Math.round(x)));

function bump(lon: number, lat: number, spots: typeof HOTSPOTS): number {
  return spots.reduce((s, h) => s + h.amp * Math.exp(-((lon - h.lon) ** 2 + (lat - h.lat) ** 2) / (2 * h.r * h.r)), 0);
}

export function buildSeverityField(geo: Geography, mesh: Mesh, seed = SEED): SeverityField {
  const rng = rngFor(seed, "severity:field");
  const latent = new Map<string, number>();
  const level = new Map<string, number>();
  const byAor = new Map<string, Record<AorCode, number>>();
  for (const a2 of geo.admin2) {
    const [lon, lat] = admin2Centroid(mesh, a2);
    const s = Math.min(5.2, 1.0 + bump(lon, lat, HOTSPOTS) + rng.float(-0.35, 0.35));
    latent.set(a2.pcode, s);
    level.set(a2.pcode, clampLevel(s));
    const ma = 1 + bump(lon, lat, MA_HOTSPOTS) * 1.2;
    const rec = {} as Record<AorCode, number>;
    for (const aor of AORS) {
      const base = aor === "MA" ? ma : s + AOR_BIAS[aor];
      rec[aor] = clampLevel(base + rng.float(-0.45, 0.45));
    }
    byAor.set(a2.pcode, rec);
  }
  return { latent, level, byAor };
}
