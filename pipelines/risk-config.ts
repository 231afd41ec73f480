// The pau block of the operation config, as DuckDB variables for the risk models: 'country_pcode' (the
// country's ISO2 admin0 p-code, COD convention) and 'risk_response', one struct per risk × AoR ×
// activity-name substring (NULL: any activity of that AoR) — the config's riskResponse, else the AoRs
// "most concerned" of the GPC risk list.
import type { DuckDBConnection } from "@duckdb/node-api";
import type { OperationConfig } from "../warehouse/operation-config.ts";
import { RISKS } from "../warehouse/risk-list.ts";
import { literal } from "../warehouse/sql.ts";

export function riskResponseRows(config: OperationConfig): { risk_key: string; aor: string; activity_match: string | null }[] {
  const configured = config.pau?.riskResponse ?? {};
  return RISKS.flatMap((r) => {
    const c = configured[r.key];
    const aors = c?.aors ?? r.aors;
    const activities = c?.activities?.length ? c.activities : [null];
    return aors.flatMap((aor) => activities.map((a) => ({ risk_key: r.key, aor, activity_match: a === null ? null : a.toLowerCase() })));
  });
}

export async function injectRiskConfig(conn: DuckDBConnection, config: OperationConfig): Promise<void> {
  await conn.run(`SET VARIABLE country_pcode = ${literal(config.country.iso2)}`);
  const rows = riskResponseRows(config).map((r) => `{'risk_key': ${literal(r.risk_key)}, 'aor': ${literal(r.aor)}, 'activity_match': ${literal(r.activity_match)}::VARCHAR}`);
  await conn.run(`SET VARIABLE risk_response = [${rows.join(", ")}]`);
}
