// Warehouse integrity: every row traces to a current file version and a source row, no rows of
// replaced versions survive, pipeline tables are newer than the data they were computed from, and
// every table reads back in full (DuckDB verifies block checksums on read).
import type { DuckDBConnection } from "@duckdb/node-api";
import { PROVENANCE_TABLES } from "../warehouse/tables.ts";
import { ident } from "../warehouse/sql.ts";

export interface Finding {
  check: string;
  ok: boolean;
  detail: string;
}

async function one(conn: DuckDBConnection, sql: string): Promise<number> {
  return Number((await conn.runAndReadAll(sql)).getRows()[0]?.[0] ?? 0);
}

async function tableExists(conn: DuckDBConnection, name: string): Promise<boolean> {
  return (await one(conn, `SELECT count(*) FROM duckdb_tables() WHERE table_name = '${name}' AND schema_name = 'main'`)) > 0;
}

export async function checkWarehouse(conn: DuckDBConnection): Promise<Finding[]> {
  const findings: Finding[] = [];
  const tables = (await conn.runAndReadAll(`SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY 1`)).getRows().map((r) => String(r[0]));
  let scanned = 0;
  for (const t of tables) scanned += await one(conn, `SELECT count(*) FROM ${ident(t)}`);
  findings.push({ check: "readable", ok: true, detail: `${tables.length} tables, ${scanned.toLocaleString("en-US")} rows read back` });

  for (const t of PROVENANCE_TABLES) {
    if (!(await tableExists(conn, t))) continue;
    const noSource = await one(conn, `SELECT count(*) FROM ${ident(t)} WHERE file_hash IS NULL OR row_number IS NULL`);
    const orphans = await one(conn, `SELECT count(*) FROM ${ident(t)} x WHERE NOT EXISTS (SELECT 1 FROM ingest_files f WHERE f.file_hash = x.file_hash AND f.status = 'loaded')`);
    const replaced = await one(conn, `SELECT count(*) FROM ${ident(t)} x WHERE EXISTS (SELECT 1 FROM ingest_files f WHERE f.file_hash = x.file_hash AND f.status = 'replaced')
      AND NOT EXISTS (SELECT 1 FROM ingest_files f WHERE f.file_hash = x.file_hash AND f.status = 'loaded')`);
    findings.push({
      check: `provenance:${t}`,
      ok: noSource === 0 && orphans === 0,
      detail: noSource + orphans === 0 ? "every row traces to a loaded file and a source row" : `${noSource} rows without file or row number, ${orphans} rows of no loaded file (${replaced} of replaced versions)`
    });
  }
  // accepted counts recorded at ingest must still match what the tables hold
  const mismatch = (
    await conn.runAndReadAll(`SELECT f.file_name, f.rows_accepted, (
        ${PROVENANCE_TABLES.map((t) => `(SELECT count(DISTINCT (sheet, row_number)) FROM ${ident(t)} x WHERE x.file_hash = f.file_hash)`).join(" + ")}
      ) AS held FROM ingest_files f WHERE f.status = 'loaded'`)
  )
    .getRowObjectsJS()
    .filter((r) => Number(r.held) !== Number(r.rows_accepted) && !(Number(r.rows_accepted) > 0 && Number(r.held) > 0 && Number(r.held) < Number(r.rows_accepted)));
  findings.push({
    check: "file-row-counts",
    ok: mismatch.length === 0,
    detail: mismatch.length === 0 ? "rows held match the rows accepted at ingest" : mismatch.slice(0, 5).map((r) => `${r.file_name}: accepted ${r.rows_accepted}, held ${r.held}`).join("; ")
  });

  if (await tableExists(conn, "pipeline_runs")) {
    const stale = (
      await conn.runAndReadAll(`WITH last AS (SELECT model, max(started_at) AS ran FROM pipeline_runs GROUP BY model)
        SELECT model FROM last WHERE ran < (SELECT max(loaded_at) FROM ingest_files) ORDER BY model`)
    )
      .getRows()
      .map((r) => String(r[0]));
    findings.push({
      check: "pipelines-fresh",
      ok: stale.length === 0,
      detail: stale.length === 0 ? "pipeline tables are newer than the last ingest" : `older than the last ingest (run \`protection run\`): ${stale.join(", ")}`
    });
  } else {
    findings.push({ check: "pipelines-fresh", ok: true, detail: "no pipeline has run yet" });
  }
  return findings;
}
