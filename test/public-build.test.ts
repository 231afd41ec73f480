// The public build carries nothing restricted: a warehouse with planted restricted values (a GBV-only
// partner, a GBV count of 3 in one admin2, a case-management-only partner, an ingest issue's raw value,
// a partner's file name) is built for both audiences; every file of the public site is scanned for
// them (raw bytes, and JSON/Arrow decoded), and the internal site must show them (so the scan can fail).
import { tableFromIPC } from "apache-arrow";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildSite } from "../cli/site.ts";
import { queryRows, withWarehouse } from "../warehouse/db.ts";
import { filesUnder, fiveWLines, plantWarehouse } from "./helpers/planted-warehouse.ts";

const DIR = "test/.tmp/public-build";
const GBV_ONLY_ORG = "Zebra Sensitive Org 7741";
const CASE_MANAGEMENT_ORG = "Quokka Casework Org 5512";
const RAW_VALUE = "SECRET-RAW-VALUE-9931";
const FILE_NAME = "secret_partner_file.xlsx";
const PLANTED = [GBV_ONLY_ORG, CASE_MANAGEMENT_ORG, RAW_VALUE, FILE_NAME];
/** The admin2 where the GBV-only partner reached 3 people. */
const GBV_SMALL_AREA = "XD0102";
const ADMIN2 = ["XD0101", "XD0102", "XD0103", "XD0201", "XD0202", "XD0203", "XD0204"];
/** The admin2 where no partner works at all: reached by nobody. */
const NOBODY_AREA = "XD0203";
/** The admin2 where a small GP figure (4, host) sits beside CP's 90 (idp). */
const SMALL_AREA = "XD0202";
/** The admin2 whose only figure is a small one (GP, 2, idp): its coverage would give it back. */
const SMALL_ONLY_AREA = "XD0204";

const line = fiveWLines("hsecret");
const INGO = { org_type: "INGO" };

async function buildWarehouse(): Promise<{ db: string; config: string }> {
  const planted = await plantWarehouse({
    dir: DIR,
    admin1: { XD01: "Bandiagoura", XD02: "Maréna" },
    admin2: Object.fromEntries(ADMIN2.map((pcode, i) => [pcode, ["Séno", "Kéra-Nord", "Tessit", "Ouadi", "Nafadji", "Tindé", "Douna"][i]!])),
    // HNO table: rated severity with a published PiN, for GP and GBV in every admin2 and group
    rate: (_pcode, i, group, aor) => ({
      severity: 3 + ((i + (aor === "GBV" ? 1 : 0)) % 3),
      pin: (aor === "GBV" ? 600 : 1500) + 100 * i + (group === "host" ? 250 : 0)
    }),
    fiveWFile: { file_hash: "hsecret", file_name: FILE_NAME, file_path: `/partners/${FILE_NAME}`, rows_read: 15, rows_accepted: 14, rows_rejected: 1 },
    issues: [
      { run_id: "run1", file_hash: "hsecret", file_name: FILE_NAME, sheet: "5W", row_number: 14, column_name: "Reached", raw_value: RAW_VALUE, severity: "error", rule: "count", reason: "not a number" }
    ],
    activities: [
      // a named partner in GP everywhere in XD01, and in GBV in XD0202 (2 people: a small number)
      line("Alpha Relief", "GP", "Legal assistance", "XD0101", "idp", 120, INGO),
      line("Alpha Relief", "GP", "Legal assistance", "XD0102", "idp", 80, INGO),
      line("Alpha Relief", "GP", "Legal assistance", "XD0103", "host", 60, INGO),
      line("Alpha Relief", "GP", "Legal assistance", "XD0201", "idp", 75, INGO),
      line("Alpha Relief", "GBV", "Dignity kits distribution", "XD0202", "host", 2, INGO),
      line("Beta Aide Locale", "CP", "Psychosocial support for children", "XD0101", "idp", 40),
      line("Beta Aide Locale", "CP", "Psychosocial support for children", "XD0103", "idp", 70),
      line("Beta Aide Locale", "CP", "Psychosocial support for children", "XD0202", "idp", 90),
      line("Gamma Small", "GP", "Legal assistance", SMALL_AREA, "host", 4),
      line("Gamma Small", "GP", "Legal assistance", SMALL_ONLY_AREA, "idp", 2),
      // the GBV-only partner: 3 people in one admin2, more in two others
      line(GBV_ONLY_ORG, "GBV", "Safe spaces for women and girls", GBV_SMALL_AREA, "idp", 3),
      line(GBV_ONLY_ORG, "GBV", "Safe spaces for women and girls", "XD0103", "idp", 45),
      line(GBV_ONLY_ORG, "GBV", "Safe spaces for women and girls", "XD0201", "host", 30),
      // a partner doing nothing but case management (a sensitive activity) in a non-sensitive AoR
      line(CASE_MANAGEMENT_ORG, "CP", "Child protection case management", "XD0201", "idp", 25)
    ]
  });
  await withWarehouse(planted.db, async (w) => {
    const [check] = await queryRows(w.conn, `SELECT count(*) AS n FROM reach_admin2 WHERE aor = 'GBV' AND admin2_pcode = '${GBV_SMALL_AREA}' AND reached = 3`);
    if (Number(check?.n) !== 1) throw new Error("fixture: no GBV count of 3 in reach_admin2");
  });
  return planted;
}

