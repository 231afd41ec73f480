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
  // the AoR column is already a code where its text names one (its field's normalise: decided once per distinct
  // text, so a million rows naming "Child Protection" are not rewritten); a row without AoR text takes it from its
  // sector, decided once per distinct sector. Only the rows it fills are written.
  if (hasSector) {
    await ctx.conn.run(`CREATE OR REPLACE TEMP TABLE aor_map AS
        SELECT sector AS k_sector, ${aorCase("sector")} AS m_aor FROM (SELECT DISTINCT sector FROM v WHERE aor IS NULL AND r_aor IS NULL AND sector IS NOT NULL);
      UPDATE v SET aor = m.m_aor FROM aor_map m WHERE v.aor IS NULL AND v.r_aor IS NULL AND v.sector = m.k_sector AND m.m_aor IS NOT NULL;
      DROP TABLE aor_map`);
  }
  // what the row said: its AoR text, else its sector
  const said = `coalesce(${hasAor ? ctx.raw("aor") : "NULL"}, sector)`;
  if (!hasAor && !hasSector) {
    await ins("error", "aor-missing", "org_lead", "TRUE", `'no AoR or sector column: cannot tell which Area of Responsibility this row belongs to'`);
    return;
  }
  await ins(
    "error",
    "aor-unknown",
    hasAor ? "aor" : "sector",
    `aor IS NULL AND ${said} IS NOT NULL AND NOT regexp_matches(coalesce(pa_norm(sector), ''), ${pattern(OTHER_SECTORS)})`,
    `'unknown AoR ''' || ${said} || '''; expected General Protection (GP/PG), Child Protection (CP/PE), GBV (VBG), Mine Action (MA/LAM) or HLP (LTP), in English or French'`
  );
  await ins("error", "aor-missing", hasAor ? "aor" : "sector", `aor IS NULL AND ${said} IS NULL`, `'missing AoR / sector'`);
}
