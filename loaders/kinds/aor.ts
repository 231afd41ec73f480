// AoR from the AoR column, or from the sector column when a file has only a sector.
import { literal } from "../../warehouse/sql.ts";
import { insertSheetIssues } from "../validate.ts";
import type { SheetContext } from "./kind.ts";
import { AOR_PATTERNS, OTHER_SECTORS } from "./vocabulary.ts";

const pattern = (re: RegExp) => literal(re.source);

export function aorCase(expr: string): string {
  return `CASE ${AOR_PATTERNS.map(([code, re]) => `WHEN regexp_matches(pa_norm(${expr}), ${pattern(re)}) THEN '${code}'`).join(" ")} END`;
}

export async function resolveAors(ctx: SheetContext): Promise<void> {
  const hasAor = ctx.mapping.fields.has("aor");
  const hasSector = ctx.mapping.fields.has("sector");
  const ins = (sev: string, rule: string, field: string, when: string, reason: string) =>
    ctx.conn.run(`${insertSheetIssues(ctx)} _row,
      ${literal(field)}, left(${ctx.raw(field)}, 500), ${literal(sev)}, ${literal(rule)}, ${reason}, NULL FROM v WHERE ${when}`);
  // a sector column naming another cluster: not Protection data, skipped (not an error)
  if (hasSector) {
    await ins("skipped", "other-sector", "sector", `regexp_matches(coalesce(pa_norm(sector), ''), ${pattern(OTHER_SECTORS)}) AND ${aorCase("sector")} IS NULL`, `'sector ''' || sector || ''' is not Protection; not loaded'`);
  }
  const source = hasAor ? `coalesce(nullif(${aorCase("aor")}, NULL), CASE WHEN aor IS NULL THEN ${aorCase("sector")} END)` : aorCase("sector");
  // decided once per distinct (AoR, sector) pair, then written back: the patterns are regular expressions. Only rows
  // it changes are written (aor_raw is read only where aor ends NULL): a 5W whose AoR column already holds codes
  // rewrites none of its million rows (0.15 s)
  await ctx.conn.run(`CREATE OR REPLACE TEMP TABLE aor_map AS
      SELECT aor AS k_aor, sector AS k_sector, coalesce(aor, sector) AS m_raw, ${hasAor || hasSector ? source : "NULL"} AS m_aor
      FROM (SELECT DISTINCT aor, sector FROM v);
    ALTER TABLE v ADD COLUMN aor_raw VARCHAR;
    UPDATE v SET aor_raw = m.m_raw, aor = m.m_aor FROM aor_map m WHERE v.aor IS NOT DISTINCT FROM m.k_aor AND v.sector IS NOT DISTINCT FROM m.k_sector
      AND (m.m_aor IS DISTINCT FROM m.k_aor OR m.m_aor IS NULL);
    DROP TABLE aor_map`);
  if (!hasAor && !hasSector) {
    await ins("error", "aor-missing", "org_lead", "TRUE", `'no AoR or sector column: cannot tell which Area of Responsibility this row belongs to'`);
    return;
  }
  await ins(
    "error",
    "aor-unknown",
    hasAor ? "aor" : "sector",
    `aor IS NULL AND aor_raw IS NOT NULL AND NOT regexp_matches(coalesce(pa_norm(sector), ''), ${pattern(OTHER_SECTORS)})`,
    `'unknown AoR ''' || aor_raw || '''; expected General Protection (GP/PG), Child Protection (CP/PE), GBV (VBG), Mine Action (MA/LAM) or HLP (LTP), in English or French'`
  );
  await ins("error", "aor-missing", hasAor ? "aor" : "sector", `aor IS NULL AND aor_raw IS NULL`, `'missing AoR / sector'`);
}