/** Every string of a decoded value (JSON, Arrow rows), keys included. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      strings(v, out);
    }
  }
  return out;
}

/** The text forms of a built file: its bytes as UTF-8 and UTF-16, and its decoded strings for JSON and Arrow. */
function readable(file: string): string[] {
  const bytes = readFileSync(file);
  const texts = [bytes.toString("utf8"), bytes.toString("utf16le"), bytes.toString("latin1")];
  if (file.endsWith(".json")) texts.push(...strings(JSON.parse(bytes.toString("utf8"))));
  if (file.endsWith(".arrow")) texts.push(...strings(tableFromIPC(bytes).toArray().map((r) => r.toJSON())));
  return texts.map((t) => t.toLowerCase());
}

/** Planted values found in a built site: "file: value". */
function hits(dist: string, values: string[]): string[] {
  const found: string[] = [];
  for (const file of filesUnder(dist)) {
    const texts = readable(file);
    for (const v of values) if (texts.some((t) => t.includes(v.toLowerCase()))) found.push(`${file}: ${v}`);
  }
  return found;
}

interface DataFile {
  dataset: string;
  note: string | null;
  spec: { counts: string[]; aorColumn?: string; adminColumn?: string };
  columns: string[];
  rows: unknown[][];
}

function dataFiles(dist: string): DataFile[] {
  return filesUnder(join(dist, "_file", "data"))
    .filter((f) => f.endsWith(".json"))
    .map((f) => JSON.parse(readFileSync(f, "utf8")))
    .filter((d) => Array.isArray(d.columns) && Array.isArray(d.rows));
}

function objects(file: DataFile): Record<string, unknown>[] {
  return file.rows.map((r) => Object.fromEntries(file.columns.map((c, i) => [c, r[i]])));
}

function dataset(dist: string, name: string): Record<string, unknown>[] {
  const file = dataFiles(dist).find((d) => d.dataset === name);
  if (!file) throw new Error(`no data file ${name} in ${dist}`);
  return objects(file);
}

const dists = { public: join(DIR, "dist-public"), internal: join(DIR, "dist-internal") };

