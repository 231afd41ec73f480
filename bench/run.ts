/**
 * Ingest benchmark: `npm run bench` (see bench/README.md).
 *
 *   npm run bench [-- --rows 1000000 --xlsx-rows 100000 --runs 5 --cases all|plain|flag-heavy --profile auto|always|never --keep --strict]
 *
 * Generates a seeded 5W CSV and XLSX in a temporary folder, then measures, in the same run and on the
 * same CSV: DuckDB's bare read_csv into a fresh database (the reference), `protection ingest` of the
 * CSV and of the XLSX into fresh warehouses (child processes: wall time and peak RSS). Each case runs
 * --runs times; the median wall time and the highest peak RSS are reported. The flag-heavy cases are the
 * same files with 70 % (CSV) and 80 % (XLSX) of rows naming an activity that is not on the operation's list
 * (one warning repeated on most rows), the CSV against its own bare read_csv. Results go to
 * bench/results/latest.{json,md}.
 */
import { queryRows, queryValue, withWarehouse } from "../warehouse/db.ts";
import { spawnSync } from "node:child_process";
import { copyFileSync, createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { writeCsv, writeXlsx, HEADER, type Admin2Area, type Planted } from "./generate.ts";
import { measure, median, RSS_METHOD, type Measured } from "./measure.ts";
import type { Profile } from "./profile-ingest.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const RESULTS = join(ROOT, "bench", "results");

const TARGETS = {
  csvRatio: 2.5,
  xlsxRowsPerS: 25_000,
  peakRssMiB: 1.5 * 1024
};

const { values: opts } = parseArgs({
  options: {
    rows: { type: "string", default: "1000000" },
    "xlsx-rows": { type: "string", default: "100000" },
    runs: { type: "string", default: "5" },
    cases: { type: "string", default: "all" },
    seed: { type: "string", default: "20250101" },
    profile: { type: "string", default: "auto" },
    keep: { type: "boolean", default: false },
    strict: { type: "boolean", default: false },
    help: { type: "boolean", default: false }
  }
});
if (opts.help) {
  process.stdout.write(readFileSync(fileURLToPath(import.meta.url), "utf8").split("*/")[0]!.replace(/^\/\*\*?|^ \* ?/gm, "") + "\n");
  process.exit(0);
}
const ROWS = Number(opts.rows);
const XLSX_ROWS = Number(opts["xlsx-rows"]);
const RUNS = Number(opts.runs);
const SEED = Number(opts.seed);
const PLAIN = opts.cases === "all" || opts.cases === "plain";
const FLAGGED = opts.cases === "all" || opts.cases === "flag-heavy";
if (![ROWS, XLSX_ROWS, RUNS, SEED].every((n) => Number.isInteger(n) && n > 0) || !["auto", "always", "never"].includes(opts.profile!) || !(PLAIN || FLAGGED)) {
  process.stderr.write("bench: --rows, --xlsx-rows, --runs and --seed take positive integers; --cases all|plain|flag-heavy; --profile auto|always|never\n");
  process.exit(2);
}

const t0 = performance.now();
const log = (msg: string) => process.stderr.write(`[bench ${((performance.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${msg}\n`);

// ---------------------------------------------------------------------------------------------------

interface RunResult {
  wallS: number;
  peakRssMiB: number;
  cpuS: number | null;
  /** cores' worth of CPU other processes used during the run (0 on a quiet machine) */
  otherCores: number | null;
  /** reference only: the CREATE TABLE … read_csv statement alone, inside the process */
  statementS?: number;
  /** ingest only: the counts of the --json report */
  report?: { status: string; rowsRead: number; rowsAccepted: number; rowsRejected: number; rowsFlagged: number };
}

interface CaseResult {
  case: string;
  file: string;
  format: "csv" | "xlsx";
  bytes: number;
  rows: number;
  runs: RunResult[];
  /** median wall time over the runs */
  wallS: number;
  rowsPerS: number;
  /** highest peak RSS over the runs */
  peakRssMiB: number;
  /** median user + system CPU seconds of the child */
  cpuS: number | null;
  /** the most other processes competed for the cores during one of the runs (in cores) */
  maxOtherCores: number | null;
  /** median wall time / the reference's median wall time (same CSV) */
  ratio: number | null;
}

interface Check {
  name: string;
  value: string;
  limit: string;
  pass: boolean;
}

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
const fmtInt = (n: number) => Math.round(n).toLocaleString("en-US");
const fmtS = (s: number) => s.toFixed(2);

function sh(cmd: string, args: string[], what: string): string {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status}): ${(r.stderr || r.stdout || "").slice(0, 2000)}`);
  return r.stdout;
}

function tryGit(args: string[]): string | null {
  const r = spawnSync("git", args, { cwd: ROOT, encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : null;
}

function packageVersion(name: string): string | null {
  try {
    return String(JSON.parse(readFileSync(join(ROOT, "node_modules", name, "package.json"), "utf8")).version);
  } catch {
    return null;
  }
}

async function duckdbVersion(): Promise<string> {
  return withWarehouse(":memory:", async (w) => String(await queryValue(w.conn, "SELECT version()")));
}

async function admin2Areas(db: string): Promise<Admin2Area[]> {
  return withWarehouse(
    db,
    async (w) =>
      (await queryRows(w.conn, `SELECT pcode, name, parent_pcode FROM admin_areas WHERE level = 2 ORDER BY pcode`)).map((r) => ({
        pcode: String(r.pcode),
        name: String(r.name),
        parent: String(r.parent_pcode)
      })),
    { readOnly: true }
  );
}

/** What the warehouse holds after an ingest: the rows really written, not only what the report says. */
async function warehouseCounts(db: string): Promise<{ activities: number; rejectedRows: number }> {
  const [r] = await withWarehouse(
    db,
    (w) =>
      queryRows(
        w.conn,
        `SELECT (SELECT count(*) FROM activities)::BIGINT AS activities,
          (SELECT count(DISTINCT row_number) FROM ingest_issues WHERE severity IN ('error', 'skipped') AND row_number IS NOT NULL)::BIGINT AS rejected`
      ),
    { readOnly: true }
  );
  return { activities: Number(r!.activities), rejectedRows: Number(r!.rejected) };
}

async function readThrough(path: string): Promise<void> {
  // warm the page cache so that every measured run reads the file from memory alike
  for await (const _ of createReadStream(path, { highWaterMark: 1 << 22 })) void _;
}

function removeDb(path: string): void {
  for (const p of [path, `${path}.wal`]) rmSync(p, { force: true });
}

/**
 * Before each measured run: the previous run's writes (a fresh 100–500 MB database, then its deletion) are
 * flushed by the kernel in the background, and that write-back landed in whichever run came next.
 */
function settle(): void {
  spawnSync("sync");
}

function tsxArgs(script: string, args: string[]): string[] {
  return ["--import", "tsx", join(ROOT, script), ...args];
}

/** Above this many cores' worth of other work during a run, its wall time is not to be trusted. */
const BUSY_CORES = 0.25;
const busyNote = (r: RunResult) => (r.otherCores !== null && r.otherCores > BUSY_CORES ? `  [machine busy: others used ${r.otherCores.toFixed(2)} cores]` : "");

function failWith(what: string, m: Measured): never {
  throw new Error(`${what} exited with ${m.code}: ${(m.stderr || m.stdout).slice(0, 2000)}`);
}

// ---------------------------------------------------------------------------------------------------

async function referenceRun(csv: string, tmp: string, i: number): Promise<RunResult> {
  const db = join(tmp, `reference-${i}.duckdb`);
  removeDb(db);
  settle();
  const m = await measure(process.execPath, [join(ROOT, "bench", "bare-read.mjs"), csv, db], { cwd: ROOT });
  removeDb(db);
  if (m.code !== 0) failWith("bare read_csv", m);
  const out = JSON.parse(m.stdout.trim().split("\n").pop()!) as { rows: number; statementS: number };
  if (out.rows !== ROWS) throw new Error(`bare read_csv loaded ${out.rows} rows, expected ${ROWS}`);
  return { wallS: m.wallS, peakRssMiB: m.peakRssMiB, cpuS: m.cpuS, otherCores: m.otherCores, statementS: out.statementS };
}

interface IngestReport {
  files: { status: string; rowsRead: number; rowsAccepted: number; rowsRejected: number; rowsFlagged: number; error?: string }[];
}

async function ingestRun(file: string, template: string, tmp: string, tag: string, verify: boolean): Promise<RunResult & { stored?: { activities: number; rejectedRows: number } }> {
  const db = join(tmp, `warehouse-${tag}.duckdb`);
  removeDb(db);
  copyFileSync(template, db);
  settle();
  const m = await measure(process.execPath, [join(ROOT, "bin", "protection.js"), "ingest", file, "--db", db, "--json"], { cwd: ROOT });
  if (m.code !== 0 && m.code !== 1) failWith(`protection ingest ${file}`, m);
  let report: IngestReport;
  try {
    report = JSON.parse(m.stdout) as IngestReport;
  } catch {
    failWith(`protection ingest ${file} (no JSON report)`, m);
  }
  const f = report.files[0];
  if (!f) failWith(`protection ingest ${file} (empty report)`, m);
  const stored = verify && f.status === "loaded" ? await warehouseCounts(db) : undefined;
  removeDb(db);
  const { status, rowsRead, rowsAccepted, rowsRejected, rowsFlagged } = f;
  if (status === "failed") log(`  ingest failed: ${f.error}`);
  return { wallS: m.wallS, peakRssMiB: m.peakRssMiB, cpuS: m.cpuS, otherCores: m.otherCores, report: { status, rowsRead, rowsAccepted, rowsRejected, rowsFlagged }, stored };
}

type ProfiledRun = Profile & { otherCores: number | null; status: string; error?: string };

async function profileRun(file: string, template: string, tmp: string, tag: string): Promise<ProfiledRun> {
  const db = join(tmp, `warehouse-profile-${tag}.duckdb`);
  const out = join(tmp, `profile-${tag}.json`);
  removeDb(db);
  copyFileSync(template, db);
  const m = await measure(process.execPath, tsxArgs("bench/profile-ingest.ts", [file, db, out]), { cwd: ROOT });
  removeDb(db);
  if (!existsSync(out)) failWith(`profile of ${file}`, m);
  let status = "failed";
  let error: string | undefined = m.stderr.trim().split("\n").pop();
  try {
    const f = (JSON.parse(m.stdout) as IngestReport).files[0];
    status = f?.status ?? "failed";
    error = f?.error;
  } catch {
    // no report: status stays failed
  }
  if (status !== "loaded") log(`  the profiled ingest did not load the file (${status}${error ? `: ${error}` : ""}); its profile is not representative`);
  return { ...(JSON.parse(readFileSync(out, "utf8")) as Profile), otherCores: m.otherCores === null ? null : round(m.otherCores, 2), status, ...(error ? { error } : {}) };
}

function summariseCase(name: string, file: string, format: "csv" | "xlsx", rows: number, runs: RunResult[], reference: number | null): CaseResult {
  const wallS = median(runs.map((r) => r.wallS));
  const cpus = runs.map((r) => r.cpuS).filter((c): c is number => c !== null);
  const others = runs.map((r) => r.otherCores).filter((c): c is number => c !== null);
  return {
    case: name,
    file,
    format,
    bytes: statSync(file).size,
    rows,
    runs: runs.map((r) => ({
      ...r,
      wallS: round(r.wallS, 3),
      peakRssMiB: round(r.peakRssMiB, 1),
      cpuS: r.cpuS === null ? null : round(r.cpuS, 2),
      otherCores: r.otherCores === null ? null : round(r.otherCores, 2),
      ...(r.statementS !== undefined ? { statementS: round(r.statementS, 3) } : {})
    })),
    wallS: round(wallS, 3),
    rowsPerS: Math.round(rows / wallS),
    peakRssMiB: round(Math.max(...runs.map((r) => r.peakRssMiB)), 1),
    cpuS: cpus.length ? round(median(cpus), 2) : null,
    maxOtherCores: others.length ? round(Math.max(...others), 2) : null,
    ratio: reference ? round(wallS / reference, 2) : null
  };
}

function correctness(name: string, planted: Planted, runs: RunResult[], stored?: { activities: number; rejectedRows: number }): Check[] {
  const checks: Check[] = [];
  const exp = { status: "loaded", rowsRead: planted.rows, rowsAccepted: planted.expectedAccepted, rowsRejected: planted.expectedRejected, rowsFlagged: planted.expectedFlagged ?? planted.sumMismatch };
  for (const key of ["status", "rowsRead", "rowsAccepted", "rowsRejected", "rowsFlagged"] as const) {
    const got = runs.map((r) => r.report?.[key]);
    const pass = got.every((g) => g === exp[key]);
    const shown = [...new Set(got.map((g) => (typeof g === "number" ? fmtInt(g) : String(g))))].join(" / ");
    checks.push({ name: `${name}: ${key} (every run)`, value: shown, limit: `= ${typeof exp[key] === "number" ? fmtInt(exp[key] as number) : exp[key]}`, pass });
  }
  if (stored) {
    checks.push({ name: `${name}: rows in activities (run 1)`, value: fmtInt(stored.activities), limit: `= ${fmtInt(planted.expectedAccepted)}`, pass: stored.activities === planted.expectedAccepted });
    checks.push({ name: `${name}: rejected rows in ingest_issues (run 1)`, value: fmtInt(stored.rejectedRows), limit: `= ${fmtInt(planted.expectedRejected)}`, pass: stored.rejectedRows === planted.expectedRejected });
  }
  return checks;
}

// ---------------------------------------------------------------------------------------------------

function table(head: string[], rows: string[][], align: ("l" | "r")[]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const cell = (s: string, i: number) => (align[i] === "r" ? s.padStart(widths[i]!) : s.padEnd(widths[i]!));
  const line = (cells: string[]) => `| ${cells.map(cell).join(" | ")} |`;
  const sep = `|${widths.map((w, i) => (align[i] === "r" ? `${"-".repeat(w + 1)}:` : `${"-".repeat(w + 2)}`)).join("|")}|`;
  return [line(head), sep, ...rows.map(line)].join("\n");
}

function resultsTable(cases: CaseResult[]): string {
  return table(
    ["case", "rows", `wall s (median of ${RUNS})`, "min–max s", "rows/s", "peak RSS MiB (max)", "× bare read_csv", "CPU s (median)", "others' load (max)"],
    cases.map((c) => [
      c.case,
      fmtInt(c.rows),
      fmtS(c.wallS),
      `${fmtS(Math.min(...c.runs.map((r) => r.wallS)))}–${fmtS(Math.max(...c.runs.map((r) => r.wallS)))}`,
      fmtInt(c.rowsPerS),
      fmtInt(c.peakRssMiB),
      c.ratio === null ? "—" : `${c.ratio.toFixed(2)}×`,
      c.cpuS === null ? "—" : fmtS(c.cpuS),
      c.maxOtherCores === null ? "—" : `${c.maxOtherCores.toFixed(2)} cores`
    ]),
    ["l", "r", "r", "r", "r", "r", "r", "r", "r"]
  );
}

function checksTable(checks: Check[]): string {
  return table(["check", "measured", "target", ""], checks.map((c) => [c.name, c.value, c.limit, c.pass ? "PASS" : "FAIL"]), ["l", "r", "l", "l"]);
}

function profileTable(p: Profile): string {
  const rows = p.stages.filter((s) => s.totalS >= 0.005).sort((a, b) => b.totalS - a.totalS);
  return table(
    ["stage", "total s", "share", "in SQL s", "in JS s", "statements", "page faults"],
    rows.map((s) => [s.stage, fmtS(s.totalS), `${((100 * s.totalS) / p.totalS).toFixed(0)}%`, fmtS(s.sqlS), fmtS(s.jsS), String(s.statements), fmtInt(s.faults)]),
    ["l", "r", "r", "r", "r", "r", "r"]
  );
}

function slowestTable(p: Profile, n = 6): string {
  return table(["s", "stage", "statement (start)"], p.slowest.slice(0, n).map((s) => [fmtS(s.s), s.stage, `\`${s.sql.slice(0, 110).replace(/\|/g, "\\|")}…\``]), ["r", "l", "l"]);
}

