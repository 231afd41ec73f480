/** Which 5W file each record is sent in (each partner × month sits in exactly one file). */
import { YEAR } from "./config.ts";
import type { Record5W } from "./five-w.ts";

export type FiveWKind = "cluster" | "french-xlsx" | "french-csv" | "ma-csv";

export interface FiveWTarget {
  path: string;
  kind: FiveWKind;
  sheet?: string;
  /** the partner file carrying personal-data columns */
  pii?: boolean;
}

export const quarterFile = (q: number): FiveWTarget => ({ path: `5w/XDM_5W_${YEAR}_Q${q}.xlsx`, kind: "cluster", sheet: "5W" });

/** NNGOs sending their own French workbook: months 1..upTo are only in that file. */
export const FRENCH_XLSX = [
  { acronym: "JSM", upTo: 3, pii: false },
  { acronym: "ESPOIR", upTo: 6, pii: false },
  { acronym: "APFK", upTo: 6, pii: true },
].map((f) => ({
  ...f,
  target: {
    path: `5w/rapport_5W_ONG-${f.acronym}_${YEAR}-${String(f.upTo).padStart(2, "0")}.xlsx`,
    kind: "french-xlsx",
    sheet: "Données",
    pii: f.pii,
  } satisfies FiveWTarget,
}));

/** One CSV from French Excel gathering several NNGOs for July–September. */
export const FRENCH_CSV = {
  acronyms: new Set(["REFEL", "ACP", "ADJ", "GRAE"]),
  months: new Set([7, 8, 9]),
  target: { path: `5w/5W_partenaires_${YEAR}-09.csv`, kind: "french-csv" } satisfies FiveWTarget,
};

/** The Mine Action AoR consolidates its own 5W for the whole year. */
export const MINE_ACTION_CSV: FiveWTarget = { path: `5w/5w_mine_action_${YEAR}.csv`, kind: "ma-csv" };

export function routeRecord(r: Record5W): FiveWTarget {
  if (r.activity.aor === "MA") return MINE_ACTION_CSV;
  const fr = FRENCH_XLSX.find((f) => f.acronym === r.partner.acronym && r.month <= f.upTo);
  if (fr) return fr.target;
  if (FRENCH_CSV.acronyms.has(r.partner.acronym) && FRENCH_CSV.months.has(r.month)) return FRENCH_CSV.target;
  return quarterFile(Math.ceil(r.month / 3));
}

/** All targets in a stable order. */
export function allTargets(): FiveWTarget[] {
  return [1, 2, 3, 4].map(quarterFile).concat(FRENCH_XLSX.map((f) => f.target), [FRENCH_CSV.target, MINE_ACTION_CSV]);
}