describe("public build", () => {
  beforeAll(async () => {
    const { db, config } = await buildWarehouse();
    for (const audience of ["public", "internal"] as const) await buildSite({ db, out: dists[audience], audience, config });
  }, 240_000);

  it("the internal build shows every planted value (so the scan below can fail)", () => {
    expect([...new Set(hits(dists.internal, PLANTED).map((h) => h.split(": ").pop()))].sort()).toEqual([...PLANTED].sort());
    const gbv = dataset(dists.internal, "reach-admin2").filter((r) => r.aor === "GBV" && r.admin2_pcode === GBV_SMALL_AREA);
    expect(gbv.map((r) => r.reached)).toEqual([3]);
    expect(dataset(dists.internal, "reach-org").some((r) => r.org_lead === GBV_ONLY_ORG && r.reached === 3)).toBe(true);
  });

  it("carries none of the planted values in any file: HTML, JS, CSS, JSON, Arrow, anything", () => {
    expect(filesUnder(dists.public).length).toBeGreaterThan(10);
    expect(hits(dists.public, PLANTED)).toEqual([]);
    expect(filesUnder(dists.public).filter((f) => f.endsWith(".parquet"))).toEqual([]); // none to decode
  });

  it("publishes no count between 1 and 4, and no sensitive AoR below admin1", () => {
    for (const file of dataFiles(dists.public)) {
      for (const row of objects(file)) {
        for (const c of file.spec.counts) {
          const v = row[c];
          if (typeof v === "number") expect(v === 0 || v >= 5, `${file.dataset} ${c} = ${v}`).toBe(true);
          else expect(v === null || v === "<5", `${file.dataset} ${c} = ${String(v)}`).toBe(true);
        }
        if (file.spec.aorColumn && file.spec.adminColumn && row[file.spec.aorColumn] === "GBV") {
          expect(ADMIN2, `${file.dataset}: GBV row at ${String(row[file.spec.adminColumn])}`).not.toContain(row[file.spec.adminColumn]);
        }
      }
    }
    // the GBV figures are there at admin1: XD01 = 3 + 45 (sum of its admin2, GBV only), XD02 = 30 + 2
    const gbv = dataset(dists.public, "reach-admin2").filter((r) => r.aor === "GBV");
    expect(gbv.map((r) => [r.admin2_pcode, r.population_group, r.reached]).sort()).toEqual([
      ["XD01", "idp", 48],
      ["XD02", "host", 32]
    ]);
    expect(dataset(dists.public, "reach-org").filter((r) => r.aor === "GBV")).toEqual([]);
    expect(dataset(dists.public, "presence").filter((r) => r.aor === "GBV")).toEqual([]);
  });

  it("publishes 0 where nobody was reached, and withholds (never zeroes) a reach that would give a small figure back", () => {
    const internal = (area: string) => dataset(dists.internal, "coverage").find((r) => r.admin2_pcode === area);
    const published = (area: string) => dataset(dists.public, "coverage").find((r) => r.admin2_pcode === area);
    // Tindé: no 5W line at all → 0 in both builds, "no response" (PiN 2000 + 2250 = 4250)
    expect(internal(NOBODY_AREA)).toMatchObject({ reached: 0, pin: 4250, flag: "no response" });
    expect(published(NOBODY_AREA)).toMatchObject({ reached: 0, pin: 4250, coverage: 0, flag: "no response" });
    // Nafadji: CP 90 (idp) + GP 4 (host) = 94 internally; public host is "<5" and, so that 94 − idp does
    // not give the 4 back, idp is withheld: the coverage of an area with suppressed rows is never 0
    expect(internal(SMALL_AREA)).toMatchObject({ reached: 94 });
    const overall = (area: string) => dataset(dists.public, "reach-admin2").filter((r) => r.admin2_pcode === area && r.aor === "ALL");
    expect(overall(SMALL_AREA).map((r) => [r.population_group, r.reached]).sort()).toEqual([["host", "<5"], ["idp", null]]);
    expect([94, null]).toContain(published(SMALL_AREA)?.reached);
    // Ouadi: GP 75 (idp; CP's case management 25 below it) + GBV 30 (host) = 105 internally; publicly only the
    // non-sensitive 75, withheld ("–") so that the small figures elsewhere cannot be worked out: null, never 0
    expect(internal("XD0201")).toMatchObject({ reached: 105 });
    expect(published("XD0201")).toMatchObject({ reached: null, coverage: null, flag: null });
    // Douna: only GP's 2 (idp): "<5" in reach and in coverage (its ratio withheld), never 0
    expect(internal(SMALL_ONLY_AREA)).toMatchObject({ reached: 2 });
    expect(overall(SMALL_ONLY_AREA).map((r) => r.reached)).toEqual(["<5"]);
    expect(published(SMALL_ONLY_AREA)).toMatchObject({ reached: "<5", coverage: null, flag: null });
  });

  it("names partners only for their non-sensitive work", () => {
    const partners = dataset(dists.public, "partners");
    expect(partners.find((p) => p.org_lead === "Alpha Relief")).toMatchObject({ aors: "GP", admin2_count: null });
    expect(partners.find((p) => p.org_lead === "Beta Aide Locale")).toMatchObject({ aors: "CP", admin2_count: 3 });
    expect(partners.filter((p) => p.org_lead === "(withheld)").map((p) => p.aors).sort()).toEqual(["CP", "GBV"]);
    expect(partners.every((p) => p.activity_list === null)).toBe(true);
    // the case-management row stays (CP is not a sensitive AoR), without its partner's name
    const caseManagement = dataset(dists.public, "reach-org").filter((r) => r.admin2_pcode === "XD0201" && r.aor === "CP");
    expect(caseManagement.map((r) => r.org_lead)).toEqual(["(withheld)"]);
    expect(dataset(dists.public, "presence").filter((r) => r.admin2_pcode === "XD0201" && r.aor === "CP").map((r) => r.org_lead)).toEqual(["(withheld)"]);
    expect(dataset(dists.public, "reach-org").filter((r) => r.org_lead === "Alpha Relief").map((r) => r.aor)).toEqual(["GP", "GP", "GP", "GP"]);
  });

  it("withholds the internal-only datasets, with a note", () => {
    // the 5W month datasets are in the internal build (the month filter) and empty in the public one
    for (const name of ["reach-org-month", "reach-admin2-month", "presence-month"]) expect(dataset(dists.internal, name).length, name).toBeGreaterThan(0);
    for (const name of ["ingest-files", "ingest-issues", "ingest-reasons", "reach-org-month", "reach-admin2-month", "presence-month"]) {
      const file = dataFiles(dists.public).find((d) => d.dataset === name)!;
      expect(file.rows, name).toEqual([]);
      expect(file.note, name).toBe("not published in public builds");
    }
    expect(existsSync(join(dists.public, "ingest.html"))).toBe(true);
  });
});
