// A small hand-made warehouse for the site: a 3×3 grid of admin2 in 2 admin1, two quarters of 5W, severity
// and PiN for three AoRs, an ingest log with hostile cell values. Pipeline tables are derived here with
// the documented rules (max over organisations and AoRs, sum over groups and areas) so the figures agree.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildSite } from "../cli/site.ts";
import { openWarehouse, queryRows } from "../warehouse/db.ts";
import { pipelineReachByAdmin2, reachByAdmin2 } from "../src/components/reach-filter.js";
import { readAreas } from "../src/lib/areas.ts";
import { readDataset } from "../src/lib/dataset-file.ts";
import { DATASETS } from "../src/lib/datasets.ts";
import { openReadOnly } from "../warehouse/db.ts";

const FIXTURE_DIR = "test/.tmp/site";

/** Organisation names chosen to break things: markup, a formula, accents. */
const ORGS = [
  { name: "Alpha Relief", type: "INGO" },
  { name: "Bêta Aide Locale", type: "NNGO" },
  { name: "UNHCR", type: "UN" },
  { name: "<img src=x onerror=alert(1)>", type: "NNGO" },
  { name: "=HYPERLINK(\"http://example.invalid\",\"x\")", type: "Other" }
];

function square(x: number, y: number, clockwise: boolean): string {
  const ring = [
    [x, y],
    [x + 1, y],
    [x + 1, y + 1],
    [x, y + 1],
    [x, y]
  ];
  return JSON.stringify({ type: "Polygon", coordinates: [clockwise ? ring.reverse() : ring] });
}

/** Admin2 XD01.. in a 3×3 grid from (10°E, 10°N); columns 0–1 are admin1 XD01, column 2 is XD02. */
function grid(): { pcode: string; name: string; admin1: string; col: number; row: number }[] {
  const names = ["Séno", "Kéra-Nord", "Kéra-Sud", "Tessit", "Bandiagoura-Ville", "Ouadi", "Lac Soumba", "Nafadji", "Zinkara"];
  const out = [];
  for (let row = 0; row < 3; row++) {
    for (let col = 0; col < 3; col++) {
      const i = row * 3 + col;
      const admin1 = col < 2 ? "XD01" : "XD02";
      out.push({ pcode: `${admin1}${String(i + 1).padStart(2, "0")}`, name: names[i]!, admin1, col, row });
    }
  }
  return out;
}

const QUARTERS = ["2025Q3", "2025Q4"];
const GROUPS = ["idp", "host"];
const AORS = ["GP", "CP", "GBV"];

