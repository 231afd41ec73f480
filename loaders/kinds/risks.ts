// Protection risk ratings → risk_ratings: one rating per quarter × area (country, admin1, admin2) × one of
// the 15 GPC risks. Long files have a risk column and a level column; wide files one column per risk
// (its header names the risk). Risk names, levels, quarters and areas are decided once per distinct value.
import { z } from "zod";
import { count, pcode, text } from "../fields.ts";
import type { ColumnInfo } from "../headers.ts";
import { literal } from "../../warehouse/sql.ts";
import { insertSheetIssues } from "../validate.ts";
import { SHEET_ISSUES } from "../../warehouse/tables.ts";
import type { KindDefinition, SheetContext } from "./kind.ts";
import { resolveRisk } from "../risk-names.ts";
import { RISKS } from "../../warehouse/risk-list.ts";
import { parseLevel } from "../risk-levels.ts";
import { parseQuarter, quarterBounds, quarterOfDate } from "../risk-quarter.ts";
import { resolveRiskAreas } from "../risk-areas.ts";

const AREA = {
  area_pcode: pcode({ aliases: ["area pcode", "area p code", "location pcode", "location p code", "admin pcode", "admin p code", "admin0 pcode", "admin0 p code", "country code", "pcode", "p code", "code zone", "code de la zone", "pcode zone"], hxl: ["#adm0+code", "#loc+code"] }),
  admin1_pcode: pcode({ aliases: ["admin1 pcode", "admin1 p code", "adm1 pcode", "adm1 p code", "admin 1 pcode", "admin 1 p code", "adm1_pcode", "province pcode", "province p code", "region pcode", "region p code"], hxl: ["#adm1+code"] }),
  admin2_pcode: pcode({ aliases: ["admin2 pcode", "admin2 p code", "adm2 pcode", "adm2 p code", "admin 2 pcode", "admin 2 p code", "adm2_pcode", "district pcode", "district p code"], hxl: ["#adm2+code"] }),
  area_name: text({ aliases: ["area", "area name", "location", "admin area", "zone", "localite", "admin2", "admin1", "district", "province", "region"], hxl: ["#adm2+name", "#adm1+name", "#loc+name", "#adm0+name"] })
};
export const AREA_SHAPE = AREA;

/**
 * Header words of a risk's column in a wide file: the field only lets kind detection see that the sheet
 * holds risks (a signature names fields); every such column is read through riskColumns().
 */
const RISK_HEADERS = [
  ...RISKS.flatMap((r) => [r.name, r.short, r.key.replaceAll("_", " ")]),
  "sgbv", "misinformation", "forced family separation", "vbg", "violences basees sur le genre", "engins explosifs", "recrutement force", "mariage d enfants", "mariage precoce", "traite des personnes", "liberte de mouvement", "deplacement force", "detresse psychologique", "separation familiale", "desinformation", "enlevement", "torture"
];

export const RiskRatingRow = z.object({
  quarter: text({ aliases: ["quarter", "trimestre", "reporting quarter", "rating quarter"], hxl: ["#date+quarter"] }),
  ...AREA,
  risk: text({ aliases: ["risk", "protection risk", "risque", "risque de protection", "gpc risk", "risk name"], hxl: ["#risk", "#indicator+risk"] }),
  level: text({ aliases: ["risk level", "level", "rating", "risk rating", "risk severity", "severity", "niveau", "niveau de risque", "severite"], hxl: ["#severity+risk", "#risk+level"] }),
  trend: text({ aliases: ["trend", "tendance"], hxl: ["#trend"] }),
  incidents: count({ aliases: ["incidents", "incident count", "number of incidents", "nombre d incidents"], hxl: ["#incident+num"] }),
  population_groups: text({ aliases: ["affected groups", "population groups", "groups affected", "affected population", "most affected", "groupes affectes", "populations affectees"], hxl: ["#population_group+affected"] }),
  wide_risk: text({ aliases: RISK_HEADERS, hxl: [] }),
  evidence: text({ aliases: ["evidence", "justification", "rationale", "comment", "comments", "commentaire", "preuves", "sources"], hxl: ["#description", "#meta+comment"] })
});
export type RiskRatingRow = z.infer<typeof RiskRatingRow>;

