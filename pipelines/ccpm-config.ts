// The CCPM scoring settings as DuckDB variables for the ccpm_* models (see warehouse/operation-config.ts, ccpm).
import type { DuckDBConnection } from "@duckdb/node-api";
import type { OperationConfig } from "../warehouse/operation-config.ts";

/**
 * `ccpm_min_respondents` (withhold a score below it), `ccpm_function_aggregate` (median | mean of a function's
 * sub-items) and `ccpm_as_of` (the day an action counts as overdue after its deadline: the config's asOf, else today).
 */
export async function injectCcpmConfig(conn: DuckDBConnection, config: OperationConfig): Promise<void> {
  // defaults again for config objects built by hand (tests), which skip the schema's
  const ccpm: Partial<OperationConfig["ccpm"]> = config.ccpm ?? {};
  await conn.run(`SET VARIABLE ccpm_min_respondents = $v::INTEGER`, { v: ccpm.minRespondents ?? 5 });
  await conn.run(`SET VARIABLE ccpm_function_aggregate = $v`, { v: ccpm.functionAggregate ?? "median" });
  await conn.run(`SET VARIABLE ccpm_as_of = coalesce($v::DATE, current_date)`, { v: config.asOf ?? null } as never);
}