async function buildFixtureWarehouse(dir = FIXTURE_DIR): Promise<{ db: string; config: string }> {
  mkdirSync(dir, { recursive: true });
  const db = join(dir, "warehouse.duckdb");
  for (const f of [db, `${db}.wal`]) if (existsSync(f)) rmSync(f);
  const config = join(dir, "operation.json");
  const operation = JSON.parse(readFileSync("data/operation.json", "utf8"));
  writeFileSync(config, JSON.stringify({ ...operation, currentQuarter: "2025Q4", asOf: "2026-01-15" }, null, 2));

  const w = await openWarehouse(db);
  try {
    const c = w.conn;
    const areas = grid();
    await c.run(`INSERT INTO admin_areas (pcode, name, level, parent_pcode, admin1_pcode, geometry, file_hash) VALUES
      ('XD01', 'Bandiagoura', 1, 'XD', 'XD01', $g1, 'fx'),
      ('XD02', 'Maréna', 1, 'XD', 'XD02', NULL, 'fx')`, { g1: JSON.stringify({ type: "Polygon", coordinates: [[[10, 10], [12, 10], [12, 13], [10, 13], [10, 10]]] }) });
    for (const [i, a] of areas.entries()) {
      // Alternate windings: real COD files come in either.
      await c.run(`INSERT INTO admin_areas (pcode, name, level, parent_pcode, admin1_pcode, geometry, file_hash) VALUES ($p, $n, 2, $a1, $a1, $g, 'fx')`, {
        p: a.pcode,
        n: a.name,
        a1: a.admin1,
        g: square(10 + a.col, 12 - a.row, i % 2 === 0)
      });
    }

    // 5W by organisation: every org in a few areas; the last admin2 has nobody (a gap).
    await c.run(`CREATE TABLE reach_org_admin2 (quarter VARCHAR, admin1_pcode VARCHAR, admin2_pcode VARCHAR, population_group VARCHAR, aor VARCHAR, org_lead VARCHAR, org_type VARCHAR, targeted BIGINT, reached BIGINT)`);
    const appender = await c.createAppender("reach_org_admin2");
    for (const [qi, quarter] of QUARTERS.entries()) {
      for (const [ai, a] of areas.slice(0, 8).entries()) {
        for (const [oi, org] of ORGS.entries()) {
          if ((ai + oi) % 3 === 2) continue; // not everybody everywhere
          for (const [gi, group] of GROUPS.entries()) {
            const aor = AORS[(ai + oi + gi) % AORS.length]!;
            const reached = 100 * (oi + 1) + 40 * ai + 25 * gi + 60 * qi;
            appender.appendVarchar(quarter);
            appender.appendVarchar(a.admin1);
            appender.appendVarchar(a.pcode);
            appender.appendVarchar(group);
            appender.appendVarchar(aor);
            appender.appendVarchar(org.name);
            appender.appendVarchar(org.type);
            appender.appendBigInt(BigInt(Math.round(reached * 1.3)));
            appender.appendBigInt(BigInt(reached));
            appender.endRow();
          }
        }
      }
    }
    appender.closeSync();

    // Pipeline tables with the contract's rules: max over organisations (and AoRs for ALL) per
    // admin2 × group × AoR, then sums over groups and areas.
    await c.run(`
      CREATE TABLE reach_admin2 AS
      SELECT quarter, admin1_pcode AS admin1_pcode, admin2_pcode AS admin2_pcode, population_group, aor,
             max(targeted) AS targeted, max(reached) AS reached, count(DISTINCT org_lead) AS partners
      FROM reach_org_admin2 GROUP BY ALL
      UNION ALL
      SELECT quarter, admin1_pcode, admin2_pcode, population_group, 'ALL', max(targeted), max(reached), count(DISTINCT org_lead)
      FROM reach_org_admin2 GROUP BY ALL;
      CREATE TABLE reach_admin1 AS
      SELECT quarter, admin1_pcode, population_group, aor, sum(targeted) AS targeted, sum(reached) AS reached, max(partners) AS partners
      FROM reach_admin2 GROUP BY ALL;
      CREATE TABLE reach_country AS
      SELECT quarter, population_group, aor, sum(targeted) AS targeted, sum(reached) AS reached, NULL::BIGINT AS partners
      FROM reach_admin2 GROUP BY ALL
      UNION ALL
      SELECT quarter, 'all', aor, sum(targeted), sum(reached), NULL FROM reach_admin2 GROUP BY ALL;
      UPDATE reach_country SET partners = (SELECT count(DISTINCT org_lead) FROM reach_org_admin2 o
        WHERE o.quarter = reach_country.quarter AND (reach_country.aor = 'ALL' OR o.aor = reach_country.aor));
      CREATE TABLE presence_admin2 AS
      SELECT quarter, admin2_pcode AS admin2_pcode, aor, org_lead, any_value(org_type) AS org_type, count(*) AS activities
      FROM reach_org_admin2 GROUP BY ALL;
      CREATE TABLE partners AS
      SELECT org_lead, any_value(org_type) AS org_type, string_agg(DISTINCT aor, ', ' ORDER BY aor) AS aors,
             count(DISTINCT admin2_pcode) AS admin2_count, 2 * count(DISTINCT quarter) AS months_reported, '2025-12' AS last_month
      FROM reach_org_admin2 GROUP BY org_lead;
    `);
    await c.run(`CREATE TABLE reach_monthly (month DATE, aor VARCHAR, reached BIGINT)`);
    for (let m = 7; m <= 12; m++) {
      for (const [ai, aor] of [...AORS, "ALL"].entries()) {
        await c.run(`INSERT INTO reach_monthly VALUES ($month::DATE, $aor, $reached)`, {
          month: `2025-${String(m).padStart(2, "0")}-01`,
          aor,
          reached: aor === "ALL" ? 2400 + 150 * m : 800 + 100 * ai + 90 * m
        });
      }
    }

    // Severity: area × group × AoR; the first admin2 has no assessment (grey "no data").
    await c.run(`CREATE TABLE severity_admin2 (period VARCHAR, admin2_pcode VARCHAR, admin1_pcode VARCHAR, population_group VARCHAR, aor VARCHAR, severity INTEGER, method VARCHAR, n_indicators INTEGER, top_indicators VARCHAR)`);
    await c.run(`CREATE TABLE pin_admin2 (period VARCHAR, admin1_pcode VARCHAR, admin2_pcode VARCHAR, population_group VARCHAR, aor VARCHAR, severity INTEGER, population DOUBLE, pin DOUBLE, pin_girls DOUBLE, pin_boys DOUBLE, pin_women DOUBLE, pin_men DOUBLE, method VARCHAR)`);
    for (const [ai, a] of areas.entries()) {
      if (ai === 0) continue;
      for (const [gi, group] of GROUPS.entries()) {
        for (const [ki, aor] of AORS.entries()) {
          const severity = 1 + ((ai + gi + ki) % 5);
          const population = 10_000 + 1_000 * ai + 500 * gi;
          const pin = severity >= 3 ? Math.round(population * (0.2 + 0.1 * ki)) : 0;
          const girls = Math.round(pin * 0.27);
          const boys = Math.round(pin * 0.26);
          const women = Math.round(pin * 0.24);
          await c.run(`INSERT INTO severity_admin2 VALUES ('2025', $p, $a1, $g, $aor, $s, 'mean_top_half', 3, $top)`, {
            p: a.pcode,
            a1: a.admin1,
            g: group,
            aor,
            s: severity,
            top: `P-${1 + ki} killed or injured civilians; P-${4 + gi} <b>access</b> constraints`
          });
          await c.run(`INSERT INTO pin_admin2 VALUES ('2025', $a1, $p, $g, $aor, $s, $pop, $pin, $girls, $boys, $women, $men, 'max over AoRs; shares 0/0/1/1/1')`, {
            a1: a.admin1,
            p: a.pcode,
            g: group,
            aor,
            s: severity,
            pop: population,
            pin,
            girls,
            boys,
            women,
            men: pin - girls - boys - women
          });
        }
      }
    }
    await c.run(`
      INSERT INTO severity_admin2
      SELECT period, admin2_pcode, admin1_pcode, population_group, 'ALL', max(severity), any_value(method), sum(n_indicators), any_value(top_indicators)
      FROM severity_admin2 GROUP BY ALL;
      INSERT INTO pin_admin2
      SELECT period, admin1_pcode, admin2_pcode, population_group, 'ALL', max(severity), max(population), max(pin),
             max(pin_girls), max(pin_boys), max(pin_women), max(pin) - max(pin_girls) - max(pin_boys) - max(pin_women), any_value(method)
      FROM pin_admin2 GROUP BY ALL;
      CREATE TABLE pin_admin1 AS
      SELECT period, admin1_pcode, population_group, aor, max(severity) AS severity, sum(population) AS population, sum(pin) AS pin,
             sum(pin_girls) AS pin_girls, sum(pin_boys) AS pin_boys, sum(pin_women) AS pin_women, sum(pin_men) AS pin_men, any_value(method) AS method
      FROM pin_admin2 GROUP BY ALL;
      CREATE TABLE pin_country AS
      SELECT period, population_group, aor, sum(population) AS population, sum(pin) AS pin, sum(pin_girls) AS pin_girls,
             sum(pin_boys) AS pin_boys, sum(pin_women) AS pin_women, sum(pin_men) AS pin_men, any_value(method) AS method
      FROM pin_admin1 GROUP BY ALL
      UNION ALL
      SELECT period, 'all', aor, sum(population), sum(pin), sum(pin_girls), sum(pin_boys), sum(pin_women), sum(pin_men), any_value(method)
      FROM pin_admin1 GROUP BY ALL;
      CREATE TABLE coverage_admin2 AS
      SELECT q.quarter, p.admin2_pcode, p.admin1_pcode, p.severity, p.pin,
             coalesce(r.reached, 0) AS reached,
             coalesce(r.reached, 0) / nullif(p.pin, 0) AS coverage,
             CASE WHEN coalesce(r.reached, 0) > p.pin THEN 'reached above PiN' END AS flag
      FROM (SELECT admin2_pcode, admin1_pcode, max(severity) AS severity, sum(pin) AS pin
            FROM pin_admin2 WHERE aor = 'ALL' GROUP BY ALL) AS p
      CROSS JOIN (SELECT DISTINCT quarter FROM reach_admin2) AS q
      LEFT JOIN (SELECT quarter, admin2_pcode, sum(reached) AS reached FROM reach_admin2 WHERE aor = 'ALL' GROUP BY ALL) AS r
        ON r.admin2_pcode = p.admin2_pcode AND r.quarter = q.quarter;
    `);
    await c.run(`
      CREATE TABLE gaps_admin2 AS
      SELECT a.pcode AS admin2_pcode, a.admin1_pcode, a.name, sum(p.population) AS population, max(p.severity) AS severity,
             sum(p.pin) AS pin, 0 AS partners, 'severity ≥ 3 and no partner reporting in 2025Q4' AS reason
      FROM admin_areas AS a JOIN pin_admin2 AS p ON p.admin2_pcode = a.pcode AND p.aor = 'ALL'
      WHERE a.level = 2 AND a.pcode NOT IN (SELECT admin2_pcode FROM reach_org_admin2 WHERE quarter = '2025Q4')
      GROUP BY ALL HAVING max(p.severity) >= 3;
    `);

    // Ingest log, with cell values that must stay text.
    await c.run(`
      INSERT INTO ingest_runs VALUES ('run1', TIMESTAMP '2026-01-15 08:00:00', TIMESTAMP '2026-01-15 08:01:00', 'ingest', 3, 0, 1250, 1190, 60);
      INSERT INTO ingest_files (file_hash, file_name, kind, format, run_id, loaded_at, rows_read, rows_accepted, rows_rejected, rows_flagged, status) VALUES
        ('h1', '5W_Alpha_Q4.xlsx', '5w', 'xlsx', 'run1', TIMESTAMP '2026-01-15 08:00:10', 1000, 960, 40, 12, 'loaded'),
        ('h2', 'severity_2025.csv', 'severity', 'csv', 'run1', TIMESTAMP '2026-01-15 08:00:20', 200, 190, 10, 0, 'loaded'),
        ('h0', '5W_Alpha_Q3.xlsx', '5w', 'xlsx', 'run0', TIMESTAMP '2025-10-15 08:00:10', 50, 40, 10, 0, 'replaced');
    `);
    const issues: [string, string, string, number, string, string, string, string, string, string | null][] = [
      ["h1", "5W_Alpha_Q4.xlsx", "Data", 12, "Reached", "=1+2", "error", "count", "not a number", null],
      ["h1", "5W_Alpha_Q4.xlsx", "Data", 13, "District", "Keraa Nord", "warning", "pcode_name", "admin2 name matched fuzzily", "Kéra-Nord"],
      ["h1", "5W_Alpha_Q4.xlsx", "Data", 14, "Organisation", "<script>alert(1)</script>", "warning", "org_unknown", "organisation not in the partner list", null],
      ["h1", "5W_Alpha_Q4.xlsx", "Data", 15, "Month", "-5", "error", "month", "reporting month outside the period", null],
      ["h1", "5W_Alpha_Q4.xlsx", "Data", 16, "", "TOTAL", "skipped", "total_row", "totals row skipped", null],
      ["h2", "severity_2025.csv", "", 3, "severity", "7", "error", "severity_range", "severity outside 1–5", "5"],
      ["h0", "5W_Alpha_Q3.xlsx", "Data", 9, "Reached", "n/a", "error", "count", "not a number", null]
    ];
    for (let i = 0; i < 30; i++) issues.push(["h1", "5W_Alpha_Q4.xlsx", "Data", 100 + i, "Reached", "1,2,3", "error", "count", "not a number", null]);
    for (const [hash, file, sheet, row, column, raw, severity, rule, reason, suggestion] of issues) {
      await c.run(`INSERT INTO ingest_issues VALUES ($run, $hash, $file, $sheet, $row, $column, $raw, $severity, $rule, $reason, $suggestion)`, {
        run: hash === "h0" ? "run0" : "run1",
        hash,
        file,
        sheet,
        row,
        column,
        raw,
        severity,
        rule,
        reason,
        suggestion: suggestion ?? ""
      });
    }
    const [check] = await queryRows(c, `SELECT count(*) AS n FROM reach_admin2`);
    if (!check || Number(check.n) === 0) throw new Error("fixture: reach_admin2 is empty");
  } finally {
    w.close();
  }
  return { db, config };
}

