// The operation as the site's data loaders state it at the top of their files: the config (or why it could not be
// read, so that a page can say so instead of failing) and the header fields every such file starts with.
import { loadOperationConfig, type OperationConfig } from "../../warehouse/operation-config.ts";
import { currentAudience } from "./audience.ts";

export interface LoadedOperation {
  config: OperationConfig | null;
  note: string | null;
}

export function loadOperation(): LoadedOperation {
  try {
    return { config: loadOperationConfig(), note: null };
  } catch (e) {
    return { config: null, note: (e as Error).message };
  }
}

export function operationHeader(dataset: string, { config, note }: LoadedOperation) {
  return {
    dataset,
    audience: currentAudience(),
    generatedAt: new Date().toISOString(),
    note,
    country: config?.country ?? null,
    currentQuarter: config?.currentQuarter ?? null
  };
}
