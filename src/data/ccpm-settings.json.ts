// Data loader: the CCPM scoring settings of the operation config, so that the page states the rules it shows.
import { basename } from "node:path";
import { loadOperationConfig } from "../../warehouse/operation-config.ts";
import { runLoader } from "../lib/dataset-file.ts";

await runLoader("ccpm-settings", async () => {
  let note: string | null = null;
  let ccpm: ReturnType<typeof loadOperationConfig>["ccpm"] | null = null;
  let asOf: string | null = null;
  try {
    const config = loadOperationConfig();
    ccpm = config.ccpm;
    asOf = config.asOf ?? null;
  } catch (e) {
    note = (e as Error).message;
  }
  return {
    dataset: "ccpm-settings",
    note,
    // the file name only: a path would tell where the IMO keeps files
    questionnaire: ccpm ? basename(ccpm.questionnaire) : null,
    minRespondents: ccpm?.minRespondents ?? 5,
    functionAggregate: ccpm?.functionAggregate ?? "median",
    customScales: ccpm ? Object.keys(ccpm.scales) : [],
    asOf
  };
});
