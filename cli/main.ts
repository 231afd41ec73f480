// The `protection` command line: ingest, check, run, build, preview, query, demo.
import { Command, CommanderError, Option } from "commander";
import { existsSync } from "node:fs";
import { UserError, isUserError } from "../warehouse/errors.ts";
import { ingestFiles } from "../loaders/ingest.ts";
import { KIND_NAMES, type KindName } from "../loaders/kinds/kind.ts";
import { loadOperationConfig } from "../warehouse/operation-config.ts";
import { DEFAULT_DB, openWarehouse, withWarehouse } from "../warehouse/db.ts";
import { expandPaths, orderForIngest } from "./files.ts";
import { formatRun } from "./report.ts";
import { progressReporter } from "./progress.ts";
import { runQuery } from "./query.ts";

/** How long to wait for another process holding the warehouse: PROTECTION_DB_WAIT_SECONDS, else 30 s. */
function waitSeconds(): number | undefined {
  const v = process.env.PROTECTION_DB_WAIT_SECONDS;
  if (v === undefined || v.trim() === "") return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new UserError(`PROTECTION_DB_WAIT_SECONDS must be a number of seconds, not '${v}'`, 2);
  return n;
}

const dbOption = () => new Option("--db <path>", "warehouse file").default(DEFAULT_DB);
// no default here: a command's --config, else the global one (protection --config PATH <command>), else
// PROTECTION_CONFIG, else data/operation.json (loadOperationConfig)
const configOption = () => new Option("--config <path>", "operation config (default: the global --config, PROTECTION_CONFIG or data/operation.json)");

async function ingestCommand(paths: string[], opts: { db: string; kind?: KindName; json?: boolean; config?: string; exportDate?: string; round?: string; replaces?: string[] }, dryRun: boolean): Promise<number> {
  const loaded = loadOperationConfig(opts.config);
  // --round: the CCPM round of survey exports without a Year/Année/round column
  const config = opts.round ? { ...loaded, ccpm: { ...loaded.ccpm, round: opts.round } } : loaded;
  const files = orderForIngest(expandPaths(paths));
  if (files.length === 0) throw new UserError(`no data files found in: ${paths.join(", ")}`);
  const progress = opts.json ? undefined : progressReporter();
  const run = async (conn: Parameters<typeof ingestFiles>[0]) => ingestFiles(conn, files, { config, kind: opts.kind, dryRun, onProgress: progress?.update, exportDate: opts.exportDate, replaces: opts.replaces }, dryRun ? "check" : "ingest");
  let report;
  if (dryRun) {
    // validation only: an in-memory warehouse that knows the real one's admin areas, nothing written
    const mem = await openWarehouse(":memory:");
    try {
      if (existsSync(opts.db)) {
        await mem.conn.run(`ATTACH '${opts.db.replace(/'/g, "''")}' AS wh (READ_ONLY)`);
        for (const t of ["admin_areas", "pcode_gazetteer"]) await mem.conn.run(`INSERT INTO ${t} SELECT * FROM wh.${t}`);
        await mem.conn.run("DETACH wh");
      }
      report = await run(mem.conn);
    } finally {
      mem.close();
    }
  } else {
    report = await withWarehouse(opts.db, (w) => run(w.conn), { waitSeconds: waitSeconds() });
  }
  progress?.stop();
  if (opts.json) process.stdout.write(JSON.stringify(report, null, 2) + "\n");
  else process.stdout.write(formatRun(report) + "\n");
  return report.files.some((f) => f.status === "failed") ? 1 : 0;
}

