// Shared by the funding tests: small FTS responses written from flow specs, and one warehouse run.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ingestFiles, type FileReport } from "../../loaders/ingest.ts";
import { runPipelines } from "../../pipelines/run.ts";
import { DONORS, ftsPages, type DemoFlow } from "../../demo/funding.ts";
import { rows, testConfig, tempDir, withMemory } from "./warehouse.ts";
import type { Warehouse } from "../../warehouse/db.ts";

export const fundingConfig = testConfig({ period: { start: "2000-01-01", end: "2030-12-31" } });

const un = { name: "UN Agency A", types: ["UN agency"] };
const nngo = { name: "National NGO B", types: ["NGO"], subTypes: ["National"] };
const ingo = { name: "International NGO C", types: ["NGO"], subTypes: ["International"] };
export const ORGS = { un, nngo, ingo, fund: DONORS.dhf, donor: DONORS.usa, donor2: DONORS.norway };

let id = 500;
/** A flow of the demo plan (clusters by plan-cluster name, see DEMO_CLUSTERS) in 2025. */
export function flow(amount: number, clusters: string[], over: Partial<DemoFlow> = {}): DemoFlow {
  return { id: id++, amount, status: "paid", boundary: "incoming", from: DONORS.usa, to: un, clusters, inPlan: true, date: "2025-03-01", ...over };
}

export function writeFlows(dir: string, name: string, flows: DemoFlow[], pageSize = 1000): string[] {
  return ftsPages(flows, pageSize).map((text, i) => {
    const path = join(dir, `${name}_page${i + 1}.json`);
    writeFileSync(path, text);
    return path;
  });
}

export function writeText(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

export const REQ_HEADER = "countryCode,id,name,code,startDate,endDate,year,clusterCode,cluster,requirements,funding,percentFunded";

/** Ingests the files (each as built by `files(dir)`), runs the pipelines, and hands the warehouse over. */
export async function withFunding<T>(files: (dir: string) => string[], fn: (w: Warehouse, reports: FileReport[]) => Promise<T>): Promise<T> {
  const { dir, cleanup } = tempDir("funding-test-");
  try {
    return await withMemory(async (w) => {
      const { files: reports } = await ingestFiles(w.conn, files(dir), { config: fundingConfig });
      await runPipelines(w.conn, fundingConfig);
      return fn(w, reports);
    });
  } finally {
    cleanup();
  }
}

export async function coverage(w: Warehouse, year = 2025): Promise<Record<string, Record<string, unknown>>> {
  const r = await rows(w.conn, `SELECT * FROM funding_coverage WHERE year = ${year}`);
  return Object.fromEntries(r.map((x) => [String(x.aor), x]));
}

export { rows };
