// 3W/4W/5W activity reports → activities.
import { z } from "zod";
import { category, count, month, pcode, text, year } from "../fields.ts";
import type { KindDefinition, RowCheck } from "./kind.ts";
import { ORG_TYPES, POPULATION_GROUPS, REPORTING_TYPES, STATUSES } from "./vocabulary.ts";
import { aorCase, resolveAors } from "./aor.ts";
import { resolvePcodes } from "../pcode-resolve.ts";
import { literal } from "../../warehouse/sql.ts";
import { normalise } from "../normalise.ts";
import { plausibilityChecks, preparePlausibility } from "../plausibility.ts";
import { unifyOrganisations } from "../organisations.ts";

export const FiveWRow = z.object({
  reporting_month: month({ aliases: ["reporting month", "month", "mois", "mois de rapportage", "mois de reporting", "reporting period", "period", "periode", "date of report", "date du rapport"], hxl: ["#date+reported", "#date+month", "#period_date", "#date-start-end-created-updated-year"] }),
  year: year({ aliases: ["year", "annee", "reporting year"], hxl: ["#date+year"] }),
  org_lead: text({ required: true, aliases: ["organisation", "organisation name", "reporting organisation", "lead organisation", "lead agency", "agency", "agence", "partner", "partenaire", "nom organisation", "partner name", "reporting partner", "organisation de rapportage"], hxl: ["#org-impl-funding-funder-type-acronym-prog-code", "#org+reporting", "#org+name-impl-funding"] }),
  org_acronym: text({ aliases: ["acronym", "org acronym", "organisation acronym", "acronyme", "accronyme", "organisation accronyme", "sigle"], hxl: ["#org+acronym"] }),
  org_impl: text({ aliases: ["implementing partner", "partenaire de mise en oeuvre", "implementing organisation", "ip", "partenaire d execution"], hxl: ["#org+impl"] }),
  org_type: category(ORG_TYPES, { open: true, aliases: ["organisation type", "type of organisation", "type organisation", "type d organisation", "org type", "type de l organisation", "agency type"], hxl: ["#org+type"] }),
  sector: text({ aliases: ["cluster", "sector", "secteur", "project sector", "cluster sector name", "cluster sector code"], hxl: ["#sector-subsector"] }),
  // the AoR code from its English or French name or abbreviation, once per distinct text (resolveAors)
  aor: text({ normalise: aorCase("{t}"), aliases: ["aor", "area of responsibility", "sub sector", "subsector", "sub cluster", "sous secteur", "sous cluster", "domaine de responsabilite", "sub sector aor"], hxl: ["#subsector", "#sector+subsector"] }),
  activity_code: text({ aliases: ["activity code", "code activite", "activity id", "activityid"], hxl: ["#activity+code", "#activity_id"] }),
  activity: text({ aliases: ["activity", "activities", "activite", "activites", "activity name", "intervention"], hxl: ["#activity-code"] }),
  indicator: text({ aliases: ["indicator", "indicateur", "indicator name", "nom de l indicateur"], hxl: ["#indicator-value-num-pct-code"] }),
  admin1_pcode: pcode({ aliases: ["admin1 pcode", "admin 1 pcode", "region pcode", "region p code", "code region", "state pcode", "province pcode", "prov code", "adm1 pcode", "admin1pcod", "adm1 code", "governorate pcode"], hxl: ["#adm1+code"] }),
  admin1_name: text({ aliases: ["admin1", "admin 1", "region", "province", "state", "governorate", "etat", "adm1", "admin1 name", "region name"], hxl: ["#adm1-code"] }),
  admin2_pcode: pcode({ aliases: ["admin2 pcode", "admin 2 pcode", "district pcode", "district p code", "dist code", "lga pcode", "code departement", "code district", "departement pcode", "adm2 pcode", "admin2pcod", "cercle pcode", "code cercle", "adm2 code"], hxl: ["#adm2+code"] }),
  admin2_name: text({ aliases: ["admin2", "admin 2", "district", "lga", "departement", "department", "cercle", "adm2", "admin2 name", "county", "district name"], hxl: ["#adm2-code"] }),
  admin3_pcode: pcode({ aliases: ["admin3 pcode", "admin 3 pcode", "commune pcode", "admin3pcod", "adm3 pcode", "sub district pcode", "code commune"], hxl: ["#adm3+code"] }),
  admin3_name: text({ aliases: ["admin3", "admin 3", "commune", "sub district", "adm3", "sous prefecture"], hxl: ["#adm3-code"] }),
  location: text({ aliases: ["location", "site", "village", "localite", "settlement", "camp", "lieu", "site name"], hxl: ["#loc-code"] }),
  status: category(STATUSES, { aliases: ["status", "statut", "activity status", "etat d avancement"], hxl: ["#status"] }),
  population_group: category(POPULATION_GROUPS, { aliases: ["population group", "groupe de population", "beneficiary type", "type de beneficiaire", "type de beneficiaires", "beneficiary group", "population type", "target group", "groupe cible"], hxl: ["#beneficiary", "#population_group", "#population+type"] }),
  reporting_type: category(REPORTING_TYPES, { aliases: ["new cumulative", "nouveaux cumules", "reporting type", "type de rapportage", "accumulative", "cumulative"], hxl: ["#meta+reporting_type", "#x_reporting_type"] }),
  modality: text({ aliases: ["modality", "modalite", "delivery modality", "modalite de mise en oeuvre"], hxl: ["#modality"] }),
  targeted: count({ aliases: ["targeted", "people targeted", "total targeted", "ciblees", "cibles", "total cible", "total ciblees", "total people targeted", "total personnes ciblees", "annual target", "annualtarget", "target", "cible"], hxl: ["#targeted-f-m-children-adults-elderly-disabled-hh"] }),
  targeted_girls: count({ aliases: ["targeted girls", "girls targeted", "filles ciblees", "ciblees filles", "cible filles"], hxl: ["#targeted+f+children"] }),
  targeted_boys: count({ aliases: ["targeted boys", "boys targeted", "garcons cibles", "cibles garcons", "cible garcons"], hxl: ["#targeted+m+children"] }),
  targeted_women: count({ aliases: ["targeted women", "women targeted", "femmes ciblees", "ciblees femmes", "cible femmes"], hxl: ["#targeted+f+adults"] }),
  targeted_men: count({ aliases: ["targeted men", "men targeted", "hommes cibles", "cibles hommes", "cible hommes"], hxl: ["#targeted+m+adults"] }),
  reached: count({ aliases: ["reached", "people reached", "total reached", "atteints", "atteintes", "total atteint", "total atteints", "total no atteintes", "beneficiaries", "beneficiary", "achieved", "total beneficiary", "people reached total", "personnes atteintes"], hxl: ["#reached-f-m-children-adults-elderly-disabled-hh", "#affected+ind"] }),
  reached_girls: count({ aliases: ["reached girls", "girls reached", "filles", "filles atteintes", "atteintes filles", "girls"], hxl: ["#reached+f+children"] }),
  reached_boys: count({ aliases: ["reached boys", "boys reached", "garcons", "garcons atteints", "atteints garcons", "boys"], hxl: ["#reached+m+children"] }),
  reached_women: count({ aliases: ["reached women", "women reached", "femmes", "femmes atteintes", "atteintes femmes", "women"], hxl: ["#reached+f+adults"] }),
  reached_men: count({ aliases: ["reached men", "men reached", "hommes", "hommes atteints", "atteints hommes", "men"], hxl: ["#reached+m+adults"] }),
  reached_elderly: count({ aliases: ["reached elderly", "elderly", "personnes agees", "older persons", "elderly reached"], hxl: ["#reached+elderly"] }),
  reached_disability: count({ aliases: ["reached disability", "persons with disabilities", "personnes handicapees", "pwd", "with disability", "disabled", "handicap"], hxl: ["#reached+disabled", "#reached+disability"] })
});
export type FiveWRow = z.infer<typeof FiveWRow>;

