// Where an ingest's time goes: runs `protection ingest` in this process with every DuckDB statement
// timed (DuckDBConnection.run is wrapped; nothing in loaders/ is changed), then files each statement,
// and the JavaScript time just before it, under an ingest stage.
//   node --import tsx bench/profile-ingest.ts <file> <warehouse.duckdb> <profile.json>
import { DuckDBConnection } from "@duckdb/node-api";
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

export interface Statement {
  stage: string;
  /** ms since process start */
  start: number;
  ms: number;
  /** JavaScript (or other non-SQL) time between the previous statement and this one */
  gapMs: number;
  /** minor page faults of the whole process during the statement, and in the gap before it */
  faults: number;
  gapFaults: number;
  sql: string;
}

export interface StageTime {
  stage: string;
  sqlS: number;
  jsS: number;
  totalS: number;
  statements: number;
  /** minor page faults (first touches of memory) in the stage, SQL and JavaScript together */
  faults: number;
}

export interface Profile {
  totalS: number;
  /** minor page faults of the whole run */
  faults: number;
  stages: StageTime[];
  slowest: { stage: string; s: number; sql: string }[];
  exitCode: number;
  /** the first statement that threw (the ingest reports the file as failed after it) */
  failed?: { stage: string; sql: string; error: string };
}

/** The ingest stage a statement belongs to (see loaders/ingest.ts ingestSheet for the order). */
export function stageOf(sql: string): string {
  const s = sql.trim();
  if (/schema_migrations|TEMP MACRO/.test(s)) return "open warehouse (macros, migrations)";
  if (/FROM ingest_files WHERE file_hash = \$h AND status = 'loaded'/.test(s)) return "hash file (sha256) + already-loaded lookup";
  if (/FROM read_csv\([\s\S]*LIMIT \d+\s*$/.test(s)) return "encoding check + sample rows (header detection)";
  if (/ingest_files WHERE file_name = \$n/.test(s) || /^(DELETE FROM|UPDATE ingest_files SET status = 'replaced')/.test(s) && !/FROM v\b/.test(s)) return "detect kind + retire older versions";
  if (/TEMP (TABLE|VIEW) stg(_view|_raw)?\b|FROM stg(_raw)?\s*$/.test(s)) return "stage (read rows as text)";
  if (/TEMP TABLE v(_d\d+)? AS|^SELECT count\(\*\) FROM v$|^DROP TABLE v_d\d/.test(s)) return "type (parse values into v)";
  if (/duckdb_columns|^INSERT INTO "?activities"?/.test(s)) return "insert into activities";
  if (/aor_raw|aor_map|'aor-|other-sector/.test(s)) return "resolve AoR";
  if (/\bpres\b|GROUP BY ALL|admin_areas|pcode_gazetteer|pcode_match/.test(s)) return "resolve p-codes";
  if (/totals-row|total_candidates/.test(s)) return "validate (totals rows)";
  if (/^UPDATE v SET (targeted|reached) = /.test(s)) return "derive totals from sex/age";
  if (/INSERT INTO (ingest|sheet)_issues[\s\S]*FROM v (WHERE|SEMI JOIN)|TEMP TABLE (rej|check_keys)\b|^DROP TABLE check_keys/.test(s)) return "validate (row checks)";
  if (/^COMMIT/.test(s)) return "commit";
  if (/^BEGIN/.test(s)) return "open source + begin";
  return "bookkeeping (issues, report, run log)";
}

export function summarise(statements: Statement[], totalMs: number, totalFaults = 0): Omit<Profile, "exitCode" | "report"> {
  const stages = new Map<string, StageTime>();
  const add = (stage: string, sqlMs: number, jsMs: number, faults: number) => {
    const t = stages.get(stage) ?? { stage, sqlS: 0, jsS: 0, totalS: 0, statements: 0, faults: 0 };
    t.sqlS += sqlMs / 1000;
    t.jsS += jsMs / 1000;
    t.totalS += (sqlMs + jsMs) / 1000;
    t.faults += faults;
    if (sqlMs > 0) t.statements++;
    stages.set(stage, t);
  };
  const first = statements[0];
  add("process start → first statement (node, tsx, modules, open)", 0, first ? first.start : totalMs, first ? first.gapFaults : totalFaults);
  for (const [i, st] of statements.entries()) add(st.stage, st.ms, i === 0 ? 0 : st.gapMs, st.faults + (i === 0 ? 0 : st.gapFaults));
  const last = statements[statements.length - 1];
  const counted = statements.reduce((n, st) => n + st.gapFaults + st.faults, 0);
  if (last) add("after last statement (close + checkpoint, print report)", 0, totalMs - (last.start + last.ms), Math.max(0, totalFaults - counted));
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    totalS: round(totalMs / 1000),
    faults: totalFaults,
    stages: [...stages.values()].map((t) => ({ ...t, sqlS: round(t.sqlS), jsS: round(t.jsS), totalS: round(t.totalS) })),
    slowest: [...statements]
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 12)
      .map((st) => ({ stage: st.stage, s: round(st.ms / 1000), sql: st.sql.replace(/\s+/g, " ").trim().slice(0, 240) }))
  };
}

