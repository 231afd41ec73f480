// Observable Framework config for the Protection Cluster dashboard. Offline by construction: no global
// stylesheets (Google Fonts), a local style with system fonts, no search, no implicit npm imports in pages.
import { loadOperationConfig } from "./warehouse/operation-config.ts";

function operation(): { name: string; asOf: string | null } {
  try {
    const config = loadOperationConfig();
    return { name: config.country.name, asOf: config.asOf ?? null };
  } catch {
    return { name: "", asOf: null };
  }
}

const { name, asOf } = operation();
const audience = process.env.PROTECTION_AUDIENCE === "public" ? "public" : "internal";

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export default {
  title: name ? `Protection Cluster — ${name}` : "Protection Cluster",
  root: "src",
  output: process.env.PROTECTION_SITE_OUT || "dist",
  pages: [
    { name: "Who does what where (5W)", path: "/5w" },
    { name: "Severity and people in need", path: "/severity" },
    { name: "Protection Analysis Update (PAU)", path: "/pau" },
    { name: "Funding", path: "/funding" },
    { name: "Donor report", path: "/donor-report" },
    { name: "Global Refugee Forum pledges", path: "/pledges" },
    { name: "Coordination performance (CCPM)", path: "/ccpm" },
    // the ingest report (file names, raw values partners typed) is internal only: no menu entry in public builds
    ...(audience === "public" ? [] : [{ name: "Ingest report", path: "/ingest" }]),
    { name: "Data dictionary", path: "/data-dictionary" }
  ],
  // The local style reproduces `theme: dashboard` (air + alt + wide) and adds Inputs' stylesheet and
  // system fonts; a page that sets `theme:` in its front matter would drop it, so pages do not.
  style: "style.css",
  // TypeScript loaders run from the bundle `protection build` makes (bin/run-loader.mjs), tsx otherwise.
  interpreters: { ".ts": process.platform === "win32" ? [process.execPath, "bin/run-loader.mjs"] : ["sh", "bin/run-loader.sh"] },
  lang: "en", // not read by Framework 1.13: cli/site.ts sets <html lang> on the built pages
  globalStylesheets: [],
  // No favicon request (it would be the one 404 of the site).
  head: '<link rel="icon" href="data:,">',
  search: false,
  pager: false,
  toc: false,
  footer: [
    `Protection Cluster${name ? ` ${escapeHtml(name)}` : ""} analytics`,
    asOf ? `data as of ${escapeHtml(asOf)}` : null,
    "source: partner 5W reports, COD-AB/COD-PS, HNO severity and PiN, processed in the cluster warehouse",
    `${audience} build`
  ]
    .filter(Boolean)
    .join(" · ")
};
