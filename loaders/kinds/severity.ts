// Severity inputs → severity: indicator tables with thresholds, directly rated severity, and HNO
// tables that publish PiN/severity per AoR (long, or wide with one block of columns per AoR).
import { z } from "zod";
import { category, number, pcode, severityPhase, text } from "../fields.ts";
import type { ColumnInfo } from "../headers.ts";
import { columnsOf, ident, literal } from "../../warehouse/sql.ts";
import type { KindDefinition } from "./kind.ts";
import { POPULATION_GROUPS } from "./vocabulary.ts";
import { aorCase } from "./aor.ts";
import { resolvePcodes } from "../pcode-resolve.ts";
import { insertSheetIssues } from "../validate.ts";
import { OTHER_SECTORS } from "./vocabulary.ts";

export const SeverityRow = z.object({
  period: text({ aliases: ["period", "year", "annee", "periode", "hno year"], hxl: ["#date+year", "#date"] }),
  admin1_pcode: pcode({ aliases: ["admin1 pcode", "admin 1 pcode", "adm1 pcode", "adm1_pcode", "province pcode", "governorate pcode"], hxl: ["#adm1+code"] }),
  admin1_name: text({ aliases: ["admin1", "adm1 name", "admin 1 name", "province", "governorate"], hxl: ["#adm1+name"] }),
  admin2_pcode: pcode({ aliases: ["admin2 pcode", "admin 2 pcode", "adm2 pcode", "adm2_pcode", "district pcode", "admin2_pcode"], hxl: ["#adm2+code"] }),
  admin2_name: text({ aliases: ["admin2", "adm2 name", "admin 2 name", "district", "admin2_name"], hxl: ["#adm2+name"] }),
  population_group: category(POPULATION_GROUPS, { fallback: "all", aliases: ["population group", "groupe de population"], hxl: ["#population_group", "#population_group+code"] }),
  aor: text({ aliases: ["aor", "sector", "cluster", "sub sector", "secteur"], hxl: ["#subsector", "#sector"] }),
  indicator_code: text({ aliases: ["indicator code", "code indicateur"], hxl: ["#indicator+code"] }),
  indicator: text({ aliases: ["indicator", "indicateur", "indicator name"], hxl: ["#indicator+name"] }),
  value: number({ aliases: ["value", "valeur", "indicator value"], hxl: ["#indicator+value", "#indicator+num"] }),
  threshold_2: number({ aliases: ["threshold 2"], hxl: ["#x_threshold+s2"] }),
  threshold_3: number({ aliases: ["threshold 3"], hxl: ["#x_threshold+s3"] }),
  threshold_4: number({ aliases: ["threshold 4"], hxl: ["#x_threshold+s4"] }),
  threshold_5: number({ aliases: ["threshold 5"], hxl: ["#x_threshold+s5"] }),
  severity: severityPhase({ aliases: ["severity", "severite", "severity phase", "phase"], hxl: ["#severity-pro-gbv-cp-ma-hlp"] }),
  pin: number({ min: 0, aliases: ["pin", "in need", "people in need", "personnes dans le besoin"], hxl: ["#inneed-f-m-children-adults-elderly-disabled-pro-gbv-cp-ma-hlp-urban-rural-boys-girls-men-women"] }),
  gender: text({ aliases: ["gender", "sex", "sexe"], hxl: ["#gender"] }),
  age_range: text({ aliases: ["age range"], hxl: ["#age+range"] }),
  disabled: text({ aliases: ["disabled"], hxl: ["#is_disabled"] }),
  justification: text({ aliases: ["justification", "comment", "commentaire", "rationale"], hxl: ["#description", "#meta+comment"] })
});

/** Wide HNO tables: one #inneed+<aor> and #severity+<aor> column per AoR (Yemen HNO style). */
function aorBlocks(columns: ColumnInfo[]): { name: string; column: number }[] {
  const AOR: Record<string, string> = { pro: "PRO", protection: "PRO", gbv: "GBV", cp: "CP", ma: "MA", hlp: "HLP", gp: "GP" };
  const out: { name: string; column: number }[] = [];
  for (const c of columns) {
    if (!c.hxl || (c.hxl.tag !== "inneed" && c.hxl.tag !== "severity")) continue;
    const aors = [...c.hxl.attrs].filter((a) => AOR[a]);
    const others = [...c.hxl.attrs].filter((a) => !AOR[a]);
    if (aors.length !== 1 || others.length > 0) continue;
    out.push({ name: `w_${c.hxl.tag === "inneed" ? "pin" : "sev"}_${AOR[aors[0]!]}`, column: c.index });
  }
  return out;
}

