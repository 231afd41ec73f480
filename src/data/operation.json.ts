// Data loader: the operation (data/operation.json) and the warehouse's last load, for titles and "as of" notes.
import { loadOperationConfig } from "../../warehouse/operation-config.ts";
import { currentAudience } from "../lib/audience.ts";
import { runLoader } from "../lib/dataset-file.ts";

await runLoader("operation", async (w) => {
  let config: ReturnType<typeof loadOperationConfig> | null = null;
  let note: string | null = null;
  try {
    config = loadOperationConfig();
  } catch (e) {
    note = (e as Error).message;
  }
  const tables = await w.tables();
  const lastLoad = tables.has("ingest_files")
    ? (await w.query(`SELECT CAST(max(loaded_at) AS VARCHAR) AS last_load FROM ingest_files`)).rows[0]?.last_load ?? null
    : null;
  return {
    dataset: "operation",
    audience: currentAudience(),
    generatedAt: new Date().toISOString(),
    note,
    country: config?.country ?? null,
    currentQuarter: config?.currentQuarter ?? null,
    period: config?.period ?? null,
    asOf: config?.asOf ?? (typeof lastLoad === "string" ? lastLoad.slice(0, 10) : null),
    lastLoad,
    severityMethod: config?.severity.method ?? null,
    severityThreshold: config?.severity.threshold ?? null,
    suppressBelow: config?.thresholds.suppressBelow ?? null,
    sensitiveAors: config?.sensitive.aors ?? [],
    tables: [...tables].sort()
  };
});
