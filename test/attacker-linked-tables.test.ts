// An attacker holding every public file: the public site of a planted operation (a GBV-only partner in
// three admin2 of one admin1 with 3, 7 and 2 people, a fourth admin2 where only it works, a small cell
// that is the only one of its group in the country, case management given by code only, hyphenated and
// in French) and of the demo operation is built once each; every relation between the published figures
// becomes one mixed-integer program (test/attacker-lp.ts) and every withheld figure is minimised and
// maximised with HiGHS. No figure may come back exactly, nor narrower than the protection interval the
// README documents: a "<5" figure keeps its whole 1–4, a hidden sensitive admin2 figure spans at least
// suppressBelow people (or all of its admin1's figure when that is smaller).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildSite } from "../cli/site.ts";
import { expandPaths, orderForIngest } from "../cli/files.ts";
import { generateDemo } from "../demo/generate.ts";
import { ingestFiles } from "../loaders/ingest.ts";
import { runPipelines } from "../pipelines/run.ts";
import { openReadOnly, queryRows, withWarehouse } from "../warehouse/db.ts";
import { loadOperationConfig } from "../warehouse/operation-config.ts";
import { attack, modelFromFiles, publicFiles, type AttackResult } from "./attacker-lp.ts";
import { filesUnder, fiveWLines, plantWarehouse } from "./helpers/planted-warehouse.ts";
import { planContext } from "../src/lib/audience.ts";
import { normaliseRows, readDataset } from "../src/lib/dataset-file.ts";
import { readAreas } from "../src/lib/areas.ts";
import { DATASETS } from "../src/lib/datasets.ts";
import { publicDefinitions, type PlannedDataset } from "../src/lib/publication-plan.ts";
import { readPlanInput } from "../src/lib/publication-read.ts";

const DIR = "test/.tmp/attacker";
const THRESHOLD = 5;
const SENSITIVE_ORGS = ["Zebra Sensitive Org 7741", "Quokka Casework Org 5512", "Kiwi Hyphen Org 6620", "Lynx Gestion Org 7730"];
const GBV_AREAS: Record<string, number> = { XA0101: 3, XA0102: 7, XA0103: 2 };
const ADMIN2 = ["XA0101", "XA0102", "XA0103", "XA0104", "XA0201", "XA0202", "XA0203"];

const line = fiveWLines("hplanted");

async function plantedOperation(dir: string): Promise<{ db: string; config: string }> {
  const operation = JSON.parse(readFileSync("data/operation.json", "utf8"));
  return plantWarehouse({
    dir,
    settings: { activityList: [...(operation.activityList ?? []), { code: "CP-CM-01", name: "Child protection case management", aor: "CP" }] },
    admin1: { XA01: "Nordia", XA02: "Sudia" },
    admin2: Object.fromEntries(ADMIN2.map((pcode) => [pcode, `Area ${pcode}`])),
    rate: (pcode, i, group, aor) => ({
      severity: aor === "GBV" && pcode === "XA0104" ? 4 : 2 + ((i + (aor === "GBV" ? 1 : 0)) % 3),
      // GBV's PiN is the largest in XA01's idp groups: the pipeline's ALL there IS the GBV figure
      pin: aor === "GBV" ? (pcode.startsWith("XA01") && group === "idp" ? 2600 + 10 * i : 600 + 100 * i) : 1500 + 100 * i + (group === "host" ? 250 : 0)
    }),
    fiveWFile: { file_hash: "hplanted", file_name: "planted_5w.xlsx", rows_read: 20, rows_accepted: 20 },
    activities: [
      ...Object.entries(GBV_AREAS).map(([a2, n]) => line(SENSITIVE_ORGS[0]!, "GBV", "Safe spaces for women and girls", a2, "idp", n)),
      // the only partner of XA0104 is the GBV-only one
      line(SENSITIVE_ORGS[0]!, "GBV", "Safe spaces for women and girls", "XA0104", "idp", 9),
      line("Alpha Relief", "GP", "Legal assistance", "XA0101", "idp", 120),
      line("Alpha Relief", "GP", "Legal assistance", "XA0102", "idp", 80),
      line("Alpha Relief", "GP", "Legal assistance", "XA0103", "host", 60),
      line("Alpha Relief", "GP", "Legal assistance", "XA0201", "idp", 75),
      line("Alpha Relief", "GP", "Legal assistance", "XA0202", "host", 40),
      line("Beta Aide Locale", "CP", "Psychosocial support for children", "XA0101", "idp", 40),
      line("Beta Aide Locale", "CP", "Psychosocial support for children", "XA0103", "idp", 70),
      line("Beta Aide Locale", "CP", "Psychosocial support for children", "XA0202", "idp", 90),
      // the only refugee figure of the country, and a small one: 3
      line("Beta Aide Locale", "CP", "Psychosocial support for children", "XA0203", "refugee", 3),
      // a small figure alone in its admin2 × group
      line("Gamma Small", "GP", "Legal assistance", "XA0201", "host", 4),
      // case management: by code only, hyphenated, in French
      line(SENSITIVE_ORGS[1]!, "CP", null, "XA0201", "idp", 25, { activity_code: "CP-CM-01" }),
      line(SENSITIVE_ORGS[2]!, "CP", "Case-management", "XA0202", "idp", 30),
      line(SENSITIVE_ORGS[3]!, "CP", "Gestion des cas", "XA0203", "idp", 15),
      // an October line too: months exist internally
      line("Alpha Relief", "GP", "Legal assistance", "XA0101", "idp", 100, { reporting_month: "2025-10-01" })
    ]
  });
}