export const severity: KindDefinition = {
  name: "severity",
  label: "severity",
  table: "severity",
  schema: SeverityRow,
  signature: [
    ["admin2_pcode", "severity"],
    ["admin2_pcode", "value", "threshold_3"],
    ["admin1_pcode", "severity"],
    ["admin2_pcode", "pin"],
    ["admin1_pcode", "pin", "aor"],
    ["admin1_pcode", "pin", "admin1_name"]
  ],
  dynamicFields: aorBlocks,
  checks: () => [
    {
      rule: "thresholds-monotonic",
      severity: "error",
      field: "threshold_3",
      when: `indicator_code IS NOT NULL AND NOT ((threshold_2 <= threshold_3 AND threshold_3 <= threshold_4 AND threshold_4 <= threshold_5) OR (threshold_2 >= threshold_3 AND threshold_3 >= threshold_4 AND threshold_4 >= threshold_5))`,
      reason: `'thresholds are not monotonic: ' || threshold_2 || ', ' || threshold_3 || ', ' || threshold_4 || ', ' || threshold_5`
    },
    { rule: "value-missing", severity: "error", field: "value", when: `indicator_code IS NOT NULL AND value IS NULL AND r_value IS NULL`, reason: `'indicator without a value'` },
    { rule: "disaggregated", severity: "skipped", field: "gender", when: `coalesce(lower(gender), 'a') NOT IN ('a', 'all', 'total') OR coalesce(upper(age_range), 'ALL') NOT IN ('ALL', 'TOTAL') OR coalesce(lower(disabled), 'a') NOT IN ('a', 'all')`, reason: `'sex/age/disability breakdown row; only totals are loaded'` },
    { rule: "location-missing", severity: "skipped", field: "admin1_pcode", when: `admin1_pcode IS NULL AND admin2_pcode IS NULL AND r_admin1_name IS NULL AND r_admin2_name IS NULL`, reason: `'national total row (no admin area); not loaded'` }
  ],
  async prepare(ctx) {
    const hasAor = ctx.mapping.fields.has("aor");
    // workbooks with one sheet per cluster/AoR (PRO, PRO_GBV, PRO_CP…): the sheet name says which
    const wide = ctx.columns.some((c) => aorBlocks([c]).length > 0);
    if (!hasAor && !wide && ctx.sheet) await ctx.conn.run(`UPDATE v SET aor = ${literal(ctx.sheet)}`);
    await ctx.conn.run(`ALTER TABLE v ADD COLUMN aor_raw VARCHAR; UPDATE v SET aor_raw = aor, aor = CASE WHEN upper(aor) IN ('PRO', 'PROTECTION', 'PROTECTION (OVERALL)') THEN 'PRO' ELSE ${aorCase("aor")} END`);
    if (hasAor || (!wide && ctx.sheet)) {
      const ins = (sev: string, rule: string, when: string, reason: string) =>
        ctx.conn.run(`${insertSheetIssues(ctx)} _row, 'aor', left(aor_raw, 500), '${sev}', '${rule}', ${reason}, NULL FROM v WHERE ${when}`);
      await ins("skipped", "other-sector", `aor IS NULL AND (regexp_matches(coalesce(pa_norm(aor_raw), ''), ${literal(OTHER_SECTORS.source)}) OR upper(aor_raw) IN ('ALL', 'INTERSECTORAL', 'INTERSECTORIAL'))`, `'sector ''' || aor_raw || ''' is not Protection; not loaded'`);
      await ins("error", "aor-unknown", `aor IS NULL AND aor_raw IS NOT NULL AND NOT (regexp_matches(coalesce(pa_norm(aor_raw), ''), ${literal(OTHER_SECTORS.source)}) OR upper(aor_raw) IN ('ALL', 'INTERSECTORAL', 'INTERSECTORIAL'))`, `'unknown AoR ''' || aor_raw || ''''`);
    }
    await resolvePcodes(ctx, { levels: [1, 2] });
  },
  async insert(ctx) {
    const dyn = await columnsOf(ctx.conn, "v", "w_");
    const period = literal(ctx.fileYear === null ? null : String(ctx.fileYear));
    const common = `coalesce(period, ${period}, 'unknown'), coalesce(admin2_pcode, admin1_pcode), CASE WHEN admin2_pcode IS NOT NULL THEN 2 ELSE 1 END, population_group`;
    const tail = `${literal(ctx.fileHash)}, ${literal(ctx.sheet)}, _row, extra`;
    const accepted = `FROM v WHERE _row NOT IN (SELECT _row FROM rej)`;
    if (dyn.length) {
      const aors = [...new Set(dyn.map((d) => d.split("_")[2]!))];
      const parts = aors.map((a) => {
        const pin = dyn.includes(`w_pin_${a}`) ? ident(`w_pin_${a}`) : "NULL";
        const sev = dyn.includes(`w_sev_${a}`) ? `CAST(round(${ident(`w_sev_${a}`)}) AS INTEGER)` : "NULL";
        return `SELECT ${common}, '${a}', NULL, NULL, NULL, NULL, NULL, NULL, NULL, ${sev}, ${pin}, justification, ${tail} ${accepted} AND (${pin} IS NOT NULL OR ${sev} IS NOT NULL)`;
      });
      const res = await ctx.conn.run(`INSERT INTO severity ${parts.join(" UNION ALL ")}`);
      void res;
      return Number((await ctx.conn.runAndReadAll(`SELECT count(*) ${accepted}`)).getRows()[0]![0]);
    }
    await ctx.conn.run(`${insertSheetIssues(ctx)} _row, 'aor', NULL, 'error', 'aor-missing', 'no AoR column and no per-AoR columns: cannot tell which AoR this severity is for', NULL
      FROM v WHERE aor IS NULL AND aor_raw IS NULL AND _row NOT IN (SELECT _row FROM rej)`);
    await ctx.conn.run(`INSERT INTO rej SELECT _row FROM v WHERE aor IS NULL AND _row NOT IN (SELECT _row FROM rej)`);
    const res = await ctx.conn.run(`INSERT INTO severity SELECT ${common}, aor, indicator_code, indicator, value, threshold_2, threshold_3, threshold_4, threshold_5,
        CAST(severity AS INTEGER), pin, justification, ${tail} ${accepted}`);
    return Number(res.rowsChanged);
  }
};

