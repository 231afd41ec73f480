// The main job on the bundled demo operation: generate its files, ingest, run the pipelines, build, serve.
// The demo has a warehouse and a config of its own (data/demo/warehouse.duckdb, data/demo/operation.json,
// the latter copied from demo/operation.json), rebuilt from scratch on every run, so that it never mixes
// with the user's operation in data/warehouse.duckdb and data/operation.json.
import { join } from "node:path";
import { copyFileSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { ingestFiles } from "../loaders/ingest.ts";
import { loadOperationConfig } from "../warehouse/operation-config.ts";
import { withWarehouse } from "../warehouse/db.ts";
import { PROJECT_ROOT } from "../warehouse/project-root.ts";
import { expandPaths, orderForIngest } from "./files.ts";
import { formatRun } from "./report.ts";

export const DEMO_DIR = "data/demo";
export const DEMO_DB = "data/demo/warehouse.duckdb";
export const DEMO_CONFIG = "data/demo/operation.json";
/** The demo operation's settings, kept with the generator. */
export const DEMO_CONFIG_SOURCE = join(PROJECT_ROOT, "demo", "operation.json");
const FOLDERS = ["boundaries", "population", "severity", "5w", "ccpm", "pledges", "risks", "funding"];

/** A warehouse file and what DuckDB keeps beside it, removed so that the demo starts empty. */
export function resetWarehouse(db: string): void {
  for (const f of [db, `${db}.wal`, `${db}.tmp`]) rmSync(f, { recursive: true, force: true });
}

export async function runDemo(opts: { db?: string; config?: string; out: string; serve: boolean; port: number; log?: (s: string) => void }): Promise<void> {
  const log = opts.log ?? ((s: string) => process.stdout.write(s + "\n"));
  const db = opts.db ?? DEMO_DB;
  // the demo's own config, reset from demo/operation.json unless another one is named
  const configPath = opts.config ?? DEMO_CONFIG;
  mkdirSync(DEMO_DIR, { recursive: true });
  if (!opts.config) copyFileSync(DEMO_CONFIG_SOURCE, configPath);
  const config = loadOperationConfig(configPath);
  const { generateDemo } = await import("../demo/generate.ts");
  log("→ generating the demo operation's files");
  await generateDemo(DEMO_DIR);
  const files = orderForIngest(expandPaths(FOLDERS.map((f) => join(DEMO_DIR, f)).filter((f) => existsSync(f))));
  log(`→ ingesting ${files.length} files into ${db} (emptied first)`);
  resetWarehouse(db);
  await withWarehouse(db, async (w) => {
    const report = await ingestFiles(w.conn, files, { config });
    log(formatRun(report));
    log("→ running the pipelines");
    const { runPipelines } = await import("../pipelines/run.ts");
    for (const r of await runPipelines(w.conn, config)) log(`  ✓ ${r.model.padEnd(24)} ${String(r.rows).padStart(8)} rows`);
  });
  log("→ building the site");
  const { buildSite, serveSite } = await import("./site.ts");
  const built = await buildSite({ db, out: opts.out, audience: "internal", config: configPath });
  log(`  ✓ ${built.pages.length} pages in ${opts.out}`);
  if (opts.serve) {
    await serveSite({ out: opts.out, port: opts.port, host: "127.0.0.1" });
    log(`→ serving on http://127.0.0.1:${opts.port} (Ctrl-C to stop)`);
    await new Promise(() => undefined);
  }
}
