// Types for pledges-filter.js (imported by the unit tests; the page uses the JavaScript directly).
export type PledgeRow = Record<string, unknown>;
export interface PledgeFilters {
  entityTypes?: string[];
  objectives?: string[];
  areas?: string[];
  stages?: string[];
  grfYears?: string[];
  operationOnly?: boolean;
}
export const STAGES: string[];
export const STAGE_COLORS: Record<string, string>;
export const OBJECTIVE_LABELS: Record<string, string>;
export function splitList(value: unknown): string[];
export function matchesAny(values: string[], chosen: string[] | null | undefined): boolean;
export function valuesOf(rows: PledgeRow[], key: string, options?: { multi?: boolean }): string[];
export function filterPledges<T extends PledgeRow>(rows: T[], filters?: PledgeFilters): T[];
export function funnel(rows: PledgeRow[]): { step: string; pledges: number; stage: string }[];