/** HPC API caseload responses: one record per caseload × location with its in-need figure. */
export function caseloadsFromJson(doc: unknown): import("../read/sheet.ts").Sheet[] | null {
  const data = (doc as { data?: { caseloads?: unknown[]; locations?: { id: number; pcode?: string; adminLevel?: number }[] } })?.data;
  if (!Array.isArray(data?.caseloads)) return null;
  const loc = new Map((data!.locations ?? []).map((l) => [l.id, l]));
  const records: Record<string, unknown>[] = [];
  for (const c of data!.caseloads as { caseloadDescription?: string; availableGlobalClusterCode?: string; disaggregatedAttachments?: { locationId: number; categoryLabel?: string; dataMatrix?: { metricType: string; value: number }[] }[] }[]) {
    for (const a of c.disaggregatedAttachments ?? []) {
      const l = loc.get(a.locationId);
      const inNeed = a.dataMatrix?.find((m) => m.metricType === "inNeed")?.value ?? null;
      records.push({
        "Admin 1 PCode": l?.adminLevel === 1 ? l.pcode ?? null : null,
        "Admin 2 PCode": l?.adminLevel === 2 ? l.pcode ?? null : null,
        Sector: c.availableGlobalClusterCode && c.availableGlobalClusterCode !== "n/a" ? c.availableGlobalClusterCode : c.caseloadDescription ?? null,
        Category: a.categoryLabel ?? null,
        "In Need": inNeed
      });
    }
  }
  return [(recordsSheetFn as (r: Record<string, unknown>[], n: string) => import("../read/sheet.ts").Sheet)(records, "caseloads")];
}
import { recordsSheet as recordsSheetFn } from "../read/json.ts";
severity.fromJson = (doc: unknown) => caseloadsFromJson(doc);
