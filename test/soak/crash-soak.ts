// Crash soak: `protection ingest` of a large 5W file (CSV or XLSX) in a child process, killed with SIGKILL at a
// seeded random moment, again and again; after every kill the warehouse must open, pass a checkpoint and a full
// read of every table, and hold exactly the files it held before (plus the killed file, whole, if its commit
// landed before the kill) — nothing of a half-ingested file.
//
//   npm run soak                        200 kills (alternating CSV and XLSX)
//   npm run soak -- --kills 20 --seed 7 --csv-rows 300000 --xlsx-rows 100000 --keep
//   (or SOAK_KILLS, SOAK_SEED, SOAK_CSV_ROWS, SOAK_XLSX_ROWS); exits 1 on any failure, keeping its folder
//
// The functions are shared with test/crash-safety.test.ts, which runs a handful of the same kills.
import { spawn, type ChildProcess } from "node:child_process";
import { appendFileSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { sha256 } from "../../loaders/file-facts.ts";
import { ingestFiles } from "../../loaders/ingest.ts";
import { openWarehouse, queryRows } from "../../warehouse/db.ts";
import { csvText, FIVE_W_HEADER, goodRow, rng, writeLarge5wCsv, writeLarge5wXlsx } from "../helpers/bad-files.ts";
import { seedAreas, testConfig } from "../helpers/warehouse.ts";

export const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const BIN = join(ROOT, "bin/protection.js");

export interface FileRow {
  file_hash: string;
  file_name: string;
  kind: string;
  status: string;
  rows_read: number;
  rows_accepted: number;
  rows_rejected: number;
}

/** What the warehouse holds, per file, after a checkpoint and a full read of every table. */
export interface Snapshot {
  files: FileRow[];
  /** canonical rows per file_hash */
  activities: Record<string, number>;
  adminAreas: Record<string, number>;
  issues: Record<string, number>;
  /** ingest runs that never finished (killed) */
  unfinishedRuns: number;
  /** rows per table, every column read */
  tables: Record<string, number>;
}

const byHash = (rows: Record<string, unknown>[]) => Object.fromEntries(rows.map((r) => [String(r.h), Number(r.n)]));

export async function snapshot(db: string): Promise<Snapshot> {
  const w = await openWarehouse(db, { waitSeconds: 10 });
  try {
    // DuckDB has no PRAGMA integrity_check: a checkpoint (the WAL replayed into the file) and a read of every
    // column of every table (each block's checksum is verified as it is read) stand in for it
    await w.conn.run("CHECKPOINT");
    const tables: Record<string, number> = {};
    for (const { t } of await queryRows(w.conn, `SELECT table_name AS t FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary ORDER BY 1`)) {
      const r = await queryRows(w.conn, `SELECT count(*)::BIGINT AS n, bit_xor(hash(COLUMNS(*))) FROM "${String(t)}"`);
      tables[String(t)] = Number(r[0]!.n);
    }
    const files = (await queryRows(
      w.conn,
      `SELECT file_hash, file_name, kind, status, rows_read, rows_accepted, rows_rejected FROM ingest_files ORDER BY file_name, file_hash`
    )) as unknown as FileRow[];
    return {
      files,
      activities: byHash(await queryRows(w.conn, `SELECT file_hash AS h, count(*) AS n FROM activities GROUP BY 1`)),
      adminAreas: byHash(await queryRows(w.conn, `SELECT file_hash AS h, count(*) AS n FROM admin_areas GROUP BY 1`)),
      issues: byHash(await queryRows(w.conn, `SELECT file_hash AS h, count(*) AS n FROM ingest_issues GROUP BY 1`)),
      unfinishedRuns: Number((await queryRows(w.conn, `SELECT count(*) AS n FROM ingest_runs WHERE finished_at IS NULL`))[0]!.n),
      tables
    };
  } finally {
    w.close();
  }
}

export interface Target {
  path: string;
  name: string;
  hash: string;
  /** data rows, all valid */
  rows: number;
}

/**
 * After a kill during the ingest of `target`: every file held before is held exactly as before, and the killed
 * file is either absent everywhere or present whole (its commit landed just before the kill). Returns the
 * problems found (none = recovered) and whether the killed file was committed.
 */
export function compareAfterKill(before: Snapshot, after: Snapshot, target: Target): { problems: string[]; committed: boolean } {
  const problems: string[] = [];
  const own = after.files.filter((f) => f.file_hash === target.hash);
  const others = after.files.filter((f) => f.file_hash !== target.hash);
  if (JSON.stringify(others) !== JSON.stringify(before.files)) problems.push(`ingest_files changed: before ${JSON.stringify(before.files)}, after ${JSON.stringify(others)}`);
  for (const f of before.files) {
    for (const key of ["activities", "adminAreas", "issues"] as const) {
      if ((after[key][f.file_hash] ?? 0) !== (before[key][f.file_hash] ?? 0)) {
        problems.push(`${key} of ${f.file_name}: ${before[key][f.file_hash] ?? 0} before, ${after[key][f.file_hash] ?? 0} after`);
      }
    }
  }
  const committed = own.length > 0;
  if (committed) {
    const f = own[0]!;
    if (own.length !== 1 || f.status !== "loaded" || f.rows_read !== target.rows || f.rows_accepted !== target.rows) problems.push(`killed file half-recorded: ${JSON.stringify(own)}`);
    if ((after.activities[target.hash] ?? 0) !== target.rows) problems.push(`killed file recorded as loaded but ${after.activities[target.hash] ?? 0} of its ${target.rows} rows are in activities`);
  } else {
    if (after.activities[target.hash]) problems.push(`${after.activities[target.hash]} rows of the killed file in activities, and no ingest_files record of it`);
    if (after.issues[target.hash]) problems.push(`${after.issues[target.hash]} issues of the killed file in ingest_issues, and no ingest_files record of it`);
  }
  return { problems, committed };
}

export interface RunResult {
  /** the child was killed (false: it finished first) */
  killed: boolean;
  code: number | null;
  signal: NodeJS.Signals | null;
  ms: number;
  stdout: string;
  stderr: string;
}

export function startIngest(paths: string[], db: string, env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, [BIN, "ingest", ...paths, "--db", db, "--json"], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
}

export function finished(child: ChildProcess, started = Date.now()): Promise<Omit<RunResult, "killed">> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d) => (stdout += d));
  child.stderr?.on("data", (d) => (stderr += d));
  return new Promise((done) => child.on("close", (code, signal) => done({ code, signal, ms: Date.now() - started, stdout, stderr })));
}