/** An empty warehouse (migrations only): every pipeline table missing. */
async function buildEmptyWarehouse(path: string): Promise<string> {
  mkdirSync(dirname(path), { recursive: true });
  for (const f of [path, `${path}.wal`]) if (existsSync(f)) rmSync(f);
  const w = await openWarehouse(path);
  w.close();
  return path;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

function dataFile(dist: string, name: string): { note: string | null; columns: string[]; rows: unknown[][] } {
  const dir = join(dist, "_file", "data");
  const file = readdirSync(dir).find((f) => f.startsWith(`${name}.`) && f.endsWith(".json"));
  if (!file) throw new Error(`no data file ${name} in ${dir}`);
  return JSON.parse(readFileSync(join(dir, file), "utf8"));
}

function objects(file: { columns: string[]; rows: unknown[][] }): Record<string, unknown>[] {
  return file.rows.map((r) => Object.fromEntries(file.columns.map((c, i) => [c, r[i]])));
}

describe("site data loaders on a warehouse without pipeline tables", () => {
  it("publish every dataset empty with a note saying what is missing, instead of failing", async () => {
    const db = await buildEmptyWarehouse(join(FIXTURE_DIR, "empty.duckdb"));
    const w = await openReadOnly(db);
    try {
      for (const name of Object.keys(DATASETS).filter((n) => !n.startsWith("areas-"))) {
        const file = await readDataset(w, name, "internal");
        expect(file.rows, name).toEqual([]);
        expect(file.note, name).toMatch(/^no .+ data loaded yet \(table \w+ is (not in the warehouse|empty)\)$/);
      }
      expect((await readDataset(w, "severity", "internal")).note).toBe("no severity data loaded yet (table severity_admin2 is not in the warehouse)");
      const areas = await readAreas(w, 2, "internal", () => {});
      expect(areas.features).toEqual([]);
      expect(areas.note).toBe("no admin2 boundaries loaded yet (admin_areas has no level 2 areas)");
    } finally {
      w.close();
    }
  }, 60_000);

  it("write one JSON artefact on stdout and exit 0; a missing warehouse exits 1 with the reason", () => {
    const env = { ...process.env, PROTECTION_DB: join(FIXTURE_DIR, "empty.duckdb"), PROTECTION_AUDIENCE: "internal" };
    const ok = spawnSync("node_modules/.bin/tsx", ["src/data/pin.json.ts"], { env, encoding: "utf8" });
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).note).toBe("no PiN data loaded yet (table pin_admin2 is not in the warehouse)");
    const missing = spawnSync("node_modules/.bin/tsx", ["src/data/pin.json.ts"], { env: { ...env, PROTECTION_DB: join(FIXTURE_DIR, "nope.duckdb") }, encoding: "utf8" });
    expect(missing.status).toBe(1);
    expect(missing.stdout).toBe("");
    expect(missing.stderr).toMatch(/pin: warehouse not found: .*nope\.duckdb/);
  }, 60_000);
});

