// Renders one page of a built site to an A4 PDF through headless Chromium (playwright-core): the site is
// served on loopback, the page opened with no outside request allowed, and printed with its print CSS,
// a running header (operation · title) and page numbers. Shared by the PAU, funding and CCPM briefings:
// keep the signature stable.
import { mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { chromium } from "playwright-core";
import { UserError } from "../warehouse/errors.ts";
import { serveSite } from "./site.ts";

export interface RenderPdfOptions {
  /** A built site (protection build --out). */
  siteDir: string;
  /** Site path of the page, with its query string: "/pau?quarter=2025Q3&brief=1". */
  pagePath: string;
  /** The PDF to write. */
  out: string;
  /** Running header, right: the document's title ("Protection Analysis Update 2025Q3"). */
  title: string;
  /** Running header, left: the operation ("Protection Cluster — Dalmora"). */
  operation?: string;
  format?: "A4" | "Letter";
  landscape?: boolean;
  /** CSS selector that exists once the page has drawn what must be printed (default: no Framework cell still pending). */
  readySelector?: string;
  /** Chromium to use; default E2E_CHROMIUM or /usr/bin/chromium. */
  chromiumPath?: string;
  /** Milliseconds to wait for the page (default 60 s). */
  timeoutMs?: number;
}

export interface RenderPdfResult {
  out: string;
  bytes: number;
  /** Console errors and failed cells seen while rendering (the PDF is still written). */
  problems: string[];
}

const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"];

/** Break rules every briefing needs, whatever the page's own print CSS says: no chart or table row cut across pages. */
const PRINT_CSS = `@media print {
  svg, figure, img, canvas, tr, .card, li, .pau-missing { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  h1, h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  #observablehq-footer { display: none !important; }
}`;

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function renderPdf(options: RenderPdfOptions): Promise<RenderPdfResult> {
  const { siteDir, pagePath, out, title, operation = "", format = "A4", landscape = false, timeoutMs = 60_000 } = options;
  const executablePath = options.chromiumPath ?? process.env.E2E_CHROMIUM ?? "/usr/bin/chromium";
  try {
    statSync(executablePath);
  } catch {
    throw new UserError(`no Chromium at ${executablePath}: install it (apt-get install -y chromium) to write PDFs`);
  }
  const server = await serveSite({ out: siteDir, port: 0, host: "127.0.0.1" });
  const userData = mkdtempSync(join(tmpdir(), "briefing-chromium-"));
  const problems: string[] = [];
  let context: Awaited<ReturnType<typeof chromium.launchPersistentContext>> | undefined;
  try {
    context = await chromium.launchPersistentContext(userData, { executablePath, headless: true, args: ARGS, viewport: { width: 1123, height: 1587 } });
    const page = await context.newPage();
    // a briefing is built from the site only: any other host is refused, not waited for
    await page.route("**/*", (route) => {
      const url = new URL(route.request().url());
      if (url.protocol === "data:" || url.protocol === "blob:" || url.hostname === "127.0.0.1") return route.continue();
      problems.push(`blocked request: ${url.href}`);
      return route.abort();
    });
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(`console: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    const path = pagePath.startsWith("/") ? pagePath : `/${pagePath}`;
    const response = await page.goto(`${server.url}${path}`, { waitUntil: "networkidle", timeout: timeoutMs });
    if (!response || response.status() >= 400) throw new UserError(`cannot render ${path}: the site answered ${response?.status() ?? "nothing"} (is it a page of ${siteDir}?)`);
    if (options.readySelector) await page.locator(options.readySelector).first().waitFor({ timeout: timeoutMs });
    await page.waitForFunction(() => !document.querySelector(".observablehq--running, .observablehq--loading"), undefined, { timeout: timeoutMs });
    for (const e of await page.locator(".observablehq--error").allTextContents()) problems.push(`cell error: ${e.trim()}`);
    await page.addStyleTag({ content: PRINT_CSS });
    await page.emulateMedia({ media: "print" });
    const head = `<div style="font: 8px sans-serif; color: #555; width: 100%; margin: 0 12mm; display: flex; justify-content: space-between;"><span>${escape(operation)}</span><span>${escape(title)}</span></div>`;
    const foot = `<div style="font: 8px sans-serif; color: #555; width: 100%; margin: 0 12mm; text-align: right;">page <span class="pageNumber"></span> of <span class="totalPages"></span></div>`;
    mkdirSync(dirname(resolve(out)), { recursive: true });
    await page.pdf({
      path: out,
      format,
      landscape,
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: head,
      footerTemplate: foot,
      margin: { top: "16mm", bottom: "14mm", left: "12mm", right: "12mm" },
      preferCSSPageSize: false
    });
    return { out, bytes: statSync(out).size, problems };
  } finally {
    await context?.close().catch(() => undefined);
    await server.close();
    rmSync(userData, { recursive: true, force: true });
  }
}
