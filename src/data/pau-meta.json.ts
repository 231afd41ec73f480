// Data loader: what the PAU page needs besides tables — the operation, the PAU settings, the 15 GPC risks in
// their official order, the quarters with data (and their dates), and each quarter's narrative file parsed
// (data/narrative/<quarter>.md by default; PROTECTION_NARRATIVE_DIR overrides the config's pau.narrativeDir).
import { existsSync, readdirSync } from "node:fs";
import { resolve } from "node:path";
import { RISKS } from "../../warehouse/risk-list.ts";
import { currentAudience } from "../lib/audience.ts";
import { runLoader } from "../lib/dataset-file.ts";
import { loadOperation, operationHeader } from "../lib/operation-header.ts";
import { readNarrative } from "../lib/pau-narrative.ts";

function bounds(quarter: string): { start: string; end: string } {
  const y = Number(quarter.slice(0, 4));
  const q = Number(quarter.slice(5));
  return { start: new Date(Date.UTC(y, (q - 1) * 3, 1)).toISOString().slice(0, 10), end: new Date(Date.UTC(y, q * 3, 0)).toISOString().slice(0, 10) };
}

await runLoader("pau-meta", async (w) => {
  const operation = loadOperation();
  const { config } = operation;
  const dirSetting = process.env.PROTECTION_NARRATIVE_DIR || config?.pau.narrativeDir || "data/narrative";
  const dir = resolve(dirSetting);
  const tables = await w.tables();
  const quarters = new Set<string>();
  for (const t of ["risk_trends", "pau_key_figures"]) {
    if (tables.has(t)) for (const r of (await w.query(`SELECT DISTINCT quarter FROM ${t} WHERE quarter IS NOT NULL`)).rows) quarters.add(String(r.quarter));
  }
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => /^\d{4}Q[1-4]\.md$/.test(f)) : [];
  for (const f of files) quarters.add(f.slice(0, 6));
  const rated = tables.has("risk_trends") ? new Set((await w.query(`SELECT DISTINCT quarter FROM risk_trends`)).rows.map((r) => String(r.quarter))) : new Set<string>();
  const list = [...quarters].filter((q) => /^\d{4}Q[1-4]$/.test(q)).sort();
  return {
    ...operationHeader("pau-meta", operation),
    asOf: config?.asOf ?? null,
    topRisks: config?.pau.topRisks ?? 5,
    // a folder on the IMO's machine: internal builds only
    narrativeDir: currentAudience() === "public" ? null : dirSetting,
    risks: RISKS.map((r) => ({ number: r.number, key: r.key, name: r.name, short: r.short, aors: r.aors })),
    quarters: list.map((q) => ({ quarter: q, ...bounds(q), rated: rated.has(q) })),
    narratives: Object.fromEntries(list.map((q) => [q, readNarrative(dir, q)]))
  };
});