describe("site fixture warehouse", () => {
  it("builds a warehouse whose pipeline tables follow the max-then-sum rule", async () => {
    const { db } = await buildFixtureWarehouse();
    const w = await openWarehouse(db, { readOnly: true });
    try {
      const [all] = await queryRows(
        w.conn,
        `SELECT sum(reached) AS reached FROM reach_admin2 WHERE quarter = '2025Q4' AND aor = 'ALL'`
      );
      const [country] = await queryRows(
        w.conn,
        `SELECT reached FROM reach_country WHERE quarter = '2025Q4' AND aor = 'ALL' AND population_group = 'all'`
      );
      expect(country?.reached).toBe(all?.reached);
      const [areas] = await queryRows(w.conn, `SELECT count(*) AS n FROM admin_areas WHERE level = 2`);
      expect(areas?.n).toBe(9);
    } finally {
      w.close();
    }
  }, 60_000);
});

describe("buildSite", () => {
  it("builds every page from the fixture warehouse, offline, with data that follows the counting rule", async () => {
    const { db, config } = await buildFixtureWarehouse();
    const dist = join(FIXTURE_DIR, "dist");
    const result = await buildSite({ db, out: dist, audience: "internal", config });
    // the pages of this issue (others add theirs)
    expect(result.pages).toEqual(expect.arrayContaining(["/", "/5w", "/data-dictionary", "/ingest", "/severity"]));
    expect(result.bytes).toBeGreaterThan(100_000);
    // every page says its language; the data dictionary describes every table the pages publish
    for (const page of ["index", "5w", "severity", "ingest", "data-dictionary"]) expect(readFileSync(join(dist, `${page}.html`), "utf8"), page).toContain('<html lang="en">');
    const dictionary = dataFile(dist, "dictionary") as unknown as { note: string | null; entries: { table: string; description: string; columns: { name: string; words: string | null }[] }[] };
    expect(dictionary.note).toBeNull();
    const reachEntry = dictionary.entries.find((e) => e.table === "reach_admin2")!;
    expect(reachEntry.description).toMatch(/^People targeted and reached per quarter × admin2/);
    expect(reachEntry.columns.map((c) => c.name)).toContain("admin2_pcode");
    expect(reachEntry.columns.find((c) => c.name === "reached")!.words).toMatch(/People reached/);
    expect(dictionary.entries.find((e) => e.table === "activities")!.columns.map((c) => c.name)).toContain("reporting_month");

    // Nothing in the site points to another host: no Google Fonts, no CDN, no npm: imports.
    for (const file of filesUnder(dist).filter((f) => /\.(html|css|js)$/.test(f))) {
      const text = readFileSync(file, "utf8");
      expect(text, file).not.toMatch(/fonts\.googleapis|fonts\.gstatic|cdn\.jsdelivr|unpkg\.com|esm\.sh|from\s*["']npm:|import\(["']https?:/);
    }
    const html = readFileSync(join(dist, "5w.html"), "utf8");
    expect(html).toContain("data as of 2026-01-15");

    // The page's recomputation from reach_org_admin2 agrees with the pipeline's reach_admin2.
    const org = objects(dataFile(dist, "reach-org"));
    const pipeline = objects(dataFile(dist, "reach-admin2"));
    for (const quarter of ["2025Q3", "2025Q4"]) {
      for (const aor of ["ALL", "GP", "CP", "GBV"]) {
        const mine = reachByAdmin2(org as never, { quarter, aor });
        const theirs = pipelineReachByAdmin2(pipeline as never, { quarter, aor });
        expect([...mine.keys()].sort()).toEqual([...theirs.keys()].sort());
        for (const [pcode, area] of mine) expect(area.reached, `${quarter} ${aor} ${pcode}`).toBe(theirs.get(pcode)!.reached);
      }
    }
    expect(dataFile(dist, "ingest-issues").note).toBeNull();
    // The data-loader cache is cleared after the build: the next build cannot ship this data.
    expect(existsSync("src/.observablehq/cache/data")).toBe(false);
  }, 300_000);

  it("builds from a warehouse without pipeline tables, with notes instead of data", async () => {
    const db = await buildEmptyWarehouse(join(FIXTURE_DIR, "empty-site.duckdb"));
    const dist = join(FIXTURE_DIR, "dist-empty");
    const result = await buildSite({ db, out: dist, audience: "internal", config: "data/operation.json" });
    expect(result.pages).toEqual(expect.arrayContaining(["/", "/5w", "/data-dictionary", "/ingest", "/severity"]));
    expect(dataFile(dist, "severity").note).toBe("no severity data loaded yet (table severity_admin2 is not in the warehouse)");
  }, 300_000);

  it("stops before building when the warehouse does not exist", async () => {
    await expect(buildSite({ db: join(FIXTURE_DIR, "missing.duckdb"), out: join(FIXTURE_DIR, "dist-missing") })).rejects.toThrow(/^warehouse not found/);
  });
});
