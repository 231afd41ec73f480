// Protection-monitoring incidents → incidents: aggregated counts per month × area (× site) × risk, the risk
// given directly or through the incident type (config pau.incidentTypes first, then the GPC names and
// keywords). Incidents at sites (camps, settlements) keep the site's name: armed presence in a site,
// forced recruitment or an attack on a site are incidents like any other. Victim names, case numbers
// and exact GPS never get here: the common ingest path refuses such columns.
import { z } from "zod";
import { category, count, month, text } from "../fields.ts";
import { literal } from "../../warehouse/sql.ts";
import { insertSheetIssues } from "../validate.ts";
import type { KindDefinition, SheetContext } from "./kind.ts";
import { POPULATION_GROUPS } from "./vocabulary.ts";
import { AREA_SHAPE } from "./risks.ts";
import { resolveRisk } from "../risk-names.ts";
import { resolveRiskAreas } from "../risk-areas.ts";

export const IncidentRow = z.object({
  month: month({ required: true, aliases: ["month", "reporting month", "incident month", "mois", "mois de l incident", "period"], hxl: ["#date+month", "#date+reported", "#date"] }),
  ...AREA_SHAPE,
  site_name: text({ aliases: ["site", "site name", "camp", "camp name", "settlement", "idp site", "nom du site", "site de deplaces"], hxl: ["#loc+site", "#loc+name+site"] }),
  risk: text({ aliases: ["protection risk", "risk", "risque", "risque de protection"], hxl: ["#risk"] }),
  incident_type: text({ aliases: ["incident type", "type of incident", "type d incident", "violation", "violation type", "type de violation", "incident category"], hxl: ["#event+type", "#incident+type"] }),
  population_group: category(POPULATION_GROUPS, { fallback: "all", aliases: ["population group", "groupe de population", "affected group", "population type"], hxl: ["#population_group"] }),
  perpetrator: text({ aliases: ["perpetrator", "alleged perpetrator", "perpetrator category", "auteur", "auteur presume", "auteurs presumes"], hxl: ["#actor+perpetrator", "#org+perpetrator"] }),
  incidents: count({ required: true, aliases: ["incidents", "number of incidents", "incident count", "nombre d incidents", "nb incidents", "total incidents"], hxl: ["#incident+num", "#affected+incidents"] })
});
export type IncidentRow = z.infer<typeof IncidentRow>;

async function resolveIncidentRisks(ctx: SheetContext): Promise<void> {
  const { conn } = ctx;
  const hasRisk = ctx.mapping.fields.has("risk");
  const hasType = ctx.mapping.fields.has("incident_type");
  const src = hasRisk && hasType ? "coalesce(risk, incident_type)" : hasRisk ? "risk" : hasType ? "incident_type" : "CAST(NULL AS VARCHAR)";
  await conn.run(`ALTER TABLE v ADD COLUMN risk_raw VARCHAR; ALTER TABLE v ADD COLUMN risk_key VARCHAR; UPDATE v SET risk_raw = ${src}`);
  const extra = ctx.config.pau.incidentTypes;
  const values = (await conn.runAndReadAll(`SELECT DISTINCT risk_raw FROM v WHERE risk_raw IS NOT NULL`)).getRows().map((r) => String(r[0]));
  await conn.run(`CREATE OR REPLACE TEMP TABLE inc_risk (k VARCHAR, risk_key VARCHAR, err VARCHAR, sugg VARCHAR)`);
  for (const k of values) {
    const m = resolveRisk(k, { extra });
    await conn.run(`INSERT INTO inc_risk VALUES ($k, $key, $err, $sugg)`, {
      k,
      key: m.key,
      err: m.key !== null ? null : `${m.error}; map the incident type to a risk in operation.json pau.incidentTypes`,
      sugg: m.key !== null || !m.suggestions.length ? null : `closest standard names: ${m.suggestions.join("; ")}`
    } as never);
  }
  await conn.run(`UPDATE v SET risk_key = r.risk_key FROM inc_risk r WHERE v.risk_raw = r.k`);
  const column = hasRisk ? "risk" : "incident_type";
  await conn.run(`${insertSheetIssues(ctx)} v._row, ${literal(column)}, left(v.risk_raw, 500), 'error', 'risk-unknown', r.err, r.sugg FROM v JOIN inc_risk r ON v.risk_raw = r.k WHERE r.err IS NOT NULL`);
  await conn.run(`${insertSheetIssues(ctx)} _row, ${literal(column)}, NULL, 'error', 'risk-missing', ${literal(hasRisk || hasType ? "missing risk / incident type" : "no risk or incident type column: cannot tell what happened")}, NULL FROM v WHERE risk_raw IS NULL`);
  await conn.run(`DROP TABLE inc_risk`);
}

export const incidents: KindDefinition = {
  name: "incidents",
  label: "protection incidents",
  table: "incidents",
  schema: IncidentRow,
  signature: [
    ["month", "incidents", "incident_type"],
    ["month", "incidents", "risk"]
  ],
  async prepare(ctx) {
    await resolveRiskAreas(ctx, false);
    await resolveIncidentRisks(ctx);
    const today = new Date().toISOString().slice(0, 7);
    await ctx.conn.run(`${insertSheetIssues(ctx)} _row, 'month', strftime(month, '%Y-%m'), 'error', 'month-future', 'month ' || strftime(month, '%Y-%m') || ' is in the future', NULL
      FROM v WHERE strftime(month, '%Y-%m') > ${literal(today)}`);
  },
  async insert(ctx) {
    const res = await ctx.conn.run(`INSERT INTO incidents
      SELECT date_trunc('month', month)::DATE, year(month) || 'Q' || quarter(month), res_pcode, res_level, res_admin1, res_admin2,
             site_name, risk_key, risk_raw, population_group, perpetrator, CAST(round(incidents) AS BIGINT),
             ${literal(ctx.fileHash)}, ${literal(ctx.sheet)}, _row, extra
      FROM v WHERE _row NOT IN (SELECT _row FROM rej)`);
    return Number(res.rowsChanged);
  }
};