/** Runs `protection ingest` and SIGKILLs it after `delayMs` (unless it finished first). */
export async function ingestAndKill(paths: string[], db: string, delayMs: number): Promise<RunResult> {
  const started = Date.now();
  const child = startIngest(paths, db);
  const result = finished(child, started);
  let killed = false;
  const timer = setTimeout(() => {
    if (child.exitCode === null && child.signalCode === null) killed = child.kill("SIGKILL");
  }, delayMs);
  const r = await result;
  clearTimeout(timer);
  return { ...r, killed: killed && r.signal === "SIGKILL" };
}

/** A copy of a large file under a new name with new content (so a new file version, never "unchanged"). */
export async function variant(src: string, dir: string, tag: string): Promise<Target & { extra: number }> {
  if (src.endsWith(".csv")) {
    const path = join(dir, `soak_5w_${tag}.csv`);
    copyFileSync(src, path);
    appendFileSync(path, csvText([["2025-06", `ONG Soak ${tag}`, "GBV", "XD0101", "IDP", "1"]]));
    return { path, name: `soak_5w_${tag}.csv`, hash: await sha256(path), rows: 0, extra: 1 };
  }
  // a workbook: same entries, a zip comment that names the copy
  const buf = readFileSync(src);
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const comment = Buffer.from(`soak ${tag}`);
  const out = Buffer.concat([buf.subarray(0, eocd + 22), comment]);
  out.writeUInt16LE(comment.length, eocd + 20);
  const path = join(dir, `soak_5w_${tag}.xlsx`);
  writeFileSync(path, out);
  return { path, name: `soak_5w_${tag}.xlsx`, hash: await sha256(path), rows: 0, extra: 0 };
}

/** The error lines of a finished `ingest --json` run (or its stderr). */
export function whyFailed(r: { stdout: string; stderr: string }): string {
  try {
    const errors = (JSON.parse(r.stdout) as { files: { error?: string }[] }).files.map((f) => f.error).filter(Boolean);
    if (errors.length) return errors.join("; ");
  } catch {
    // not JSON: the CLI failed before reporting
  }
  return r.stderr.trim() || r.stdout.trim().slice(0, 500) || "(no output)";
}

export interface Rig {
  dir: string;
  db: string;
  csv: { path: string; rows: number };
  xlsx: { path: string; rows: number };
}