/** Wide files: every column whose header names one of the 15 risks (not by bare number), once per risk. */
function riskColumns(columns: ColumnInfo[]): { key: string; column: ColumnInfo }[] {
  const out: { key: string; column: ColumnInfo }[] = [];
  const seen = new Set<string>();
  for (const c of columns) {
    const label = c.header || c.hxl?.text;
    if (!label) continue;
    const m = resolveRisk(label, { numbers: false });
    if (!m.key || seen.has(m.key)) continue;
    seen.add(m.key);
    out.push({ key: m.key, column: c });
  }
  return out;
}

/** The JSON key extraSql() gives an unmapped column in v.extra (its header; repeated headers get a ' each). */
function extraKeys(columns: ColumnInfo[]): Map<number, string> {
  const seen = new Set<string>();
  const keys = new Map<number, string>();
  for (const c of columns.slice(0, 200)) {
    let key = c.header || c.hxl?.text || `column ${c.index + 1}`;
    while (seen.has(key)) key += "'";
    seen.add(key);
    keys.set(c.index, key);
  }
  return keys;
}

/** Adds v.q (the quarter, 2025Q3) from the quarter column, else the file name; flags missing, unreadable and future quarters. */
export async function resolveQuarters(ctx: SheetContext, today = new Date()): Promise<void> {
  const { conn } = ctx;
  const fromName = ctx.fileMonth ? quarterOfDate(new Date(`${ctx.fileMonth}T00:00:00Z`)) : null;
  const now = quarterOfDate(today);
  await conn.run(`ALTER TABLE v ADD COLUMN q VARCHAR`);
  const ins = (when: string, rule: string, reason: string, raw = "quarter") =>
    conn.run(`${insertSheetIssues(ctx)} _row, 'quarter', left(${raw}, 500), 'error', ${literal(rule)}, ${reason}, NULL FROM v WHERE ${when}`);
  if (ctx.mapping.fields.has("quarter")) {
    const values = (await conn.runAndReadAll(`SELECT DISTINCT quarter FROM v WHERE quarter IS NOT NULL`)).getRows().map((r) => String(r[0]));
    await conn.run(`CREATE OR REPLACE TEMP TABLE q_res (k VARCHAR, q VARCHAR)`);
    for (const value of values) await conn.run(`INSERT INTO q_res VALUES ($k, $q)`, { k: value, q: parseQuarter(value) } as never);
    await conn.run(`UPDATE v SET q = r.q FROM q_res r WHERE v.quarter = r.k; DROP TABLE q_res`);
    await ins(`quarter IS NOT NULL AND q IS NULL`, "quarter", `'cannot read quarter ''' || quarter || '''; expected e.g. 2025Q3, Q3 2025 or T3 2025'`);
  }
  if (fromName) await conn.run(`UPDATE v SET q = ${literal(fromName)} WHERE q IS NULL AND quarter IS NULL`);
  await ins(`q IS NULL AND quarter IS NULL`, "quarter-missing", `'no quarter: add a Quarter column (2025Q3) or put the quarter in the file name'`, "NULL");
  await ins(`q > ${literal(now)}`, "quarter-future", `'quarter ' || q || ' is in the future (today is in ${now})'`, "coalesce(quarter, q)");
}

/**
 * The ratings of the sheet, one per row × risk, as temp table rl(_row, risk_raw, level_raw); a wide
 * sheet's blank cells are not ratings. Then each distinct risk and level is decided in TypeScript.
 */
