// Types for needs.js (imported by the unit tests; pages use the JavaScript directly).
export type NeedsRow = Record<string, unknown> & { admin2_pcode?: string; population_group?: string | null; aor?: string; period?: string };
export interface AreaNeeds {
  admin2_pcode: string;
  admin1_pcode: string | null;
  severity: number | null;
  pin: number | null;
  population: number | null;
  top_indicators: string | null;
  n_indicators: number | null;
  methods: Set<string>;
}
export interface Admin1Needs {
  admin1_pcode: string;
  severity: number | null;
  pin: number | null;
  population: number | null;
  worst: string | null;
  areas: number;
  assessed: number;
}
export const AORS: string[];
export const AOR_LABELS: Record<string, string>;
export function latest<T>(values: Iterable<T>): T | null;
export function aorRows(rows: NeedsRow[], options?: { period?: string | null; aor?: string; areaKey?: string; fields?: string[] }): NeedsRow[];
export function needsByAdmin2(severityRows: NeedsRow[], pinRows: NeedsRow[], options?: { period?: string | null; aor?: string; group?: string }): Map<string, AreaNeeds>;
export function needsByAdmin1(byAdmin2: Map<string, AreaNeeds>, admin1Of?: Map<string, string | null>): Map<string, Admin1Needs>;
export function nationalFigure(rows: NeedsRow[], options: { field: string; match: (row: NeedsRow) => boolean }): number | null;