export function program(): Command {
  const cmd = new Command("protection")
    .description("Protection Cluster analytics: ingest partner spreadsheets into a DuckDB warehouse, run the analysis, publish an offline dashboard.")
    .option("--config <path>", "operation config for every command (default: PROTECTION_CONFIG, else data/operation.json)")
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .hook("preAction", (root) => {
      // the global --config reaches every command (and the site's data loaders) as PROTECTION_CONFIG
      const config = root.opts().config as string | undefined;
      if (config) process.env.PROTECTION_CONFIG = config;
    });
  const kindOption = () => new Option("--kind <kind>", "data kind (detected when omitted)").choices([...KIND_NAMES]);

  cmd
    .command("ingest")
    .description("validate and load files (or folders) into the warehouse; rejected rows are reported, not fatal")
    .argument("<paths...>", "files or folders")
    .addOption(dbOption())
    .addOption(kindOption())
    .addOption(configOption())
    .option("--export-date <date>", "export date (YYYY-MM-DD) of pledge exports whose file name has none")
    .option("--round <round>", "CCPM round (e.g. 2025) of survey exports without a Year/Année/round column")
    .option("--replaces <files...>", "loaded files (name, path or hash prefix) this file replaces; by default a file replaces only a loaded one of the same name, kind and source")
    .option("--json", "print the report as one JSON object")
    .action(async (paths, opts) => {
      process.exitCode = await ingestCommand(paths, opts, false);
    });

  cmd
    .command("check")
    .description("validate files exactly as ingest does, without writing anything; or, with --warehouse, verify the warehouse")
    .argument("[paths...]", "files or folders")
    .addOption(dbOption())
    .addOption(kindOption())
    .addOption(configOption())
    .option("--export-date <date>", "export date (YYYY-MM-DD) of pledge exports whose file name has none")
    .option("--round <round>", "CCPM round (e.g. 2025) of survey exports without a Year/Année/round column")
    .option("--warehouse", "verify provenance, orphans after replacements and pipeline freshness")
    .option("--json", "print the report as one JSON object")
    .action(async (paths: string[], opts) => {
      if (opts.warehouse) {
        const { checkWarehouse } = await import("../loaders/integrity.ts");
        if (!existsSync(opts.db)) throw new UserError(`warehouse not found: ${opts.db}`);
        const findings = await withWarehouse(opts.db, (w) => checkWarehouse(w.conn), { readOnly: true });
        if (opts.json) process.stdout.write(JSON.stringify(findings, null, 2) + "\n");
        else for (const f of findings) process.stdout.write(`${f.ok ? "✓" : "✗"} ${f.check}: ${f.detail}\n`);
        process.exitCode = findings.every((f) => f.ok) ? 0 : 1;
        return;
      }
      if (paths.length === 0) throw new UserError("check: give files or folders to validate, or --warehouse", 2);
      process.exitCode = await ingestCommand(paths, opts, true);
    });

  cmd
    .command("run")
    .description("run the analysis pipelines in dependency order")
    .addOption(dbOption())
    .addOption(configOption())
    .action(async (opts) => {
      const { runPipelines } = await import("../pipelines/run.ts");
      const config = loadOperationConfig(opts.config);
      const results = await withWarehouse(opts.db, (w) => runPipelines(w.conn, config));
      for (const r of results) process.stdout.write(`✓ ${r.model.padEnd(24)} ${String(r.rows).padStart(8)} rows  ${r.ms} ms\n`);
    });

  cmd
    .command("build")
    .description("build the static site from the warehouse")
    .addOption(dbOption())
    .addOption(configOption())
    .option("--out <dir>", "output folder", "dist")
    .addOption(new Option("--audience <audience>", "who the build is for").choices(["internal", "public"]).default("internal"))
    .action(async (opts) => {
      const { buildSite } = await import("./site.ts");
      if (!existsSync(opts.db)) throw new UserError(`warehouse not found: ${opts.db} (run \`protection ingest\` and \`protection run\` first)`);
      const r = await buildSite({ db: opts.db, out: opts.out, audience: opts.audience, config: opts.config });
      process.stdout.write(`✓ built ${r.pages.length} pages into ${opts.out} (${(r.bytes / 1024 / 1024).toFixed(1)} MB, audience ${opts.audience})\n`);
    });

  cmd
    .command("preview")
    .description("serve the built site on http://127.0.0.1:3000")
    .option("--out <dir>", "built site folder", "dist")
    .option("--port <port>", "port", "3000")
    .action(async (opts) => {
      const { serveSite } = await import("./site.ts");
      if (!existsSync(opts.out)) throw new UserError(`no built site in ${opts.out} (run \`protection build\` first)`);
      await serveSite({ out: opts.out, port: Number(opts.port), host: "127.0.0.1" });
      process.stdout.write(`serving ${opts.out} on http://127.0.0.1:${opts.port} (Ctrl-C to stop)\n`);
      await new Promise(() => undefined);
    });

  cmd
    .command("query")
    .description("read-only SQL on the warehouse")
    .argument("<sql>", "the query")
    .addOption(dbOption())
    .addOption(new Option("--format <format>", "output format").choices(["csv", "json", "table"]).default("table"))
    .action(async (sql, opts) => {
      process.stdout.write(await runQuery(opts.db, sql, opts.format));
    });

  cmd
    .command("ccpm")
    .description("the CCPM briefing for the HCT: one page of scores, bands, change since the last round and open actions, as PDF")
    .requiredOption("--pdf <file>", "the PDF to write")
    .addOption(dbOption())
    .option("--site <dir>", "a site already built from this warehouse (built into a temporary folder otherwise)")
    .option("--round <round>", "the CCPM round (default: the latest)")
    .option("--portrait", "A4 portrait instead of landscape")
    .action(async (opts) => {
      const { ccpmBriefing } = await import("./ccpm-briefing.ts");
      const r = await ccpmBriefing({ db: opts.db, out: opts.pdf, site: opts.site, round: opts.round, landscape: !opts.portrait, log: (s) => process.stderr.write(s + "\n") });
      for (const p of r.problems) process.stderr.write(`  ! ${p}\n`);
      process.stdout.write(`✓ CCPM ${r.round} briefing: ${opts.pdf} (${Math.round(r.bytes / 1024)} KB)\n`);
    });

  cmd
    .command("pau")
    .description("the quarterly Protection Analysis Update as an A4 PDF (or the two-page PAU brief), from the warehouse and the analysts' narrative")
    .requiredOption("--quarter <quarter>", "the quarter, e.g. 2025Q3")
    .requiredOption("--pdf <file>", "the PDF to write")
    .option("--brief", "the two-page PAU brief: key figures, top risks, recommendations")
    .addOption(new Option("--audience <audience>", "who the PDF is for").choices(["internal", "public"]).default("internal"))
    .option("--site <dir>", "a site already built for this warehouse and audience (skips the build)")
    .addOption(dbOption())
    .addOption(configOption())
    .action(async (opts) => {
      const { pauPdf } = await import("./pau.ts");
      if (!existsSync(opts.db)) throw new UserError(`warehouse not found: ${opts.db} (run \`protection ingest\` and \`protection run\` first)`);
      const r = await pauPdf({ quarter: opts.quarter, pdf: opts.pdf, brief: !!opts.brief, audience: opts.audience, db: opts.db, config: opts.config, site: opts.site, log: (l) => process.stderr.write(`${l}\n`) });
      for (const w of r.warnings) process.stdout.write(`  ! ${w}\n`);
      process.stdout.write(`✓ ${r.pdf}: ${opts.brief ? "PAU brief" : "PAU"} ${opts.quarter}, ${r.pages} page${r.pages === 1 ? "" : "s"}, audience ${opts.audience}${r.topRisks.length ? `; top risks: ${r.topRisks.join("; ")}` : ""}\n`);
    });

  cmd
    .command("donor-report")
    .description("one donor's protection funding: contributions, what they funded where, the cluster's coverage, localisation and key 5W results, as XLSX (one formatted sheet per table) or PDF")
    .requiredOption("--donor <name>", "the donor as FTS names it (or a unique part of the name)")
    .requiredOption("--out <file>", "the report to write (.xlsx or .pdf)")
    .option("--year <year>", "the funding year (default: the donor's latest)")
    .addOption(new Option("--format <format>", "output format (default: from the file's extension)").choices(["xlsx", "pdf"]))
    .addOption(new Option("--audience <audience>", "who the report is for").choices(["internal", "public"]).default("internal"))
    .option("--site <dir>", "PDF: a site already built from this warehouse for this audience (skips the build)")
    .addOption(dbOption())
    .addOption(configOption())
    .action(async (opts) => {
      const { writeDonorReport } = await import("./donor-report.ts");
      if (!existsSync(opts.db)) throw new UserError(`warehouse not found: ${opts.db} (run \`protection ingest\` and \`protection run\` first)`);
      if (opts.year !== undefined && !/^\d{4}$/.test(opts.year)) throw new UserError(`invalid year: ${opts.year} (expected e.g. 2025)`, 2);
      const r = await writeDonorReport({ db: opts.db, donor: opts.donor, year: opts.year ? Number(opts.year) : null, out: opts.out, format: opts.format, audience: opts.audience, config: opts.config, site: opts.site, log: (l) => process.stderr.write(`${l}\n`) });
      for (const p of r.problems) process.stdout.write(`  ! ${p}\n`);
      process.stdout.write(`✓ ${r.out}: donor report of ${r.donor}, ${r.year ?? "no year"} (${r.format.toUpperCase()}, ${Math.round(r.bytes / 1024)} KB)\n`);
    });

  cmd
    .command("dictionary")
    .description("the data dictionary: every table, what a row is, each column in words, the files behind it")
    .addOption(new Option("--db <path>", "warehouse whose tables' columns and row counts to list (optional)"))
    .addOption(new Option("--format <format>", "output format").choices(["md", "json"]).default("md"))
    .action(async (opts) => {
      const { buildDictionary, dictionaryMarkdown } = await import("./dictionary.ts");
      const entries = opts.db
        ? await withWarehouse(opts.db, (w) => buildDictionary(w.conn), { readOnly: true })
        : await buildDictionary(null);
      process.stdout.write(opts.format === "json" ? JSON.stringify(entries, null, 2) + "\n" : dictionaryMarkdown(entries) + "\n");
    });

  cmd
    .command("demo")
    .description("the whole chain on the bundled demo operation, rebuilt from scratch: generate → ingest → run → build (→ serve)")
    .addOption(new Option("--db <path>", "the demo's warehouse (emptied first)").default("data/demo/warehouse.duckdb"))
    .addOption(new Option("--config <path>", "operation config (default: data/demo/operation.json, reset from demo/operation.json)"))
    .option("--out <dir>", "output folder", "dist")
    .option("--serve", "serve the site when built")
    .option("--port <port>", "port", "3000")
    .action(async (opts) => {
      const { runDemo } = await import("./demo.ts");
      await runDemo({ db: opts.db, config: opts.config, out: opts.out, serve: !!opts.serve, port: Number(opts.port) });
    });

  return cmd;
}

export async function main(argv: string[]): Promise<number> {
  process.exitCode = 0;
  const config = process.env.PROTECTION_CONFIG;
  try {
    await program().parseAsync(argv);
    return Number(process.exitCode ?? 0);
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    if (isUserError(e)) {
      process.stderr.write(`protection: ${e.message}\n`);
      return e.exitCode;
    }
    process.stderr.write(`protection: ${(e as Error).message}\n`);
    return 1;
  } finally {
    // a global --config is this call's only (tests call main() many times in one process)
    if (config === undefined) delete process.env.PROTECTION_CONFIG;
    else process.env.PROTECTION_CONFIG = config;
  }
}
