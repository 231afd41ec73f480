// The PAU end to end on a small hand-made operation: boundaries, two quarters of ratings and incidents are
// ingested, the pipelines run, the site is built (internal and public), the PAU page renders in headless
// Chromium with no console error and no outside request, and `protection pau` writes the PDF and the
// two-page brief, whose text (pdftotext) holds the top three risks.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestFiles } from "../loaders/ingest.ts";
import { runPipelines } from "../pipelines/run.ts";
import { withWarehouse } from "../warehouse/db.ts";
import { parseOperationConfig } from "../warehouse/operation-config.ts";
import { buildSite, serveSite } from "../cli/site.ts";
import { pauPdf } from "../cli/pau.ts";
import { csvText } from "./helpers/bad-files.ts";

const CHROMIUM = process.env.E2E_CHROMIUM || "/usr/bin/chromium";
const PDFTOTEXT = "/usr/bin/pdftotext";
const skip = !existsSync(CHROMIUM) ? `no Chromium at ${CHROMIUM}` : !existsSync(PDFTOTEXT) ? `no ${PDFTOTEXT} (apt-get install -y poppler-utils)` : null;
if (skip) console.warn(`pau-site skipped: ${skip}`);

const DIR = resolve("test/.tmp/pau-site");
const DB = join(DIR, "warehouse.duckdb");
const CONFIG = join(DIR, "operation.json");
const NARRATIVE = join(DIR, "narrative");
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"];
const SECRET = "EVIDENCE-NOT-FOR-PUBLICATION";
const SITE = "Camp Zebra";

const rect = (x: number, y: number, w: number, h: number) => [[[x, y], [x, y + h], [x + w, y + h], [x + w, y], [x, y]]];
const feature = (props: Record<string, string>, x: number, y: number, w: number) => ({ type: "Feature", properties: props, geometry: { type: "Polygon", coordinates: rect(x, y, w, 1) } });

function writeInputs(): string[] {
  mkdirSync(join(DIR, "in"), { recursive: true });
  mkdirSync(NARRATIVE, { recursive: true });
  const base = { ADM0_EN: "Testland", ADM0_PCODE: "XT" };
  const adm1 = { type: "FeatureCollection", features: [feature({ ...base, ADM1_EN: "North", ADM1_PCODE: "XT01" }, 0, 1, 1), feature({ ...base, ADM1_EN: "South", ADM1_PCODE: "XT02" }, 0, 0, 1)] };
  const a2 = (p: string, name: string, parent: string, x: number, y: number) => feature({ ...base, ADM1_PCODE: parent, ADM2_EN: name, ADM2_PCODE: p }, x, y, 0.5);
  const adm2 = {
    type: "FeatureCollection",
    features: [a2("XT0101", "North-East", "XT01", 0.5, 1), a2("XT0102", "North-West", "XT01", 0, 1), a2("XT0201", "South-East", "XT02", 0.5, 0), a2("XT0202", "South-West", "XT02", 0, 0)]
  };
  writeFileSync(join(DIR, "in", "xt_admbnda_adm1.geojson"), JSON.stringify(adm1));
  writeFileSync(join(DIR, "in", "xt_admbnda_adm2.geojson"), JSON.stringify(adm2));
  const r = (q: string, area: string, risk: string, level: string, evidence = "") => [q, area, risk, level, evidence];
  writeFileSync(
    join(DIR, "in", "ratings.csv"),
    csvText([
      ["Quarter", "Area P-code", "Risk", "Risk level", "Evidence"],
      r("2025Q2", "XT", "Gender-Based Violence", "Extreme"),
      r("2025Q2", "XT", "Attacks on Civilians and Other Unlawful Killings, and Attacks on Civilian Objects", "Severe"),
      r("2025Q2", "XT", "Presence of Mine and Other Explosive Ordnance", "Moderate"),
      r("2025Q3", "XT", "Gender-Based Violence", "Very High", SECRET),
      r("2025Q3", "XT", "Attacks on Civilians and Other Unlawful Killings, and Attacks on Civilian Objects", "High"),
      r("2025Q3", "XT", "Presence of Mine and Other Explosive Ordnance", "High"),
      r("2025Q3", "XT", "Torture or Cruel, Inhuman, Degrading Treatment or Punishment", "Low"),
      r("2025Q3", "XT01", "Presence of Mine and Other Explosive Ordnance", "High"),
      r("2025Q3", "XT02", "Presence of Mine and Other Explosive Ordnance", "Very High"),
      r("2025Q3", "XT01", "Attacks on Civilians and Other Unlawful Killings, and Attacks on Civilian Objects", "High"),
      r("2025Q3", "XT0101", "Gender-Based Violence", "Very High"),
      r("2025Q3", "XT0201", "Gender-Based Violence", "High")
    ])
  );
  writeFileSync(
    join(DIR, "in", "incidents.csv"),
    csvText([
      ["Month", "Admin2 P-code", "Site", "Incident type", "Number of incidents"],
      ["2025-07", "XT0101", SITE, "Armed presence in site", "2"],
      ["2025-08", "XT0101", "", "Rape", "7"],
      ["2025-08", "XT0201", "", "Rape", "9"],
      ["2025-09", "XT0202", "", "Mine/UXO incident", "12"]
    ])
  );
  writeFileSync(
    join(NARRATIVE, "2025Q3.md"),
    ["## Context", "Fighting displaced thousands.", "## Risks", "### gbv", "Survivors lack services.", "## Recommendations", "- hc_hct | gbv | in progress | Fund GBV services in every site.", ""].join("\n")
  );
  const config = { country: { iso3: "XTS", iso2: "XT", name: "Testland" }, currentQuarter: "2025Q3", period: { start: "2025-01-01", end: "2025-12-31" }, asOf: "2025-10-01", pau: { narrativeDir: NARRATIVE, topRisks: 3 } };
  writeFileSync(CONFIG, JSON.stringify(config, null, 2));
  return ["xt_admbnda_adm1.geojson", "xt_admbnda_adm2.geojson", "ratings.csv", "incidents.csv"].map((f) => join(DIR, "in", f));
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)]));
}

