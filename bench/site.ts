/**
 * Site benchmark (issue #13), run by `npm run bench` after the ingest benchmark:
 *
 *   tsx bench/site.ts [--runs 3] [--keep]
 *
 * On the demo operation, generated and loaded into a temporary warehouse once:
 *   - site build: `protection build` of the demo with every page (target ≤ 20 s, median of --runs);
 *   - monthly update: one new monthly 5W file → `protection ingest` + `protection run` + `protection build`
 *     on a copy of the warehouse (target ≤ 30 s, median);
 *   - first chart: each page opened in headless Chromium on loopback, navigation start → first chart or
 *     table drawn (target ≤ 1 s per page, median).
 * Results go to bench/results/site.{json,md}.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { measure, median } from "./measure.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const RESULTS = join(ROOT, "bench", "results");
const CHROMIUM = process.env.E2E_CHROMIUM || "/usr/bin/chromium";
const TARGETS = { buildS: 20, updateS: 30, firstChartS: 1 };

const { values: opts } = parseArgs({ options: { runs: { type: "string", default: "3" }, keep: { type: "boolean", default: false } } });
const RUNS = Number(opts.runs);
const t0 = performance.now();
const log = (msg: string) => process.stderr.write(`[bench-site ${((performance.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${msg}\n`);

async function protection(args: string[]): Promise<number> {
  const r = await measure(process.execPath, [join(ROOT, "bin", "protection.js"), ...args], { cwd: ROOT, env: { ...process.env, OBSERVABLE_TELEMETRY_DISABLE: "1" } });
  if (r.code !== 0) throw new Error(`protection ${args.join(" ")} failed (${r.code}):\n${r.stderr.slice(-2000)}`);
  return r.wallS;
}

async function main(): Promise<number> {
  const tmp = mkdtempSync(join(os.tmpdir(), "bench-site-"));
  const files = join(tmp, "files");
  const config = join(ROOT, "demo", "operation.json");
  const db = join(tmp, "demo.duckdb");
  try {
    log("generating and loading the demo operation");
    const { generateDemo } = await import("../demo/generate.ts");
    await generateDemo(files);
    const folders = readdirSync(files, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => join(files, d.name));
    await protection(["ingest", ...folders, "--db", db, "--config", config]);
    await protection(["run", "--db", db, "--config", config]);

    const build: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const s = await protection(["build", "--db", db, "--config", config, "--out", join(tmp, "dist")]);
      build.push(s);
      log(`site build ${i + 1}/${RUNS}: ${s.toFixed(1)} s`);
    }

    // a new month from one partner: the March report of a partner, sent again as April's
    const monthly = readdirSync(join(files, "5w")).find((f) => /^rapport_5W_.*\.xlsx$/.test(f));
    const update: number[] = [];
    for (let i = 0; monthly && i < RUNS; i++) {
      const copy = join(tmp, `update-${i}.duckdb`);
      copyFileSync(db, copy);
      const inbox = join(tmp, `inbox-${i}`);
      mkdirSync(inbox, { recursive: true });
      const file = join(inbox, monthly.replace(/\d{4}-\d{2}/, "2025-12"));
      copyFileSync(join(files, "5w", monthly), file);
      const s =
        (await protection(["ingest", file, "--db", copy, "--config", config])) +
        (await protection(["run", "--db", copy, "--config", config])) +
        (await protection(["build", "--db", copy, "--config", config, "--out", join(tmp, `dist-update-${i}`)]));
      update.push(s);
      rmSync(copy, { force: true });
      log(`monthly update ${i + 1}/${RUNS}: ${s.toFixed(1)} s`);
    }

    const firstChart: Record<string, number> = {};
    try {
      const { chromium } = await import("playwright-core");
      const { serveSite } = await import("../cli/site.ts");
      const server = await serveSite({ out: join(tmp, "dist"), port: 0 });
      const userData = mkdtempSync(join(tmp, "chromium-"));
      const context = await chromium.launchPersistentContext(userData, {
        executablePath: CHROMIUM,
        headless: true,
        args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
      });
      const pages = readdirSync(join(tmp, "dist")).filter((f) => f.endsWith(".html") && f !== "404.html").map((f) => (f === "index.html" ? "/" : `/${f.replace(/\.html$/, "")}`));
      for (const path of pages) {
        const times: number[] = [];
        for (let i = 0; i < RUNS; i++) {
          const page = await context.newPage();
          const started = Date.now();
          await page.goto(`${server.url}${path}`);
          await page.locator("main svg, main table").first().waitFor({ timeout: 30_000 });
          times.push((Date.now() - started) / 1000);
          await page.close();
        }
        firstChart[path] = median(times);
        log(`first chart ${path}: ${firstChart[path]!.toFixed(2)} s`);
      }
      await context.close();
      await server.close();
    } catch (e) {
      log(`first chart not measured: ${(e as Error).message.split("\n")[0]}`);
    }

    const result = {
      date: new Date().toISOString(),
      cpus: os.cpus().length,
      runs: RUNS,
      siteBuildS: { median: median(build), runs: build, target: TARGETS.buildS },
      monthlyUpdateS: { median: update.length ? median(update) : null, runs: update, target: TARGETS.updateS },
      firstChartS: { pages: firstChart, target: TARGETS.firstChartS }
    };
    mkdirSync(RESULTS, { recursive: true });
    writeFileSync(join(RESULTS, "site.json"), JSON.stringify(result, null, 2) + "\n");
    const ok = (v: number | null, t: number) => (v === null ? "not measured" : v <= t ? "✓" : "✗");
    const md = [
      `# Site benchmark (${result.date.slice(0, 10)}, ${result.cpus} cores, medians of ${RUNS})`,
      "",
      "| case | median | target | |",
      "|---|---|---|---|",
      `| demo site build, every page | ${result.siteBuildS.median.toFixed(1)} s | ≤ ${TARGETS.buildS} s | ${ok(result.siteBuildS.median, TARGETS.buildS)} |`,
      `| one new monthly 5W file → ingest + run + build | ${result.monthlyUpdateS.median?.toFixed(1) ?? "–"} s | ≤ ${TARGETS.updateS} s | ${ok(result.monthlyUpdateS.median, TARGETS.updateS)} |`,
      ...Object.entries(firstChart).map(([p, s]) => `| first chart of ${p} (headless Chromium, loopback) | ${s.toFixed(2)} s | ≤ ${TARGETS.firstChartS} s | ${ok(s, TARGETS.firstChartS)} |`),
      ""
    ].join("\n");
    writeFileSync(join(RESULTS, "site.md"), md);
    process.stdout.write(md);
    const failed = result.siteBuildS.median > TARGETS.buildS || (result.monthlyUpdateS.median ?? 0) > TARGETS.updateS || Object.values(firstChart).some((s) => s > TARGETS.firstChartS);
    return failed ? 1 : 0;
  } finally {
    if (!opts.keep) rmSync(tmp, { recursive: true, force: true });
    else log(`kept ${tmp}`);
  }
}

process.exitCode = await main();