/** A warehouse file holding the seeded areas and three small 5W files, and the large files to kill on. */
export async function prepareRig(dir: string, opts: { csvRows: number; xlsxRows: number; seed?: number }): Promise<Rig> {
  mkdirSync(dir, { recursive: true });
  const rig: Rig = { dir, db: join(dir, "warehouse.duckdb"), csv: { path: join(dir, "large_5w.csv"), rows: opts.csvRows }, xlsx: { path: join(dir, "large_5w.xlsx"), rows: opts.xlsxRows } };
  writeLarge5wCsv(rig.csv.path, opts.csvRows, opts.seed ?? 1);
  await writeLarge5wXlsx(rig.xlsx.path, opts.xlsxRows, (opts.seed ?? 1) + 1);
  const small = [1, 2, 3].map((k) => {
    const p = join(dir, `partner${k}_5w_2025-0${k}.csv`);
    writeFileSync(p, csvText([FIVE_W_HEADER, ...Array.from({ length: 5 * k }, (_, i) => goodRow(i + k))]));
    return p;
  });
  const w = await openWarehouse(rig.db);
  try {
    await seedAreas(w);
    const r = await ingestFiles(w.conn, small, { config: testConfig() });
    const bad = r.files.filter((f) => f.status !== "loaded");
    if (bad.length) throw new Error(`small files did not load: ${JSON.stringify(bad)}`);
  } finally {
    w.close();
  }
  return rig;
}

export interface KillOutcome {
  target: Target;
  delayMs: number;
  run: RunResult;
  committed: boolean;
  problems: string[];
  /** the kill tore the commit (part of the killed transaction replayed from the WAL) and the repair removed it */
  tornRepaired: boolean;
}

type Repair = (conn: Awaited<ReturnType<typeof openWarehouse>>["conn"]) => Promise<number>;

/** The ingest's repair of torn commits (removeTornCommits in loaders/ingest.ts), when the code has one. */
async function tornCommitRepair(): Promise<Repair | null> {
  const mod = (await import("../../loaders/ingest.ts")) as Record<string, unknown>;
  return typeof mod.removeTornCommits === "function" ? (mod.removeTornCommits as Repair) : null;
}

/** One kill: a fresh copy of the CSV or the XLSX, ingested and killed after a seeded delay, then verified. */
export async function killOnce(rig: Rig, which: "csv" | "xlsx", tag: string, delayMs: number): Promise<KillOutcome> {
  const src = rig[which];
  const v = await variant(src.path, rig.dir, tag);
  const target: Target = { path: v.path, name: v.name, hash: v.hash, rows: src.rows + v.extra };
  const before = await snapshot(rig.db);
  const run = await ingestAndKill([target.path], rig.db, delayMs);
  let after: Snapshot;
  try {
    after = await snapshot(rig.db);
  } catch (e) {
    return { target, delayMs, run, committed: false, problems: [`warehouse does not open after the kill: ${(e as Error).message}`], tornRepaired: false };
  }
  let { problems, committed } = compareAfterKill(before, after, target);
  let tornRepaired = false;
  if (problems.length && run.killed) {
    // DuckDB can replay part of a transaction killed during COMMIT (rows without their ingest_files record):
    // the warehouse is then right only after the repair that every ingest run starts with
    const repair = await tornCommitRepair();
    if (repair) {
      const w = await openWarehouse(rig.db, { waitSeconds: 10 });
      try {
        await repair(w.conn);
      } finally {
        w.close();
      }
      const repaired = compareAfterKill(before, await snapshot(rig.db), target);
      if (repaired.problems.length === 0) {
        tornRepaired = true;
        problems = [];
        committed = repaired.committed;
      } else problems = [...problems, `after the repair still: ${repaired.problems.join("; ")}`];
    } else {
      problems = problems.map((p) => `torn commit: ${p} (loaders/ingest.ts has no removeTornCommits to repair it)`);
    }
  }
  if (!run.killed) {
    // it finished before the kill: then it must have succeeded
    if (run.code !== 0) problems.push(`ingest ended by itself with exit ${run.code}: ${whyFailed(run)}`);
    if (!committed) problems.push("ingest finished with exit 0 but its file is not in the warehouse");
  }
  if (after.unfinishedRuns > before.unfinishedRuns + 1) problems.push(`${after.unfinishedRuns - before.unfinishedRuns} unfinished runs added by one kill`);
  rmSync(target.path, { force: true });
  return { target, delayMs, run, committed, problems, tornRepaired };
}

/** Seeded kill delays: uniform over the window in which the ingest runs (boot, read, stage, validate, commit). */
export function killPlan(seed: number, kills: number, windows: { csv: [number, number]; xlsx: [number, number] }): { which: "csv" | "xlsx"; delayMs: number }[] {
  const r = rng(seed);
  return Array.from({ length: kills }, (_, i) => {
    const which = i % 2 === 0 ? ("csv" as const) : ("xlsx" as const);
    const [lo, hi] = windows[which];
    return { which, delayMs: Math.round(lo + r() * (hi - lo)) };
  });
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? process.argv[i + 1] : process.env[`SOAK_${name.toUpperCase().replace(/-/g, "_")}`];
  return v === undefined ? fallback : Number(v);
}

