// End to end: a built site (E2E_DIST, default dist/) served on 127.0.0.1 and opened in headless Chromium.
// Every page must render its charts with no console error and no request to any other host; the 5W
// filters and the severity toggles must change what is drawn. Screenshots go to test/.tmp/screens/.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveSite, type RunningServer } from "../cli/site.ts";

// Without E2E_DIST the whole chain runs first: demo files → ingest → pipelines → build (no serve).
const DEMO_DIR = "test/.tmp/e2e-demo";
const DIST = process.env.E2E_DIST || join(DEMO_DIR, "dist");
const CHROMIUM = process.env.E2E_CHROMIUM || "/usr/bin/chromium";
const SCREENS = "test/.tmp/screens";
const browser = existsSync(CHROMIUM);
const skipReason = process.env.E2E_DIST && !existsSync(join(DIST, "index.html"))
  ? `no built site in ${DIST} (unset E2E_DIST to build the demo)`
  : !browser
    ? `no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set E2E_CHROMIUM)`
    : null;
if (skipReason) console.warn(`e2e-site skipped: ${skipReason}`);

const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic"
];

interface Visit {
  path: string;
  page: Page;
  requests: string[];
  console: string[];
  errors: string[];
}

describe.skipIf(skipReason !== null)(`the built site in ${DIST}`, () => {
  let server: RunningServer;
  let context: BrowserContext;
  let userData: string;
  const visits: Visit[] = [];

  beforeAll(async () => {
    mkdirSync(SCREENS, { recursive: true });
    if (!process.env.E2E_DIST) {
      rmSync(DEMO_DIR, { recursive: true, force: true });
      mkdirSync(DEMO_DIR, { recursive: true });
      const { runDemo } = await import("../cli/demo.ts");
      await runDemo({ db: join(DEMO_DIR, "warehouse.duckdb"), out: DIST, serve: false, port: 0, log: () => undefined });
    }
    server = await serveSite({ out: DIST, port: 0, host: "127.0.0.1" });
    userData = mkdtempSync(join(tmpdir(), "e2e-chromium-"));
    context = await chromium.launchPersistentContext(userData, {
      executablePath: CHROMIUM,
      headless: true,
      args: ARGS,
      viewport: { width: 1400, height: 1000 },
      acceptDownloads: true
    });
  }, 300_000);

  afterAll(async () => {
    // Every request and console message, per page visit, for whoever reads the screenshots.
    const log = visits.map(({ path, requests, console, errors }) => ({ path, requests, console, errors }));
    if (visits.length) writeFileSync(join(SCREENS, "e2e-log.json"), JSON.stringify(log, null, 2));
    await context?.close();
    await server?.close();
    if (userData) rmSync(userData, { recursive: true, force: true });
  });

  async function open(path: string): Promise<Visit> {
    const page = await context.newPage();
    const visit: Visit = { path, page, requests: [], console: [], errors: [] };
    page.on("request", (r) => visit.requests.push(r.url()));
    page.on("console", (m) => {
      visit.console.push(`${m.type()}: ${m.text()}`);
      if (m.type() === "error") visit.errors.push(`console: ${m.text()}`);
    });
    page.on("pageerror", (e) => visit.errors.push(`pageerror: ${e.message}`));
    page.on("response", (r) => {
      if (r.status() >= 400) visit.errors.push(`http ${r.status()}: ${r.url()}`);
    });
    await page.goto(`${server.url}${path}`, { waitUntil: "networkidle" });
    visits.push(visit);
    return visit;
  }

  function foreignRequests(visit: Visit): string[] {
    return visit.requests.filter((u) => {
      if (u.startsWith("data:") || u.startsWith("blob:")) return false;
      return new URL(u).hostname !== "127.0.0.1";
    });
  }

  async function expectClean(visit: Visit): Promise<void> {
    // Framework reports a failed cell in the page itself, not in the console.
    const cellErrors = await visit.page.locator(".observablehq--error").allTextContents();
    expect(cellErrors, "cells that failed").toEqual([]);
    expect(visit.errors, "console errors").toEqual([]);
    expect(foreignRequests(visit), "requests to hosts other than 127.0.0.1").toEqual([]);
  }

  async function mapState(page: Page, selector: string): Promise<string> {
    return page.locator(`${selector} svg.choropleth`).evaluate((svg) =>
      [...svg.querySelectorAll("path")].map((p) => `${p.getAttribute("fill") ?? ""}:${p.getAttribute("d")?.length ?? 0}`).join("|")
    );
  }

  async function shoot(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: true });
  }

  it("renders the home page with its key figures and links to every page", async () => {
    const visit = await open("/");
    const { page } = visit;
    await page.locator(".card.kpi .big").first().waitFor();
    const figures = await page.locator(".card.kpi .big").allTextContents();
    expect(figures.length).toBeGreaterThanOrEqual(4);
    for (const href of ["./5w", "./severity", "./ingest"]) expect(await page.locator(`main a[href="${href}"]`).count()).toBeGreaterThan(0);
    expect(await page.locator(".source-note").first().textContent()).toMatch(/as of|date of data unknown/);
    await shoot(page, "home");
    await expectClean(visit);
  }, 60_000);

  it("draws the 5W map and table, and a filter changes both", async () => {
    const visit = await open("/5w");
    const { page } = visit;
    const map = page.locator("#map-5w svg.choropleth");
    await map.waitFor();
    expect(await map.locator("path").count()).toBeGreaterThan(0);
    await page.locator("#table-5w table").waitFor();
    await shoot(page, "5w");
    await map.screenshot({ path: join(SCREENS, "5w-map.png") });

    const mapBefore = await mapState(page, "#map-5w");
    const tableBefore = await page.locator("#table-5w table").innerText();
    const organisation = page.locator('form:has(label:text-is("Organisation")) select');
    const options = await organisation.locator("option").allTextContents();
    expect(options.length).toBeGreaterThan(1);
    await organisation.selectOption({ index: 1 });
    await expect.poll(() => mapState(page, "#map-5w"), { timeout: 10_000 }).not.toBe(mapBefore);
    await expect.poll(() => page.locator("#table-5w table").innerText(), { timeout: 10_000 }).not.toBe(tableBefore);
    await shoot(page, "5w-organisation");

    // Admin1 narrows the map to that admin1's areas.
    const admin1 = page.locator('form:has(label:text-is("Admin1")) select');
    const areasBefore = await map.locator("path").count();
    await organisation.selectOption({ index: 0 });
    await admin1.selectOption({ index: 1 });
    await expect.poll(() => page.locator("#map-5w svg.choropleth path").count(), { timeout: 10_000 }).toBeLessThan(areasBefore);
    await shoot(page, "5w-admin1");

    // A month of the quarter: the map, the table and the KPI's scope follow it.
    await admin1.selectOption({ index: 0 });
    const month = page.locator('form:has(label:text-is("Month")) select');
    const months = await month.locator("option").allTextContents();
    expect(months[0]).toBe("Whole quarter");
    expect(months.length).toBe(4); // the demo reports every month of the current quarter
    const quarterMap = await mapState(page, "#map-5w");
    const quarterTable = await page.locator("#table-5w table").innerText();
    // the month files (most of the page's weight) are fetched only once a month is chosen
    const monthFiles = () => visit.requests.filter((u) => /-month\.[0-9a-f]+\.json$/.test(u)).length;
    expect(monthFiles()).toBe(0);
    await month.selectOption({ index: 1 });
    await expect.poll(monthFiles, { timeout: 10_000 }).toBe(3);
    await expect.poll(() => mapState(page, "#map-5w"), { timeout: 10_000 }).not.toBe(quarterMap);
    await expect.poll(() => page.locator("#table-5w table").innerText(), { timeout: 10_000 }).not.toBe(quarterTable);
    expect(await page.locator(".card.kpi .source-note").first().textContent()).toContain(months[1]!);
    await shoot(page, "5w-month");
    await month.selectOption({ index: 0 });

    // The partner-count view of the map.
    const reachedState = await mapState(page, "#map-5w");
    await page.locator('#map-5w form:has(label:text-is("Map")) input[value="1"]').check();
    await expect.poll(() => mapState(page, "#map-5w"), { timeout: 10_000 }).not.toBe(reachedState);
    await shoot(page, "5w-partners");

    // User-supplied names stay text: a name that looks like markup is shown, never parsed.
    expect(await page.locator("main img").count()).toBe(0);
    await expectClean(visit);
  }, 90_000);

  it("draws the severity map with its legend; level and AoR change the map", async () => {
    const visit = await open("/severity");
    const { page } = visit;
    const map = page.locator("#map-severity svg.choropleth");
    await map.waitFor();
    const legend = page.locator(".severity-legend");
    await legend.waitFor();
    const legendText = await legend.innerText();
    for (const label of ["1", "2", "3", "4", "5", "No data"]) expect(legendText).toContain(label);
    await shoot(page, "severity");

    const admin2Paths = await map.locator("path").count();
    const admin2State = await mapState(page, "#map-severity");
    await page.locator('#map-severity').page().locator('form:has(label:text-is("Level")) input[value="1"]').check();
    await expect.poll(() => mapState(page, "#map-severity"), { timeout: 10_000 }).not.toBe(admin2State);
    expect(await page.locator("#map-severity svg.choropleth path").count()).toBeLessThan(admin2Paths);
    await shoot(page, "severity-admin1");
    await page.locator("#map-severity").screenshot({ path: join(SCREENS, "severity-admin1-map.png") });

    await page.locator('form:has(label:text-is("Level")) input[value="0"]').check();
    await expect.poll(() => mapState(page, "#map-severity"), { timeout: 10_000 }).toBe(admin2State);
    const aor = page.locator('form:has(label:text-is("AoR"))');
    const choices = await aor.locator("input").count();
    expect(choices).toBe(6);
    const states = new Set([admin2State]);
    for (let i = 1; i < choices; i++) {
      await aor.locator(`input[value="${i}"]`).check();
      await page.waitForTimeout(300);
      states.add(await mapState(page, "#map-severity"));
    }
    expect(states.size, "AoR selector changes the map").toBeGreaterThan(1);
    await aor.locator('input[value="1"]').check();
    await page.waitForTimeout(300);
    await shoot(page, "severity-gp");
    await expectClean(visit);
  }, 90_000);

  it("shows the ingest report with files, reasons and a filterable issues table", async () => {
    const visit = await open("/ingest");
    const { page } = visit;
    await page.locator("#files").waitFor();
    await shoot(page, "ingest");
    const issues = page.locator("#issues .data-table");
    if ((await issues.count()) > 0) {
      const before = await issues.getAttribute("data-rows");
      await page.locator('form:has(label:text-is("Severity")) input[value="0"]').uncheck();
      await expect.poll(() => page.locator("#issues .data-table").getAttribute("data-rows"), { timeout: 10_000 }).not.toBe(before);
    }
    // Raw values such as <script> are shown as text.
    expect(await page.locator("main script").count()).toBe(0);
    await expectClean(visit);
  }, 60_000);

  it("offers CSV, XLSX and HXL downloads for the tables, built offline", async () => {
    const visit = await open("/5w");
    const { page } = visit;
    await page.locator("#table-5w .downloads button").first().waitFor();
    const [csv] = await Promise.all([page.waitForEvent("download"), page.locator('#table-5w button[data-format="csv"]').click()]);
    expect(csv.suggestedFilename()).toMatch(/\.csv$/);
    const [hxl] = await Promise.all([page.waitForEvent("download"), page.locator('#table-5w button[data-format="hxl"]').click()]);
    expect(hxl.suggestedFilename()).toMatch(/\.hxl\.csv$/);
    const [xlsx] = await Promise.all([page.waitForEvent("download"), page.locator('#table-5w button[data-format="xlsx"]').click()]);
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
    await expectClean(visit);
  }, 60_000);
});