const pdfText = (path: string) => execFileSync(PDFTOTEXT, [path, "-"], { encoding: "utf8" });
const words = (text: string) => text.replace(/\s+/g, " ");

describe.skipIf(skip !== null)("the PAU page and its PDF briefing", () => {
  beforeAll(async () => {
    // PAU_SITE_REUSE=1: keep the sites built by the last run (while working on the checks below)
    if (process.env.PAU_SITE_REUSE === "1" && existsSync(join(DIR, "public", "pau.html"))) return;
    rmSync(DIR, { recursive: true, force: true });
    const files = writeInputs();
    const config = parseOperationConfig(JSON.parse(readFileSync(CONFIG, "utf8")));
    await withWarehouse(DB, async (w) => {
      const report = await ingestFiles(w.conn, files, { config });
      for (const f of report.files) expect(f.status, `${f.file}: ${f.error ?? ""}`).toBe("loaded");
      await runPipelines(w.conn, config);
    });
    await buildSite({ db: DB, out: join(DIR, "internal"), audience: "internal", config: CONFIG });
    await buildSite({ db: DB, out: join(DIR, "public"), audience: "public", config: CONFIG });
  }, 400_000);

  afterAll(() => undefined);

  it("renders the PAU in Chromium with no console error and no outside request, and marks what is missing", async () => {
    const server = await serveSite({ out: join(DIR, "internal"), port: 0, host: "127.0.0.1" });
    const context = await chromium.launchPersistentContext(join(DIR, "chromium"), { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1280, height: 1000 } });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      const foreign: string[] = [];
      page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("request", (r) => !/^(data:|blob:|http:\/\/127\.0\.0\.1)/.test(r.url()) && foreign.push(r.url()));
      await page.goto(`${server.url}/pau?quarter=2025Q3`, { waitUntil: "networkidle" });
      await page.locator(".pau-root article.pau").waitFor();
      expect(await page.locator(".observablehq--error").allTextContents()).toEqual([]);
      expect(errors).toEqual([]);
      expect(foreign).toEqual([]);
      // top 3: GBV 5; explosive ordnance and attacks at 4, explosive first (two admin1 at 4–5 against one)
      expect(await page.locator("section.pau-risk").evaluateAll((s) => s.map((x) => x.getAttribute("data-risk")))).toEqual(["gbv", "explosive_ordnance", "attacks_on_civilians"]);
      expect(await page.locator("#risk-explosive_ordnance svg.choropleth").count()).toBe(1);
      const text = await page.locator(".pau-root").innerText();
      expect(text).toContain("Fighting displaced thousands.");
      expect(text).toContain("Fund GBV services in every site.");
      expect(text).toMatch(/Missing: analysis of Explosive ordnance/);
      expect(text).not.toContain(SECRET);
      await page.screenshot({ path: join(DIR, "pau-1280.png"), fullPage: true });
      await page.setViewportSize({ width: 1920, height: 1000 });
      await page.screenshot({ path: join(DIR, "pau-1920.png"), fullPage: true });
      // a quarter without narrative: every narrative part says it is missing
      await page.goto(`${server.url}/pau?quarter=2025Q2`, { waitUntil: "networkidle" });
      await page.locator(".pau-root article.pau").waitFor();
      const q2 = await page.locator(".pau-root").innerText();
      expect(q2).toMatch(/Missing: context and crisis overview/);
      expect(q2).toMatch(/Missing: recommendations/);
      expect(errors).toEqual([]);
      expect(foreign).toEqual([]);
    } finally {
      await context.close();
      await server.close();
    }
  }, 120_000);

  it("writes the PAU PDF and the two-page brief with the top three risks", async () => {
    const full = await pauPdf({ quarter: "2025Q3", pdf: join(DIR, "pau.pdf"), db: DB, config: CONFIG, site: join(DIR, "internal") });
    expect(full.warnings).toEqual([]);
    expect(full.pages).toBeGreaterThanOrEqual(3);
    const text = words(pdfText(full.pdf));
    for (const name of ["Gender-Based Violence", "Presence of Mine and Other Explosive Ordnance", "Attacks on Civilians and Other Unlawful Killings"]) expect(text).toContain(name);
    expect(text).toContain(`page 1 of ${full.pages}`);
    expect(text).toContain("Testland");
    expect(full.topRisks).toEqual(["GBV (5, stable)", "Explosive ordnance (4, worsening)", "Attacks on civilians (4, stable)"]);

    const brief = await pauPdf({ quarter: "2025Q3", pdf: join(DIR, "pau-brief.pdf"), brief: true, db: DB, config: CONFIG, site: join(DIR, "internal") });
    expect(brief.pages).toBe(2);
    const briefText = words(pdfText(brief.pdf));
    expect(briefText).toContain("page 2 of 2");
    for (const name of ["Gender-Based Violence", "Presence of Mine and Other Explosive Ordnance", "Attacks on Civilians"]) expect(briefText).toContain(name);
    expect(briefText).toContain("Fund GBV services in every site.");
    expect(statSync(brief.pdf).size).toBeGreaterThan(1000);
  }, 120_000);

  it("publishes no rating evidence, site name, admin2 incident count or monthly incidents in the public build", () => {
    const files = listFiles(join(DIR, "public")).filter((f) => /\.(html|js|json|csv)$/.test(f));
    const all = files.map((f) => readFileSync(f, "utf8")).join("\n");
    expect(all).not.toContain(SECRET);
    expect(all).not.toContain(SITE);
    expect(all).not.toContain(NARRATIVE); // the narrative folder is a path on the IMO's machine
    const data = (name: string) => JSON.parse(readFileSync(files.find((f) => f.includes(`/data/${name}.`))!, "utf8"));
    const risks = data("pau-risks");
    const at = (c: string) => risks.columns.indexOf(c);
    // incidents only on the country rows; admin1 counts are in pau-incidents, small ones as "<5"
    expect(risks.rows.filter((r: unknown[]) => r[at("area_level")] !== 0 && r[at("incidents")] !== null)).toEqual([]);
    const incidents = data("pau-incidents");
    const north = incidents.rows.find((r: unknown[]) => r[incidents.columns.indexOf("admin1_pcode")] === "XT01" && r[incidents.columns.indexOf("risk_key")] === "attacks_on_civilians");
    expect(north[incidents.columns.indexOf("incidents")]).toBe("<5");
    expect(data("pau-incidents-month").rows).toEqual([]);
  });
});