function checks(config: KindDefinitionConfig, mapped: Set<string>): RowCheck[] {
  const t = config.thresholds;
  // only the parts the sheet has: a part it lacks is NULL in every row, and naming it makes the typed table add it
  const parts = (p: string) => ["girls", "boys", "women", "men"].map((g) => `${p}_${g}`).filter((c) => mapped.has(c));
  const sum = (p: string) => parts(p).map((c) => `coalesce(${c}, 0)`).join(" + ");
  const any = (p: string) => `(${parts(p).map((c) => `${c} IS NOT NULL`).join(" OR ")})`;
  const list = config.activityList;
  const codes = list.map((a) => literal(a.code.toUpperCase())).join(", ");
  const names = list.map((a) => literal(normalise(a.name))).join(", ");
  const codePrefix = literal(`^(${list.map((a) => a.code.toUpperCase().replace(/[^A-Z0-9]/g, ".")).join("|")})([^0-9]|$)`);
  const activityCheck: RowCheck[] = list.length && mapped.has("activity")
    ? [
        {
          rule: "activity-unknown",
          severity: "warning",
          field: "activity",
          keys: ["activity_code", "activity"],
          when: `coalesce(upper(activity_code), '') NOT IN (${codes}) AND NOT regexp_matches(upper(coalesce(activity, '')), ${codePrefix}) AND coalesce(pa_norm(activity), '') NOT IN (${names})`,
          reason: `'activity ''' || coalesce(activity, activity_code, '') || ''' is not on the cluster activity list'`
        }
      ]
    : [];
  // implausible totals: the area is the row's deepest resolved p-code (a population table is per p-code)
  const counted = ["reached", "targeted"].filter((n) => mapped.has(n) || mapped.has(`${n}_girls`) || mapped.has(`${n}_women`));
  const plausible = plausibilityChecks(config, counted.map((n) => ({ name: n, label: n === "reached" ? "people reached" : "people targeted" })), "coalesce(admin3_pcode, admin2_pcode, admin1_pcode)");
  return [
    ...plausible,
    ...activityCheck,
    {
      rule: "reached-over-targeted",
      severity: "warning",
      field: "reached",
      when: `targeted > 0 AND reached > targeted * ${t.reachedOverTargeted}`,
      reason: `'people reached (' || CAST(reached AS BIGINT) || ') is more than ${t.reachedOverTargeted}× people targeted (' || CAST(targeted AS BIGINT) || ')'`
    },
    ...(["reached", "targeted"] as const)
      .filter((p) => parts(p).length > 0)
      .map((p): RowCheck => {
        const label = p === "reached" ? "people reached" : "people targeted";
        const named = parts(p).map((c) => c.split("_")[1]).join(" + ");
        return {
          rule: "disaggregation-sum",
          severity: "warning",
          field: p,
          when: `${p} IS NOT NULL AND ${any(p)} AND abs(${sum(p)} - ${p}) > greatest(1, ${p} * ${t.disaggregationTolerance})`,
          reason: `'${p === "targeted" ? "targeted " : ""}${named} (' || CAST(${sum(p)} AS BIGINT) || ') does not add up to ${label} (' || CAST(${p} AS BIGINT) || ')'`
        };
      }),
    {
      rule: "month-outside-period",
      severity: "warning",
      field: "reporting_month",
      when: `reporting_month IS NOT NULL AND (reporting_month < DATE ${literal(config.period.start)} OR reporting_month > DATE ${literal(config.period.end)})`,
      reason: `'reporting month ' || strftime(reporting_month, '%Y-%m') || ' is outside the reporting period ${config.period.start} to ${config.period.end}'`
    },
    {
      rule: "month-missing",
      severity: "error",
      field: "reporting_month",
      when: `reporting_month IS NULL AND r_reporting_month IS NULL AND (reached IS NOT NULL OR targeted IS NOT NULL)`,
      reason: `'no reporting month for a row with people figures (add a month column or put the month in the file name)'`
    }
  ];
}
type KindDefinitionConfig = Parameters<NonNullable<KindDefinition["checks"]>>[0];

