// Data loader: the "pau-response" dataset (areas rated 4–5 and the partners responding). Public builds
// also drop the admin2 rows of risks answered by a sensitive AoR (GBV by default): "a partner responds
// to GBV in this district" points at GBV services, which the 5W page publishes at admin1 only.
import { currentAudience } from "../lib/audience.ts";
import { readDataset, runLoader } from "../lib/dataset-file.ts";
import { loadOperationConfig } from "../../warehouse/operation-config.ts";

await runLoader("pau-response", async (w) => {
  const audience = currentAudience();
  const file = await readDataset(w, "pau-response", audience);
  if (audience !== "public") return file;
  const sensitive = loadOperationConfig().sensitive.aors;
  const at = (c: string) => file.columns.indexOf(c);
  const kept = file.rows.filter((r) => {
    const aors = String(r[at("response_aors")] ?? "").split(/,\s*/);
    return !(r[at("area_level")] === 2 && aors.some((a) => (sensitive as string[]).includes(a)));
  });
  const dropped = file.rows.length - kept.length;
  return { ...file, rows: kept, note: file.note ?? (dropped ? `admin2 detail of risks answered by ${sensitive.join(", ")} is withheld in public builds` : null) };
});