async function demoOperation(dir: string): Promise<{ db: string }> {
  mkdirSync(dir, { recursive: true });
  const db = join(dir, "warehouse.duckdb");
  for (const f of [db, `${db}.wal`]) rmSync(f, { force: true });
  const files = join(dir, "files");
  await generateDemo(files);
  const config = loadOperationConfig();
  const paths = orderForIngest(expandPaths(["boundaries", "population", "severity", "5w"].map((f) => join(files, f))));
  await withWarehouse(db, async (w) => {
    await ingestFiles(w.conn, paths, { config });
    await runPipelines(w.conn, config);
  });
  return { db };
}

/** Every data file a public build writes, as its data loaders write them (readDataset, readAreas). */
async function publicDataFiles(db: string, dist: string): Promise<void> {
  const out = join(dist, "_file", "data");
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const w = await openReadOnly(db);
  try {
    for (const name of Object.keys(DATASETS)) writeFileSync(join(out, `${name}.json`), JSON.stringify(await readDataset(w, name, "public")));
    writeFileSync(join(out, "areas-admin2.json"), JSON.stringify(await readAreas(w, 2)));
  } finally {
    w.close();
  }
}

interface Measured {
  result: AttackResult;
  report: string[];
  minSmallWidth: number;
  minHiddenWidth: number;
}

function measure(result: AttackResult): Measured {
  const report: string[] = [];
  let minSmallWidth = Infinity;
  let minHiddenWidth = Infinity;
  for (const u of result.unknowns) {
    const iv = result.intervals.get(u.name);
    if (!iv) continue;
    const width = iv.hi - iv.lo;
    if (u.kind === "small") minSmallWidth = Math.min(minSmallWidth, width);
    if (u.kind === "hidden") minHiddenWidth = Math.min(minHiddenWidth, width);
    report.push(`${u.kind.padEnd(8)} [${iv.lo}, ${iv.hi}] ${u.label}`);
  }
  return { result, report, minSmallWidth, minHiddenWidth };
}

/** Hidden admin2 figures of a sensitive AoR: each must span suppressBelow people, or its admin1's whole figure. */
function hiddenTooNarrow(m: Measured): string[] {
  const out: string[] = [];
  for (const u of m.result.unknowns) {
    const iv = m.result.intervals.get(u.name);
    if (u.kind !== "hidden" || !iv) continue;
    if (iv.hi - iv.lo < Math.min(THRESHOLD, iv.hi)) out.push(`[${iv.lo}, ${iv.hi}] ${u.label}`);
    if (iv.hi - iv.lo === 0 && iv.hi > 0) out.push(`exact: ${iv.hi} ${u.label}`);
  }
  return out;
}

function smallNarrowed(m: Measured): string[] {
  return m.result.unknowns
    .filter((u) => u.kind === "small" && m.result.intervals.has(u.name))
    .map((u) => ({ u, iv: m.result.intervals.get(u.name)! }))
    .filter(({ iv }) => iv.lo > 1 || iv.hi < THRESHOLD - 1)
    .map(({ u, iv }) => `[${iv.lo}, ${iv.hi}] ${u.label}`);
}

/** Withheld figures pinned to their true value (a published null that is no figure at all is not one). */
function withheldExact(m: Measured, truth: Truth): string[] {
  return m.result.unknowns
    .filter((u) => u.kind === "withheld" && u.ref && m.result.intervals.has(u.name))
    .map((u) => ({ u, iv: m.result.intervals.get(u.name)!, value: truth[u.ref!.dataset as PlannedDataset]?.[u.ref!.row]?.[u.ref!.column] }))
    .filter(({ iv, value }) => typeof value === "number" && iv.hi - iv.lo < 0.5)
    .map(({ u, iv }) => `${iv.lo} ${u.label}`);
}