export const fiveW: KindDefinition = {
  name: "5w",
  label: "5W activity",
  table: "activities",
  schema: FiveWRow,
  signature: [
    ["org_lead", "admin2_pcode"],
    ["org_lead", "admin2_name"],
    ["org_lead", "admin1_name", "activity"],
    ["org_lead", "admin1_pcode", "sector"],
    ["org_lead", "aor", "admin1_name"],
    // operational-presence lists: who works where, in which sector (admin1 names only, no counts)
    ["org_lead", "admin1_name", "sector"]
  ],
  checks,
  // a partner's new version replaces the old only when it covers the same organisations and months
  identity: { columns: ["org_lead", "reporting_month"] },
  // how each row's total was found: its own cell, or the sum of its sex/age split (see prepare)
  derived: Object.fromEntries(
    (["targeted", "reached"] as const).map((p) => [`${p}_method`, { needs: p, sql: `CASE WHEN v.${p} IS NULL THEN NULL WHEN v.r_${p} IS NOT NULL THEN 'reported' ELSE 'sum of parts' END` }])
  ),
  details: {
    column: "details",
    fields: ["org_acronym", "org_impl", "sector", "admin3_pcode", "admin3_name", "targeted_girls", "targeted_boys", "targeted_women", "targeted_men", "reached_elderly", "reached_disability"]
  },
  insertOnly: ["org_lead", "org_acronym", "org_impl", "org_type", "indicator", "location", "status", "population_group", "reporting_type", "modality"],
  async prepare(ctx) {
    // files without a month column: the month (or quarter start) in the file name, said in the report
    if (!ctx.mapping.fields.has("reporting_month") && ctx.fileMonth) {
      await ctx.conn.run(`UPDATE v SET reporting_month = DATE ${literal(ctx.fileMonth)}`);
      ctx.issue({ severity: "info", rule: "month-from-file-name", column: "reporting_month", reason: `no month column; reporting month ${ctx.fileMonth.slice(0, 7)} taken from the file name` });
    }
    // a total left empty next to its sex/age split is the sum of the split (templates often have no total
    // column); each row records which it was, and a sheet without a total column says so once
    for (const p of ["targeted", "reached"]) {
      // only the parts the sheet has: the others are blank in every row
      const partsMapped = ["girls", "boys", "women", "men"].map((g) => `${p}_${g}`).filter((c) => ctx.mapping.fields.has(c));
      if (partsMapped.length) {
        await ctx.conn.run(`UPDATE v SET ${p} = ${partsMapped.map((c) => `coalesce(${c}, 0)`).join(" + ")}
          WHERE ${p} IS NULL AND r_${p} IS NULL AND (${partsMapped.map((c) => `${c} IS NOT NULL`).join(" OR ")}) AND ${partsMapped.map((c) => `coalesce(${c}, 0) >= 0`).join(" AND ")}`);
      }
      if (!ctx.mapping.fields.has(p) && partsMapped.length) {
        const label = p === "reached" ? "people reached" : "people targeted";
        ctx.issue({ severity: "info", rule: "total-from-parts", column: p, reason: `no ${label} total column: the total is the sum of ${partsMapped.map((c) => c.split("_")[1]).join(" + ")} (activities.${p}_method = 'sum of parts')` });
      }
    }
    await unifyOrganisations(ctx);
    await resolveAors(ctx);
    await resolvePcodes(ctx, { levels: [1, 2, 3] });
    await preparePlausibility(ctx.conn, ["reached", "targeted"]);
  }
};
