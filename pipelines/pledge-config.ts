// The pledges block of the operation config, as DuckDB variables for the pledge models (pledge_status):
// getvariable('pledge_stalled_months'), 'pledge_regions', 'pledge_themes' and 'pledge_country_names' (lists
// of lower-case words, compared with pa_norm of the export's text).
import type { DuckDBConnection } from "@duckdb/node-api";
import { PLEDGE_PROTECTION_THEMES, type OperationConfig } from "../warehouse/operation-config.ts";
import { literal } from "../warehouse/sql.ts";

// normalised in SQL with the loaders' own pa_norm, so that both sides of a comparison are the same words
const list = (values: string[]) => `list_filter(list_distinct(list_transform([${values.map(literal).join(", ")}]::VARCHAR[], x -> pa_norm(x))), x -> x IS NOT NULL)`;

/** The names the export may give the operation's country: its name (with and without a bracketed note), ISO3, ISO2, aliases. */
export function operationCountryNames(config: OperationConfig): string[] {
  const { name, iso3, iso2 } = config.country;
  return [name, name.replace(/\s*\([^)]*\)\s*/g, " ").trim(), iso3, iso2, ...pledgeSettings(config).countryNames];
}

/** The config's pledges block, with its defaults even for a config object built by hand (tests). */
function pledgeSettings(config: OperationConfig): OperationConfig["pledges"] {
  const given: Partial<OperationConfig["pledges"]> = config.pledges ?? {};
  return {
    stalledMonths: given.stalledMonths ?? 6,
    regions: given.regions ?? [],
    protectionThemes: given.protectionThemes ?? [...PLEDGE_PROTECTION_THEMES],
    countryNames: given.countryNames ?? []
  };
}

export async function injectPledgeConfig(conn: DuckDBConnection, config: OperationConfig): Promise<void> {
  const p = pledgeSettings(config);
  await conn.run(`SET VARIABLE pledge_stalled_months = ${p.stalledMonths}`);
  await conn.run(`SET VARIABLE pledge_regions = ${list(p.regions)}`);
  await conn.run(`SET VARIABLE pledge_themes = ${list(p.protectionThemes)}`);
  await conn.run(`SET VARIABLE pledge_country_names = ${list(operationCountryNames(config))}`);
}