type Truth = Record<PlannedDataset, Record<string, unknown>[]>;

/** The public figures before suppression, row for row as published: what the attacker is after. */
async function truthOf(db: string, config?: string): Promise<Truth> {
  const previous = process.env.PROTECTION_CONFIG;
  if (config) process.env.PROTECTION_CONFIG = config;
  try {
    const w = await openReadOnly(db);
    try {
      const context = planContext();
      return publicDefinitions(await readPlanInput(w, normaliseRows), context);
    } finally {
      w.close();
    }
  } finally {
    if (config) process.env.PROTECTION_CONFIG = previous;
    if (previous === undefined) delete process.env.PROTECTION_CONFIG;
  }
}

const sites = { planted: join(DIR, "planted", "dist"), demo: join(DIR, "demo", "files-public") };
const attacks: Partial<Record<keyof typeof sites, Measured>> = {};
const truths: Partial<Record<keyof typeof sites, Truth>> = {};
const plantedDir = join(DIR, "planted");

describe("an attacker holding every public file", () => {
  beforeAll(async () => {
    let t = Date.now();
    const phase = (what: string) => {
      console.log(`${what}: ${Date.now() - t} ms`);
      t = Date.now();
    };
    const planted = await plantedOperation(plantedDir);
    await buildSite({ db: planted.db, out: sites.planted, audience: "public", config: planted.config });
    truths.planted = await truthOf(planted.db, planted.config);
    phase("planted operation built");
    const demo = await demoOperation(join(DIR, "demo"));
    phase("demo ingested");
    // the demo's public files from the data loaders' own function, without a second Framework build
    await publicDataFiles(demo.db, sites.demo);
    truths.demo = await truthOf(demo.db);
    phase("demo public files written");
  }, 420_000);

  for (const site of ["planted", "demo"] as const) {
    it(`recovers no withheld figure of the ${site} operation, nor narrows one below its protection interval`, async () => {
      const files = publicFiles(sites[site]);
      const model = modelFromFiles(files, { threshold: THRESHOLD, sensitiveAors: ["GBV"] });
      // every withheld figure, and the hidden sensitive admin2 figures of people reached and PiN (their
      // targeted, population and sex/age parts stay in the program as relations)
      const m = measure(await attack(model, { only: (u) => u.kind !== "hidden" || / (reach reached|pin pin) /.test(u.label) }));
      attacks[site] = m;
      writeFileSync(join(DIR, `${site}-attack.txt`), m.report.join("\n") + "\n");
      console.log(
        `${site}: ${m.result.unknowns.length} cells attacked (${m.result.unknowns.filter((u) => u.kind === "small").length} "<5", ${m.result.unknowns.filter((u) => u.kind === "withheld").length} "–", ${m.result.unknowns.filter((u) => u.kind === "hidden").length} hidden sensitive admin2), ${m.result.solves} solves in ${m.result.ms} ms; min width "<5" ${m.minSmallWidth}, hidden ${m.minHiddenWidth}`
      );
      expect(m.result.contradictions, "published figures that contradict each other").toEqual([]);
      expect(smallNarrowed(m), "\"<5\" figures narrowed below 1–4").toEqual([]);
      expect(hiddenTooNarrow(m), "hidden sensitive figures narrowed").toEqual([]);
      expect(withheldExact(m, truths[site]!), "withheld figures recovered exactly").toEqual([]);
    }, 120_000);
  }

  it("keeps the planted GBV figures (3, 7, 2) out of reach: each of their admin2 could hold anything from 0 to the admin1's figure", () => {
    const m = attacks.planted!;
    for (const a2 of Object.keys(GBV_AREAS)) {
      const u = m.result.unknowns.find((x) => x.kind === "hidden" && x.label === `hidden GBV reach reached 2025Q4 ${a2} idp`)!;
      expect(u, a2).toBeDefined();
      // XA01's GBV idp figure is 3 + 7 + 2 + 9 = 21
      expect(m.result.intervals.get(u.name)).toEqual({ lo: 0, hi: 21 });
    }
  });

  it("locates sensitive AoRs no finer than admin1, the overall rows included, and gives no presence away in gaps", async () => {
    const files = publicFiles(sites.planted);
    const admin2 = new Set(ADMIN2);
    for (const [name, rows] of files) {
      for (const r of rows) if (r.aor === "GBV" && r.admin2_pcode != null) expect(admin2.has(String(r.admin2_pcode)), `${name}: GBV at ${String(r.admin2_pcode)}`).toBe(false);
    }
    // the overall rows: only where a non-sensitive AoR works, and never equal to a hidden figure by construction
    const reach = files.get("reach-admin2")!;
    const overallAreas = new Set(reach.filter((r) => r.aor === "ALL" && r.quarter === "2025Q4").map((r) => r.admin2_pcode));
    const openAreas = new Set(reach.filter((r) => r.aor !== "ALL" && r.aor !== "GBV" && r.quarter === "2025Q4").map((r) => r.admin2_pcode));
    expect([...overallAreas].sort()).toEqual([...openAreas].sort());
    expect(overallAreas.has("XA0104")).toBe(false);
    // XA0101 idp: the overall figure is GP's 120 (CP 40) or withheld, never one that counts GBV's 3
    expect([120, null]).toContain(reach.find((r) => r.aor === "ALL" && r.admin2_pcode === "XA0101" && r.population_group === "idp")?.reached);
    // XA0104 (severe, only the GBV partner there) is a gap like any area without a partner
    const gaps = files.get("gaps")!.map((r) => r.admin2_pcode);
    expect(gaps).toContain("XA0104");
    // coverage: the overall reach without GBV. XA0104 has none: 0 with "no response", exactly as an area
    // without any partner (a null there, "withheld", would say that a sensitive partner works there)
    const coverage = files.get("coverage")!;
    expect(coverage.find((r) => r.admin2_pcode === "XA0104")).toMatchObject({ reached: 0, coverage: 0, flag: "no response" });
    const presence = files.get("presence") ?? [];
    expect(presence.filter((r) => r.aor === "GBV")).toEqual([]);
  });

  it("withholds partner names of case management given by code, hyphenated or in French, and every month figure", () => {
    const hits: string[] = [];
    for (const f of filesUnder(sites.planted)) {
      const text = readFileSync(f).toString("utf8").toLowerCase();
      for (const org of SENSITIVE_ORGS) if (text.includes(org.toLowerCase())) hits.push(`${f}: ${org}`);
    }
    expect(hits).toEqual([]);
    const files = publicFiles(sites.planted);
    for (const [name, rows] of files) {
      for (const r of rows) expect(r.month ?? r.reporting_month ?? null, `${name} publishes a month`).toBe(null);
    }
    expect(files.get("reach-monthly")).toEqual([]);
    // the case-management rows stay, without the name
    const org = files.get("reach-org")!;
    for (const a2 of ["XA0201", "XA0202", "XA0203"]) {
      const cp = org.filter((r) => r.admin2_pcode === a2 && r.aor === "CP" && r.population_group === "idp");
      expect(cp.map((r) => r.org_lead), a2).toContain("(withheld)");
    }
  });

  it("publishes figures consistent with each other: overall PiN of the areas = the country's, areas counted once", async () => {
    const files = publicFiles(sites.planted);
    const severity = files.get("severity")!;
    const areas = new Set(severity.filter((r) => r.aor === "ALL").map((r) => r.admin2_pcode));
    expect([...areas].sort()).toEqual(ADMIN2);
    const pin = files.get("pin")!.filter((r) => r.aor === "ALL");
    const sum = pin.reduce((s, r) => s + (typeof r.pin === "number" ? r.pin : 0), 0);
    const national = files.get("pin-country")!.find((r) => r.aor === "ALL" && r.population_group === "all")!;
    expect(pin.every((r) => typeof r.pin === "number")).toBe(true);
    // the refugee figure (3) is the only one of its group in the country: "<5" wherever it is summed
    const country = (aor: string, group: string) => files.get("reach-country")!.find((r) => r.aor === aor && r.population_group === group)?.reached;
    expect([country("CP", "refugee"), country("ALL", "refugee")]).toEqual(["<5", "<5"]);
    expect(national.pin).toBe(sum);
    // the same as the internal figures where no sensitive AoR is above the others (XA02: GP > GBV)
    await withWarehouse(join(plantedDir, "warehouse.duckdb"), async (w) => {
      const internal = await queryRows(w.conn, `SELECT admin2_pcode, population_group, pin FROM pin_admin2 WHERE aor = 'ALL' AND admin2_pcode LIKE 'XA02%'`);
      for (const r of internal) expect(pin.find((p) => p.admin2_pcode === r.admin2_pcode && p.population_group === r.population_group)?.pin).toBe(Number(r.pin));
    });
  });
});
