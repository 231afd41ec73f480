// Data loader: the operation (data/operation.json) and the warehouse's last load, for titles and "as of" notes.
import { runLoader } from "../lib/dataset-file.ts";
import { loadOperation, operationHeader } from "../lib/operation-header.ts";

await runLoader("operation", async (w) => {
  const operation = loadOperation();
  const { config } = operation;
  const tables = await w.tables();
  const lastLoad = tables.has("ingest_files")
    ? (await w.query(`SELECT CAST(max(loaded_at) AS VARCHAR) AS last_load FROM ingest_files`)).rows[0]?.last_load ?? null
    : null;
  return {
    ...operationHeader("operation", operation),
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