// ---------------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const tmp = mkdtempSync(join(os.tmpdir(), "protection-bench-"));
  const cleanup = () => {
    if (!opts.keep) rmSync(tmp, { recursive: true, force: true });
  };
  process.on("SIGINT", () => {
    cleanup();
    process.exit(130);
  });
  try {
    const machine = {
      date: new Date().toISOString(),
      nproc: os.availableParallelism(),
      cpu: os.cpus()[0]?.model ?? "unknown",
      memoryGiB: round(os.totalmem() / 1024 ** 3, 1),
      os: `${os.type()} ${os.release()} ${os.arch()}`,
      node: process.version,
      duckdb: await duckdbVersion(),
      duckdbNodeApi: packageVersion("@duckdb/node-api"),
      exceljs: packageVersion("exceljs"),
      // BENCH_COMMIT: when running from an exported tree (git archive) that has no .git of its own
      commit: process.env.BENCH_COMMIT ?? tryGit(["rev-parse", "--short", "HEAD"]),
      worktreeDirty: process.env.BENCH_COMMIT ? false : (tryGit(["status", "--porcelain", "--", "loaders", "cli", "bin"]) ?? "") !== "",
      rssMethod: RSS_METHOD === "gnu-time" ? "/usr/bin/time -v (Maximum resident set size)" : "/proc/<pid>/status VmHWM, polled every 20 ms"
    };
    log(`machine: ${machine.nproc} cores, ${machine.memoryGiB} GiB, node ${machine.node}, DuckDB ${machine.duckdb}; temp folder ${tmp}`);

    // 1. the demo operation's boundaries, loaded once into a template warehouse that each run copies
    log("generating the demo operation (for its boundaries) …");
    sh(process.execPath, tsxArgs("demo/generate.ts", [join(tmp, "demo")]), "demo/generate.ts");
    const template = join(tmp, "template.duckdb");
    const b = JSON.parse(sh(process.execPath, [join(ROOT, "bin", "protection.js"), "ingest", join(tmp, "demo", "boundaries"), "--db", template, "--json"], "ingest of the demo boundaries")) as IngestReport;
    if (!b.files.length || b.files.some((f) => f.status !== "loaded")) throw new Error(`demo boundaries did not load: ${JSON.stringify(b.files)}`);
    const areas = await admin2Areas(template);
    if (areas.length === 0) throw new Error("no admin2 areas in the demo boundaries");
    log(`template warehouse: ${areas.length} admin2 areas`);

    // 2. the files
    const csv = join(tmp, "bench-5w.csv");
    const xlsx = join(tmp, "bench-5w.xlsx");
    let t = performance.now();
    const plantedCsv = await writeCsv(csv, ROWS, areas, SEED);
    const csvGenS = (performance.now() - t) / 1000;
    log(`CSV: ${fmtInt(ROWS)} rows, ${(statSync(csv).size / 1024 ** 2).toFixed(0)} MiB in ${csvGenS.toFixed(1)} s (${fmtInt(plantedCsv.expectedRejected)} rows planted to be rejected)`);
    t = performance.now();
    const plantedXlsx = await writeXlsx(xlsx, XLSX_ROWS, areas, SEED + 1);
    const xlsxGenS = (performance.now() - t) / 1000;
    log(`XLSX: ${fmtInt(XLSX_ROWS)} rows, ${(statSync(xlsx).size / 1024 ** 2).toFixed(1)} MiB in ${xlsxGenS.toFixed(1)} s (${fmtInt(plantedXlsx.expectedRejected)} rows planted to be rejected)`);
    const csvFlag = join(tmp, "bench-5w-flagged.csv");
    const xlsxFlag = join(tmp, "bench-5w-flagged.xlsx");
    let plantedCsvFlag: Planted | null = null;
    let plantedXlsxFlag: Planted | null = null;
    if (FLAGGED) {
      plantedCsvFlag = await writeCsv(csvFlag, ROWS, areas, SEED, 0.7);
      plantedXlsxFlag = await writeXlsx(xlsxFlag, XLSX_ROWS, areas, SEED + 1, 0.8);
      log(`flag-heavy files: CSV ${fmtInt(plantedCsvFlag.unlistedActivity!)} of ${fmtInt(ROWS)} rows with an unlisted activity, XLSX ${fmtInt(plantedXlsxFlag.unlistedActivity!)} of ${fmtInt(XLSX_ROWS)}`);
      await readThrough(csvFlag);
      await readThrough(xlsxFlag);
    }
    await readThrough(csv);
    await readThrough(xlsx);

    // 3. the measurements, interleaved round by round so that drift on the machine hits every case alike
    const ref: RunResult[] = [];
    const csvRuns: RunResult[] = [];
    const xlsxRuns: RunResult[] = [];
    let csvStored: { activities: number; rejectedRows: number } | undefined;
    let xlsxStored: { activities: number; rejectedRows: number } | undefined;
    const refFlag: RunResult[] = [];
    const csvFlagRuns: RunResult[] = [];
    const xlsxFlagRuns: RunResult[] = [];
    for (let i = 1; i <= RUNS; i++) {
      if (FLAGGED) {
        const r = await referenceRun(csvFlag, tmp, 100 + i);
        refFlag.push(r);
        log(`run ${i}/${RUNS} bare read_csv (flag-heavy CSV) ${fmtS(r.wallS)} s${busyNote(r)}`);
        const c = await ingestRun(csvFlag, template, tmp, `csv-flag-${i}`, false);
        csvFlagRuns.push(c);
        log(`run ${i}/${RUNS} ingest flag-heavy CSV  ${fmtS(c.wallS)} s  ${fmtInt(c.peakRssMiB)} MiB  (${fmtInt(c.report!.rowsFlagged)} flagged)${busyNote(c)}`);
        const x = await ingestRun(xlsxFlag, template, tmp, `xlsx-flag-${i}`, false);
        xlsxFlagRuns.push(x);
        log(`run ${i}/${RUNS} ingest flag-heavy XLSX ${fmtS(x.wallS)} s  ${fmtInt(x.peakRssMiB)} MiB  (${fmtInt(x.report!.rowsFlagged)} flagged)${busyNote(x)}`);
      }
      if (!PLAIN) continue;
      const r = await referenceRun(csv, tmp, i);
      ref.push(r);
      log(`run ${i}/${RUNS} bare read_csv   ${fmtS(r.wallS)} s  ${fmtInt(r.peakRssMiB)} MiB${busyNote(r)}`);
      const c = await ingestRun(csv, template, tmp, `csv-${i}`, i === 1);
      csvRuns.push(c);
      csvStored ??= c.stored;
      log(`run ${i}/${RUNS} ingest CSV      ${fmtS(c.wallS)} s  ${fmtInt(c.peakRssMiB)} MiB  (${fmtInt(c.report!.rowsAccepted)} accepted)${busyNote(c)}`);
      const x = await ingestRun(xlsx, template, tmp, `xlsx-${i}`, i === 1);
      xlsxRuns.push(x);
      xlsxStored ??= x.stored;
      log(`run ${i}/${RUNS} ingest XLSX     ${fmtS(x.wallS)} s  ${fmtInt(x.peakRssMiB)} MiB  (${fmtInt(x.report!.rowsAccepted)} accepted)${busyNote(x)}`);
    }
    const cases: CaseResult[] = [];
    const checks: Check[] = [];
    const targets: Check[] = [];
    // the cases whose targets decide whether they are profiled (step 4), with the file each ingests
    const profileCandidates: { name: string; file: string; pass: boolean }[] = [];
    // a target met by an ingest that did not load the file is not met
    const target = (name: string, ok: boolean, value: string, limit: string, pass: boolean): Check =>
      ok ? { name, value, limit, pass } : { name, value: `${value} (ingest broken)`, limit, pass: false };
    const addCases = (tag: string, csvFile: string, xlsxFile: string, refRuns: RunResult[], cRuns: RunResult[], xRuns: RunResult[], pc: Planted, px: Planted, cs?: { activities: number; rejectedRows: number }, xs?: { activities: number; rejectedRows: number }) => {
      const refCase = summariseCase(`bare DuckDB read_csv (reference${tag})`, csvFile, "csv", ROWS, refRuns, null);
      refCase.ratio = 1;
      const csvCase = summariseCase(`protection ingest CSV${tag}`, csvFile, "csv", ROWS, cRuns, refCase.wallS);
      const xlsxCase = summariseCase(`protection ingest XLSX${tag}`, xlsxFile, "xlsx", XLSX_ROWS, xRuns, null);
      cases.push(refCase, csvCase, xlsxCase);
      const caseChecks = [...correctness(`CSV${tag}`, pc, cRuns, cs), ...correctness(`XLSX${tag}`, px, xRuns, xs)];
      checks.push(...caseChecks);
      const csvOk = caseChecks.filter((c) => c.name.startsWith(`CSV${tag}:`)).every((c) => c.pass);
      const xlsxOk = caseChecks.filter((c) => c.name.startsWith(`XLSX${tag}:`)).every((c) => c.pass);
      const csvTargets = [
        target(`CSV${tag} ingest wall time ÷ bare read_csv`, csvOk, `${csvCase.ratio!.toFixed(2)}×`, `≤ ${TARGETS.csvRatio}×`, csvCase.ratio! <= TARGETS.csvRatio),
        target(`CSV${tag} ingest peak RSS`, csvOk, `${fmtInt(csvCase.peakRssMiB)} MiB`, `≤ ${fmtInt(TARGETS.peakRssMiB)} MiB`, csvCase.peakRssMiB <= TARGETS.peakRssMiB)
      ];
      const xlsxTargets = [
        target(`XLSX${tag} ingest throughput`, xlsxOk, `${fmtInt(xlsxCase.rowsPerS)} rows/s`, `≥ ${fmtInt(TARGETS.xlsxRowsPerS)} rows/s`, xlsxCase.rowsPerS >= TARGETS.xlsxRowsPerS),
        target(`XLSX${tag} ingest peak RSS`, xlsxOk, `${fmtInt(xlsxCase.peakRssMiB)} MiB`, `≤ ${fmtInt(TARGETS.peakRssMiB)} MiB`, xlsxCase.peakRssMiB <= TARGETS.peakRssMiB)
      ];
      targets.push(csvTargets[0]!, xlsxTargets[0]!, csvTargets[1]!, xlsxTargets[1]!);
      profileCandidates.push(
        { name: `CSV${tag}`, file: csvFile, pass: csvTargets.every((t) => t.pass) },
        { name: `XLSX${tag}`, file: xlsxFile, pass: xlsxTargets.every((t) => t.pass) }
      );
    };
    if (PLAIN) addCases("", csv, xlsx, ref, csvRuns, xlsxRuns, plantedCsv, plantedXlsx, csvStored, xlsxStored);
    if (FLAGGED) addCases(" (flag-heavy)", csvFlag, xlsxFlag, refFlag, csvFlagRuns, xlsxFlagRuns, plantedCsvFlag!, plantedXlsxFlag!);

    // 4. where the time goes, for a case that misses a target (or always, with --profile always)
    const profiles: Record<string, ProfiledRun> = {};
    const wantProfile = (pass: boolean) => opts.profile === "always" || (opts.profile === "auto" && !pass);
    // each case that misses a target gets its own profile: the flag-heavy file spends its time elsewhere than the plain one
    for (const { name, file, pass } of profileCandidates) {
      if (!wantProfile(pass)) continue;
      log(`profiling one ${name} ingest (every DuckDB statement timed) …`);
      profiles[name] = await profileRun(file, template, tmp, name.toLowerCase().replace(/[^a-z]+/g, "-").replace(/-$/, ""));
    }

    const busyRuns = cases.flatMap((c) => c.runs.map((r, i) => ({ c, r, i }))).filter(({ r }) => r.otherCores !== null && r.otherCores > BUSY_CORES);
    const warning = busyRuns.length
      ? `**Warning: the machine was busy.** Other processes used more than ${BUSY_CORES} of the ${os.availableParallelism()} cores during ${busyRuns.length} of the ${cases.length * RUNS} measured runs (${busyRuns.map(({ c, r, i }) => `${c.case} run ${i + 1}: ${r.otherCores!.toFixed(2)}`).join("; ")}). Wall times are inflated and noisy; compare CPU seconds, or run again on a quiet machine.`
      : null;
    if (warning) log(warning.replace(/\*\*/g, ""));
    const totalS = round((performance.now() - t0) / 1000, 1);
    const results = {
      machine,
      parameters: { rows: ROWS, xlsxRows: XLSX_ROWS, runs: RUNS, seed: SEED, columns: HEADER.length, header: HEADER },
      files: {
        csv: { rows: ROWS, bytes: statSync(csv).size, generatedInS: round(csvGenS, 2), planted: plantedCsv },
        xlsx: { rows: XLSX_ROWS, bytes: statSync(xlsx).size, generatedInS: round(xlsxGenS, 2), planted: plantedXlsx },
        ...(FLAGGED
          ? {
              csvFlagHeavy: { rows: ROWS, bytes: statSync(csvFlag).size, planted: plantedCsvFlag },
              xlsxFlagHeavy: { rows: XLSX_ROWS, bytes: statSync(xlsxFlag).size, planted: plantedXlsxFlag }
            }
          : {})
      },
      cases,
      busyWarning: warning,
      targets,
      checks,
      profiles,
      benchmarkWallS: totalS
    };

    const md: string[] = [
      `# Ingest benchmark: latest results`,
      ``,
      `${machine.date.slice(0, 16).replace("T", " ")} UTC · commit ${machine.commit ?? "?"}${machine.worktreeDirty ? " (loaders/cli modified)" : ""} · ${machine.nproc} cores (${machine.cpu}), ${machine.memoryGiB} GiB · ${machine.os} · Node ${machine.node} · DuckDB ${machine.duckdb} (@duckdb/node-api ${machine.duckdbNodeApi}) · exceljs ${machine.exceljs}`,
      ``,
      `Files: a ${fmtInt(ROWS)}-row 5W CSV (${(statSync(csv).size / 1024 ** 2).toFixed(0)} MiB, ${HEADER.length} columns, ${fmtInt(plantedCsv.expectedRejected)} rows planted to be rejected) and a ${fmtInt(XLSX_ROWS)}-row XLSX (${(statSync(xlsx).size / 1024 ** 2).toFixed(1)} MiB, ${fmtInt(plantedXlsx.expectedRejected)} to be rejected), seed ${SEED}. Each case ran ${RUNS}× as a child process; peak RSS by ${machine.rssMethod}. Whole benchmark: ${totalS} s.`,
      ``,
      resultsTable(cases),
      ``,
      ...(warning ? [warning, ``] : []),
      `## Targets`,
      ``,
      checksTable(targets),
      ``,
      `## The ingest accepted what it should`,
      ``,
      checksTable(checks),
      ``
    ];
    for (const [name, p] of Object.entries(profiles)) {
      const busy =
        (p.otherCores !== null && p.otherCores > BUSY_CORES ? `; others used ${p.otherCores.toFixed(2)} cores meanwhile` : "") +
        (p.status !== "loaded" ? `; **the ingest did not load the file (${p.status}${p.error ? `: ${p.error}` : ""}), not representative**` : "");
      md.push(`## Where the time goes: ${name} ingest (one extra, profiled run: ${fmtS(p.totalS)} s, ${fmtInt(p.faults)} minor page faults${busy})`, ``,
        ...(p.failed ? [`The ingest failed in stage *${p.failed.stage}*: ${p.failed.error}`, ``, "```sql", p.failed.sql + " …", "```", ``] : []), profileTable(p), ``, `Slowest statements:`, ``, slowestTable(p), ``);
    }
    mkdirSync(RESULTS, { recursive: true });
    writeFileSync(join(RESULTS, "latest.json"), JSON.stringify(results, null, 2) + "\n");
    writeFileSync(join(RESULTS, "latest.md"), md.join("\n"));

    process.stdout.write(
      [
        "",
        resultsTable(cases),
        "",
        ...(warning ? [warning.replace(/\*\*/g, ""), ""] : []),
        checksTable(targets),
        "",
        checksTable(checks),
        "",
        ...Object.entries(profiles).flatMap(([name, p]) => [
          `where the time goes (${name} ingest, profiled run ${fmtS(p.totalS)} s):`,
          ...(p.failed ? [`the ingest failed in stage "${p.failed.stage}": ${p.failed.error}`] : []),
          profileTable(p),
          ""
        ]),
        `results: bench/results/latest.md, bench/results/latest.json (benchmark took ${totalS} s)`,
        ""
      ].join("\n")
    );
    if (checks.some((c) => !c.pass)) {
      process.stderr.write("bench: the ingest did not accept the expected rows: the timings above measure a broken ingest\n");
      return 1;
    }
    return opts.strict && targets.some((c) => !c.pass) ? 1 : 0;
  } finally {
    cleanup();
    if (opts.keep) log(`files kept in ${tmp}`);
  }
}

process.exitCode = await main().catch((e: unknown) => {
  process.stderr.write(`bench: ${(e as Error).stack ?? e}\n`);
  return 1;
});
