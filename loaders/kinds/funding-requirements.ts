// Requirements per plan cluster: the AoR each plan cluster stands for, the year when only the file name
// gives it, and a warning when the requirements are for another plan or year than the flows loaded.
import { literal } from "../../warehouse/sql.ts";
import { aorCase } from "./aor.ts";
import type { KindDefinition, SheetContext } from "./kind.ts";

export async function prepareRequirements(ctx: SheetContext): Promise<void> {
  const { conn } = ctx;
  if (!ctx.mapping.fields.has("year") && ctx.fileYear) {
    await conn.run(`UPDATE v SET year = ${literal(ctx.fileYear)} WHERE year IS NULL`);
    ctx.issue({ severity: "info", rule: "year-from-file-name", column: "year", reason: `no year column; year ${ctx.fileYear} taken from the file name` });
  }
  // "Protection COVID-19" is the Protection AoR's COVID-19 requirement (GP); "Not specified" and the shared
  // bucket name no AoR
  await conn.run(`ALTER TABLE v ADD COLUMN aor VARCHAR;
    UPDATE v SET aor = ${aorCase("cluster")} WHERE cluster IS NOT NULL AND NOT regexp_matches(lower(cluster), 'not specified|multiple clusters')`);
}

const list = (xs: unknown[]) => xs.map(String).join(", ");

export const checkRequirementScope: NonNullable<KindDefinition["afterFile"]> = async (ctx) => {
  const mine = (
    await ctx.conn.runAndReadAll(`SELECT list(DISTINCT year ORDER BY year) AS years, list(DISTINCT plan_id ORDER BY plan_id) FILTER (WHERE plan_id IS NOT NULL) AS plans,
        map_from_entries(list(DISTINCT {k: plan_id, v: plan_code}) FILTER (WHERE plan_id IS NOT NULL AND plan_code IS NOT NULL)) AS codes
      FROM funding_requirements WHERE file_hash = $h AND aor IS NOT NULL AND year IS NOT NULL`, { h: ctx.fileHash })
  ).getRowObjectsJS()[0];
  const flows = (
    await ctx.conn.runAndReadAll(`SELECT list(DISTINCT coalesce(usage_year, budget_year) ORDER BY 1) FILTER (WHERE coalesce(usage_year, budget_year) IS NOT NULL) AS years,
        list(DISTINCT plan_id ORDER BY plan_id) FILTER (WHERE plan_id IS NOT NULL) AS plans
      FROM funding_flows WHERE source = 'fts' AND file_hash IN (SELECT file_hash FROM ingest_files WHERE status = 'loaded')`)
  ).getRowObjectsJS()[0];
  const years = (mine?.years as number[] | null) ?? [];
  const flowYears = (flows?.years as number[] | null) ?? [];
  if (!years.length || !flowYears.length) return;
  const otherYears = years.filter((y) => !flowYears.includes(y));
  if (otherYears.length) {
    ctx.issue({
      severity: "warning",
      rule: "requirements-other-year",
      column: "year",
      reason: `requirements for ${list(otherYears)}, but the FTS flows loaded are for ${list(flowYears)}: coverage for ${list(otherYears)} shows no funding until its flows are loaded`
    });
  }
  const plans = (mine?.plans as string[] | null) ?? [];
  const flowPlans = ((flows?.plans as string[] | null) ?? []).flatMap((p) => p.split(","));
  const otherPlans = plans.filter((p) => !flowPlans.includes(p));
  if (plans.length && flowPlans.length && otherPlans.length) {
    const codeOf = new Map(((mine?.codes as { key: string; value: string }[] | null) ?? []).map((e) => [e.key, e.value]));
    const codes = otherPlans.map((p) => codeOf.get(p)).filter((c): c is string => !!c);
    ctx.issue({
      severity: "warning",
      rule: "requirements-other-plan",
      column: "id",
      reason: `requirements for plan ${list(otherPlans)}${codes.length ? ` (${list(codes)})` : ""}, but no FTS flow loaded names that plan (flows name plan ${list([...new Set(flowPlans)])}): its clusters show no funding`
    });
  }
};