async function main(): Promise<number> {
  const kills = arg("kills", 200);
  const seed = arg("seed", 20250601);
  const csvRows = arg("csv-rows", 300_000);
  const xlsxRows = arg("xlsx-rows", 100_000);
  const keep = process.argv.includes("--keep");
  const dir = join(tmpdir(), `protection-soak-${process.pid}`);
  const t0 = Date.now();
  process.stdout.write(`crash soak: ${kills} kills, seed ${seed}, CSV ${csvRows.toLocaleString("en-US")} rows, XLSX ${xlsxRows.toLocaleString("en-US")} rows, in ${dir}\n`);
  const rig = await prepareRig(dir, { csvRows, xlsxRows, seed });
  // calibration: one uninterrupted ingest of each file gives the window to kill in; a third of the kills then
  // aim at its last 15 % (inserts, commit, checkpoint, exit), where a crash is the most interesting
  const duration = { csv: 0, xlsx: 0 };
  for (const which of ["csv", "xlsx"] as const) {
    const v = await variant(rig[which].path, rig.dir, `calibrate-${which}`);
    const r = await ingestAndKill([v.path], rig.db, 10 * 60_000);
    if (r.code !== 0) throw new Error(`calibration ingest of ${which} failed: ${whyFailed(r)}`);
    duration[which] = r.ms;
    rmSync(v.path, { force: true });
  }
  process.stdout.write(`  an uninterrupted ingest takes ${duration.csv} ms (CSV), ${duration.xlsx} ms (XLSX)\n`);
  const r = rng(seed);
  const tally = { kills: 0, finishedFirst: 0, committedBeforeKill: 0, tornCommitsRepaired: 0, recoveriesVerified: 0, failures: 0 };
  for (let i = 0; i < kills; i++) {
    const which = i % 2 === 0 ? ("csv" as const) : ("xlsx" as const);
    const d = duration[which];
    const [lo, hi] = i % 3 === 2 ? [0.85 * d, 1.02 * d] : [200, 1.05 * d];
    const delayMs = Math.round(lo + r() * (hi - lo));
    const o = await killOnce(rig, which, `${i + 1}`, delayMs);
    if (o.run.killed) tally.kills++;
    else {
      tally.finishedFirst++;
      // the ingest got faster (warm caches): follow it, so that kills keep landing inside it
      if (o.run.code === 0) duration[which] = Math.round((duration[which] + o.run.ms) / 2);
    }
    if (o.run.killed && o.committed) tally.committedBeforeKill++;
    if (o.tornRepaired) {
      tally.tornCommitsRepaired++;
      process.stdout.write(`  #${i + 1} ${which} killed at ${delayMs} ms tore its commit; the repair removed the partial file\n`);
    }
    if (o.problems.length) {
      tally.failures++;
      process.stdout.write(`✗ #${i + 1} ${which} killed at ${delayMs} ms: ${o.problems.join("; ")}\n`);
    } else tally.recoveriesVerified++;
    if ((i + 1) % 10 === 0 || o.problems.length) {
      process.stdout.write(`  ${i + 1}/${kills}: ${JSON.stringify(tally)} (${((Date.now() - t0) / 1000).toFixed(0)} s)\n`);
    }
  }
  // and the warehouse still takes a whole file afterwards
  const final = await ingestAndKill([rig.csv.path, rig.xlsx.path], rig.db, 10 * 60_000);
  const finalOk = final.code === 0 && !final.killed;
  if (!finalOk) {
    tally.failures++;
    process.stdout.write(`✗ final uninterrupted ingest: exit ${final.code}: ${whyFailed(final)}\n`);
  }
  process.stdout.write(
    `kills ${tally.kills}, finished before the kill ${tally.finishedFirst}, committed just before the kill ${tally.committedBeforeKill}, torn commits repaired ${tally.tornCommitsRepaired}, ` +
      `recoveries verified ${tally.recoveriesVerified}, failures ${tally.failures}; final ingest ${finalOk ? "ok" : "FAILED"} (${((Date.now() - t0) / 1000).toFixed(0)} s)\n`
  );
  if (keep || tally.failures) process.stdout.write(`warehouse and files kept in ${dir}\n`);
  else rmSync(dir, { recursive: true, force: true });
  return tally.failures === 0 ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = await main();
}
