// Types for reach-filter.js (imported by the unit tests; pages use the JavaScript directly).
export interface ReachRow {
  quarter?: string | null;
  admin1_pcode?: string | null;
  admin2_pcode: string;
  population_group?: string | null;
  aor?: string | null;
  org_lead?: string | null;
  org_type?: string | null;
  targeted?: unknown;
  reached?: unknown;
  [key: string]: unknown;
}
export interface ReachFilters {
  quarter?: string | null;
  /** "ALL" (default) or one AoR code. */
  aor?: string | null;
  orgType?: string | null;
  org?: string | null;
  admin1?: string | null;
}
export interface AreaReach {
  admin2_pcode: string;
  admin1_pcode: string | null;
  reached: number;
  targeted: number;
  partners: number;
  orgs: Set<string>;
  byGroup: Record<string, number | null>;
  incomplete: boolean;
}
export const ALL_GROUPS: Set<string>;
export function isAllGroup(group: unknown): boolean;
export function count(value: unknown): number | null;
export function withAdmin1<T extends ReachRow>(rows: T[], admin1Of: Map<string, string | null>): T[];
export function reachByAdmin2(rows: ReachRow[], filters?: ReachFilters): Map<string, AreaReach>;
export function pipelineReachByAdmin2(rows: ReachRow[], filters?: Pick<ReachFilters, "quarter" | "aor" | "admin1">): Map<string, AreaReach>;
export function partnersByAdmin2(rows: ReachRow[], filters?: ReachFilters): Map<string, Set<string>>;
export function totalReached(areas: Map<string, { reached: number | null }>): number;
export function organisations(rows: ReachRow[], orgType?: string | null): string[];
export function organisationsIn(rows: ReachRow[], filters?: ReachFilters): string[];
