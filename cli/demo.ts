// The main job on the bundled demo operation: generate its files, ingest, run the pipelines, build, serve.
import { join } from "node:path";
import { existsSync } from "node:fs";
import { ingestFiles } from "../loaders/ingest.ts";
import { loadOperationConfig } from "../warehouse/operation-config.ts";
import { withWarehouse } from "../warehouse/db.ts";
import { expandPaths, orderForIngest } from "./files.ts";
import { formatRun } from "./report.ts";

export const DEMO_DIR = "data/demo";
const FOLDERS = ["boundaries", "population", "severity", "5w", "ccpm", "pledges", "risks"];

export async function runDemo(opts: { db: string; out: string; serve: boolean; port: number; log?: (s: string) => void }): Promise<void> {
  const log = opts.log ?? ((s: string) => process.stdout.write(s + "\n"));
  const config = loadOperationConfig();
  const { generateDemo } = await import("../demo/generate.ts");
  log("→ generating the demo operation's files");
  await generateDemo(DEMO_DIR);
  const files = orderForIngest(expandPaths(FOLDERS.map((f) => join(DEMO_DIR, f)).filter((f) => existsSync(f))));
  log(`→ ingesting ${files.length} files into ${opts.db}`);
  await withWarehouse(opts.db, async (w) => {
    const report = await ingestFiles(w.conn, files, { config });
    log(formatRun(report));
    log("→ running the pipelines");
    const { runPipelines } = await import("../pipelines/run.ts");
    for (const r of await runPipelines(w.conn, config)) log(`  ✓ ${r.model.padEnd(24)} ${String(r.rows).padStart(8)} rows`);
  });
  log("→ building the site");
  const { buildSite, serveSite } = await import("./site.ts");
  const built = await buildSite({ db: opts.db, out: opts.out, audience: "internal" });
  log(`  ✓ ${built.pages.length} pages in ${opts.out}`);
  if (opts.serve) {
    await serveSite({ out: opts.out, port: opts.port, host: "127.0.0.1" });
    log(`→ serving on http://127.0.0.1:${opts.port} (Ctrl-C to stop)`);
    await new Promise(() => undefined);
  }
}