async function ratingsOf(ctx: SheetContext): Promise<void> {
  const { conn } = ctx;
  // a wide sheet: the first risk column is the wide_risk field (kind detection needs it), the others sit in v.extra
  const wideAt = ctx.mapping.fields.get("wide_risk");
  const unmapped = ctx.columns.filter((c) => (c.header || c.hxl) && ![...ctx.mapping.fields.values()].includes(c.index));
  const keys = extraKeys(unmapped);
  const wide = riskColumns([...(wideAt === undefined ? [] : [ctx.columns[wideAt]!]), ...unmapped]);
  if (ctx.mapping.fields.has("risk")) {
    await conn.run(`CREATE OR REPLACE TEMP TABLE rl AS SELECT _row, risk AS risk_raw, level AS level_raw, 'risk' AS col FROM v`);
  } else if (wide.length) {
    const parts = wide.map(({ column }) => {
      const header = column.header || column.hxl?.text || "";
      const cell = column.index === wideAt ? "wide_risk" : `pa_clean(extra ->> ${literal(`$."${keys.get(column.index)!.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`)})`;
      return `SELECT _row, ${literal(header)} AS risk_raw, ${cell} AS level_raw, ${literal(header)} AS col FROM v WHERE ${cell} IS NOT NULL`;
    });
    await conn.run(`CREATE OR REPLACE TEMP TABLE rl AS ${parts.join(" UNION ALL ")}`);
  } else {
    await conn.run(`CREATE OR REPLACE TEMP TABLE rl (_row INTEGER, risk_raw VARCHAR, level_raw VARCHAR, col VARCHAR)`);
    await conn.run(`${insertSheetIssues(ctx)} _row, NULL, NULL, 'error', 'risk-missing', 'no risk column and no column named for one of the 15 GPC risks', NULL FROM v`);
    return;
  }
  await conn.run(`ALTER TABLE rl ADD COLUMN risk_key VARCHAR; ALTER TABLE rl ADD COLUMN level INTEGER; ALTER TABLE rl ADD COLUMN label_set VARCHAR`);
  const risks = (await conn.runAndReadAll(`SELECT DISTINCT risk_raw FROM rl WHERE risk_raw IS NOT NULL`)).getRows().map((r) => String(r[0]));
  await conn.run(`CREATE OR REPLACE TEMP TABLE risk_res (k VARCHAR, risk_key VARCHAR, err VARCHAR, sugg VARCHAR)`);
  for (const k of risks) {
    const m = resolveRisk(k);
    await conn.run(`INSERT INTO risk_res VALUES ($k, $key, $err, $sugg)`, {
      k,
      key: m.key,
      err: m.key !== null ? null : m.error,
      sugg: m.key !== null || !m.suggestions.length ? null : `closest standard names: ${m.suggestions.join("; ")}`
    } as never);
  }
  const levels = (await conn.runAndReadAll(`SELECT DISTINCT level_raw FROM rl WHERE level_raw IS NOT NULL`)).getRows().map((r) => String(r[0]));
  await conn.run(`CREATE OR REPLACE TEMP TABLE level_res (k VARCHAR, level INTEGER, label_set VARCHAR, err VARCHAR)`);
  for (const k of levels) {
    const m = parseLevel(k);
    await conn.run(`INSERT INTO level_res VALUES ($k, $level, $set, $err)`, { k, level: m.level, set: m.labelSet, err: "error" in m ? m.error : null } as never);
  }
  await conn.run(`UPDATE rl SET risk_key = r.risk_key FROM risk_res r WHERE rl.risk_raw = r.k`);
  await conn.run(`UPDATE rl SET level = l.level, label_set = l.label_set FROM level_res l WHERE rl.level_raw = l.k`);
  await conn.run(`UPDATE rl SET label_set = 'na' WHERE level_raw IS NULL`);
  const column = (expr: string) => (ctx.mapping.fields.has("risk") ? literal("risk") : expr);
  await conn.run(`${insertSheetIssues(ctx)} rl._row, ${column("rl.col")}, left(rl.risk_raw, 500), 'error', 'risk-unknown', r.err, r.sugg FROM rl JOIN risk_res r ON rl.risk_raw = r.k WHERE r.err IS NOT NULL`);
  await conn.run(`${insertSheetIssues(ctx)} _row, 'risk', NULL, 'error', 'risk-missing', 'missing risk', NULL FROM rl WHERE risk_raw IS NULL`);
  await conn.run(`${insertSheetIssues(ctx)} rl._row, ${ctx.mapping.fields.has("risk") ? "'level'" : "rl.col"}, left(rl.level_raw, 500), 'error', 'level', l.err, NULL
    FROM rl JOIN level_res l ON rl.level_raw = l.k WHERE l.err IS NOT NULL`);
  if (ctx.mapping.fields.has("risk") && !ctx.mapping.fields.has("level")) {
    await conn.run(`${insertSheetIssues(ctx)} _row, 'level', NULL, 'error', 'level-missing', 'no level column: cannot tell how serious each risk is', NULL FROM rl`);
  }
  await conn.run(`DROP TABLE risk_res; DROP TABLE level_res`);
}