async function main(): Promise<void> {
  const [file, db, out] = process.argv.slice(2);
  if (!file || !db || !out) {
    process.stderr.write("usage: profile-ingest.ts <file> <warehouse.duckdb> <profile.json>\n");
    process.exit(2);
  }
  const statements: Statement[] = [];
  // time, and minor page faults of the whole process (DuckDB's threads included): on a VM where a first touch
  // of memory costs ~12 µs per page they are a large part of an ingest's time (bench/README, 2026-12-04 night)
  type Mark = { ms: number; faults: number };
  const now = (): Mark => ({ ms: performance.now(), faults: process.resourceUsage().minorPageFault });
  /** the end of the previous statement; the first gap counts from process start, as both clocks do */
  let last: Mark = { ms: 0, faults: 0 };
  const record = (stage: string, sql: string, from: Mark) => {
    const to = now();
    statements.push({ stage, start: from.ms, ms: to.ms - from.ms, gapMs: from.ms - last.ms, faults: to.faults - from.faults, gapFaults: from.faults - last.faults, sql });
    last = to;
  };
  let depth = 0;
  let failed: Profile["failed"];
  const proto = DuckDBConnection.prototype as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  for (const name of ["run", "runAndReadAll"]) {
    const original = proto[name]!;
    proto[name] = async function (this: unknown, ...args: unknown[]) {
      if (depth > 0) return original.apply(this, args);
      depth++;
      const from = now();
      try {
        return await original.apply(this, args);
      } catch (e) {
        const sql = String(args[0]);
        failed ??= { stage: stageOf(sql), sql: sql.replace(/\s+/g, " ").trim().slice(0, 400), error: String((e as Error).message).split("\n")[0]! };
        throw e;
      } finally {
        depth--;
        const sql = String(args[0]);
        record(stageOf(sql), sql, from);
      }
    };
  }
  // appenders (XLSX/JSON rows staged from JavaScript, p-code results): the JavaScript loop that fills one
  // counts, up to its closeSync, in the stage of the table it fills
  const originalCreateAppender = proto.createAppender!;
  proto.createAppender = async function (this: unknown, ...args: unknown[]) {
    const appender = (await originalCreateAppender.apply(this, args)) as { closeSync(): void };
    const table = String(args[0]);
    const close = appender.closeSync.bind(appender);
    appender.closeSync = () => {
      const from = now();
      close();
      const stage = table === "pres" ? "resolve p-codes" : stageOf(`CREATE TEMP TABLE ${table}`);
      record(stage, `-- appender into ${table}: rows appended from JavaScript, then closed`, from);
    };
    return appender;
  };
  // the ingest's JSON report goes to our stdout as it would from the CLI
  const { main: cli } = await import("../cli/main.ts");
  const exitCode = await cli(["node", "protection", "ingest", file, "--db", db, "--json"]);
  const total = performance.now();
  const profile: Profile = { ...summarise(statements, total, now().faults), exitCode, ...(failed ? { failed } : {}) };
  writeFileSync(out, JSON.stringify(profile, null, 2) + "\n");
  // every statement in full, to replay or vary one of them by hand
  if (process.env.PROFILE_STATEMENTS) writeFileSync(process.env.PROFILE_STATEMENTS, statements.map((st) => `-- ${st.stage}: ${st.ms.toFixed(0)} ms, ${st.faults} page faults\n${st.sql.trim()};\n`).join("\n"));
  process.exitCode = exitCode;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