/** Two ratings for one quarter × area × risk: the later row of the sheet wins; an earlier one is skipped (said so). */
async function duplicates(ctx: SheetContext): Promise<void> {
  const { conn } = ctx;
  await conn.run(`CREATE OR REPLACE TEMP TABLE rl_ok AS
    SELECT rl.*, v.q, v.res_pcode,
           max(rl._row) OVER (PARTITION BY v.q, v.res_pcode, rl.risk_key) AS winner
    FROM rl JOIN v USING (_row)
    WHERE rl._row NOT IN (SELECT row_number FROM ${SHEET_ISSUES} WHERE severity IN ('error', 'skipped') AND row_number IS NOT NULL)`);
  await conn.run(`CREATE OR REPLACE TEMP TABLE rl_dup AS
    SELECT _row, count(*) FILTER (WHERE winner <> _row) AS dups, count(*) AS n,
           string_agg(DISTINCT q || ' × ' || res_pcode || ' × ' || risk_key || ' (row ' || winner || ')', '; ') FILTER (WHERE winner <> _row) AS what
    FROM rl_ok GROUP BY _row`);
  await conn.run(`${insertSheetIssues(ctx)} _row, 'risk', NULL, CASE WHEN dups = n THEN 'skipped' ELSE 'warning' END, 'duplicate-rating',
      'rated again later in this sheet: ' || what || '; the later row wins, this rating is not stored', NULL
    FROM rl_dup WHERE dups > 0`);
  // the same rating in another file already loaded: both are kept, the pipelines use the most recently loaded file
  await conn.run(`${insertSheetIssues(ctx)} o._row, 'risk', NULL, 'warning', 'rating-in-other-file',
      'also rated in ' || any_value(f.file_name) || ' (' || o.q || ' × ' || o.res_pcode || ' × ' || o.risk_key || '): the most recently loaded file wins in the pipelines (this one, unless that file is loaded again)', NULL
    FROM rl_ok o
    JOIN risk_ratings r ON r.quarter = o.q AND r.area_pcode = o.res_pcode AND r.risk_key = o.risk_key
    JOIN ingest_files f ON f.file_hash = r.file_hash AND f.status = 'loaded' AND f.file_name <> ${literal(ctx.fileName)}
    WHERE o.winner = o._row
    GROUP BY o._row, o.q, o.res_pcode, o.risk_key`);
  // a wide row with every risk cell blank carries no rating: nothing to store
  await conn.run(`${insertSheetIssues(ctx)} _row, NULL, NULL, 'skipped', 'no-rating', 'no risk rated in this row (every risk cell blank)', NULL
    FROM v WHERE _row NOT IN (SELECT _row FROM rl)`);
}

export const risks: KindDefinition = {
  name: "risks",
  label: "risk ratings",
  table: "risk_ratings",
  schema: RiskRatingRow,
  signature: [
    ["risk", "level"],
    ["wide_risk", "admin1_pcode"],
    ["wide_risk", "admin2_pcode"],
    ["wide_risk", "area_pcode"],
    ["wide_risk", "area_name"]
  ],
  async prepare(ctx) {
    await resolveQuarters(ctx);
    await resolveRiskAreas(ctx, true);
    await ratingsOf(ctx);
    await duplicates(ctx);
  },
  async insert(ctx) {
    const bounds = (await ctx.conn.runAndReadAll(`SELECT DISTINCT q FROM v WHERE q IS NOT NULL`)).getRows().map((r) => String(r[0]));
    const caseOf = (part: "start" | "end") => (bounds.length ? `CASE o.q ${bounds.map((q) => `WHEN ${literal(q)} THEN DATE ${literal(quarterBounds(q)[part])}`).join(" ")} END` : "NULL");
    const res = await ctx.conn.run(`INSERT INTO risk_ratings
      SELECT o.q, ${caseOf("start")}, ${caseOf("end")}, o.res_pcode, v.res_level, v.res_admin1, o.risk_key, o.risk_raw, o.level, o.label_set, o.level_raw,
             v.trend, CAST(round(v.incidents) AS BIGINT), v.population_groups, v.evidence,
             ${literal(ctx.fileHash)}, ${literal(ctx.sheet)}, o._row, v.extra
      FROM rl_ok o JOIN v USING (_row)
      WHERE o.winner = o._row
        AND o._row NOT IN (SELECT _row FROM rej)`);
    void res;
    const accepted = Number((await ctx.conn.runAndReadAll(`SELECT count(*) FROM v WHERE _row NOT IN (SELECT _row FROM rej)`)).getRows()[0]![0]);
    await ctx.conn.run(`DROP TABLE IF EXISTS rl; DROP TABLE IF EXISTS rl_ok; DROP TABLE IF EXISTS rl_dup`);
    return accepted;
  }
};
