// The pipeline runner: dependency order, config injection, one transaction, the run log.
import { afterAll, describe, expect, test } from "vitest";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseOperationConfig } from "../warehouse/operation-config.ts";
import { openWarehouse, queryRows, withWarehouse } from "../warehouse/db.ts";
import { loadModels, orderModels, parseModel } from "../pipelines/models.ts";
import { CONFIG_TABLES, runPipelines } from "../pipelines/run.ts";

const CONFIG = parseOperationConfig({
  country: { iso3: "XDM", iso2: "XD", name: "Dalmora" },
  currentQuarter: "2025Q4",
  period: { start: "2025-01-01", end: "2025-12-31" },
  indicatorRules: [
    { match: "sessions", reporting: "new" },
    { match: "# of people", reporting: "cumulative" }
  ],
  severity: { method: "mean", pinShares: { "1": 0, "2": 0.1, "3": 0.5, "4": 1, "5": 1 } }
});

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function modelsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "pipelines-"));
  dirs.push(dir);
  for (const [name, sql] of Object.entries(files)) writeFileSync(join(dir, `${name}.sql`), sql);
  return dir;
}

const model = (name: string, depends: string[]) => parseModel(name, `-- depends: ${depends.join(", ")}\nSELECT 1 AS x`);

describe("model order", () => {
  test("every model comes after the models it depends on", () => {
    const order = orderModels([model("c", ["b", "activities"]), model("b", ["a"]), model("a", ["activities"]), model("d", [])], new Set(["activities"]));
    expect(order.map((m) => m.name)).toEqual(["a", "b", "c", "d"]);
  });

  test("a dependency cycle is an error that names the cycle", () => {
    expect(() => orderModels([model("a", ["b"]), model("b", ["a"])], new Set())).toThrow("dependency cycle: a -> b -> a");
  });

  test("an input that is neither a table nor a model is an error", () => {
    expect(() => orderModels([model("a", ["activitys"])], new Set(["activities"]))).toThrow("unknown input: activitys (in model a)");
  });

  test("a model without a depends header is rejected", () => {
    expect(() => parseModel("a", "SELECT 1")).toThrow('model without a "-- depends:" header: a');
  });

  test("the project's models all declare known inputs and form no cycle", async () => {
    const models = loadModels();
    // the sources are what a fresh warehouse holds (every migration's tables) and the config tables the runner adds
    const tables = await withWarehouse(":memory:", async (w) =>
      (await queryRows(w.conn, `SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'`)).map((r) => String(r.table_name))
    );
    const sources = new Set([...tables, ...CONFIG_TABLES]);
    expect(orderModels(models, sources).length).toBe(models.length);
    expect(models.map((m) => m.name)).toEqual(expect.arrayContaining(["reach_admin2", "pin_admin2", "coverage_admin2", "gaps_admin2"]));
  });
});

describe("running the pipelines", () => {
  test("config reaches models as variables and as the cfg_indicator_rules table", async () => {
    const w = await openWarehouse(":memory:");
    const dir = modelsDir({
      cfg_echo: `-- depends: cfg_indicator_rules
        SELECT getvariable('current_quarter') AS q, getvariable('period_start') AS start, getvariable('severity_method') AS method,
               getvariable('pin_shares') AS shares, getvariable('default_reporting') AS def, list(match || '=' || reporting ORDER BY priority) AS rules
        FROM cfg_indicator_rules`
    });
    const runs = await runPipelines(w.conn, CONFIG, { modelsDir: dir });
    expect(runs.map((r) => [r.model, r.rows])).toEqual([["cfg_echo", 1]]);
    const [row] = await queryRows(w.conn, `SELECT q, strftime(start, '%Y-%m-%d') AS start, method, shares, def, rules FROM cfg_echo`);
    expect(row).toEqual({ q: "2025Q4", start: "2025-01-01", method: "mean", shares: [0, 0.1, 0.5, 1, 1], def: "cumulative", rules: ["sessions=new", "# of people=cumulative"] });
    w.close();
  });

  test("a failing model rolls back every table of the run and the run log", async () => {
    const w = await openWarehouse(":memory:");
    const good = modelsDir({ a: `-- depends: activities\nSELECT count(*) AS n FROM activities`, b: `-- depends: a\nSELECT n + 1 AS m FROM a` });
    await runPipelines(w.conn, CONFIG, { modelsDir: good });
    await w.conn.run(`INSERT INTO activities (org_lead, aor, file_hash) VALUES ('Org A', 'GP', 'h')`);
    const bad = modelsDir({ a: `-- depends: activities\nSELECT count(*) AS n FROM activities`, b: `-- depends: a\nSELECT no_such_column FROM a` });
    await expect(runPipelines(w.conn, CONFIG, { modelsDir: bad })).rejects.toThrow(/^model b failed: .*no_such_column/);
    expect(await queryRows(w.conn, `SELECT n FROM a`)).toEqual([{ n: 0 }]);
    expect(await queryRows(w.conn, `SELECT model FROM pipeline_runs ORDER BY model`)).toEqual([{ model: "a" }, { model: "b" }]);
    w.close();
  });

  test("each run is logged with the load time of the newest file behind the model's inputs", async () => {
    const w = await openWarehouse(":memory:");
    await w.conn.run(`INSERT INTO ingest_files (file_hash, file_name, kind, run_id, loaded_at, status) VALUES
      ('h1', 'a.xlsx', 'five-w', 'r1', TIMESTAMP '2025-10-01 08:00:00', 'loaded'),
      ('h2', 'b.xlsx', 'five-w', 'r2', TIMESTAMP '2025-10-03 08:00:00', 'loaded'),
      ('h3', 'pop.csv', 'population', 'r3', TIMESTAMP '2025-10-05 08:00:00', 'loaded')`);
    await w.conn.run(`INSERT INTO activities (org_lead, aor, file_hash) VALUES ('Org A', 'GP', 'h1'), ('Org B', 'GP', 'h2')`);
    await w.conn.run(`INSERT INTO population (pcode, population_group, sex, age_band, population, file_hash) VALUES ('XD0101', 'all', 't', 'total', 10, 'h3')`);
    const dir = modelsDir({
      orgs: `-- depends: activities\nSELECT DISTINCT org_lead FROM activities`,
      people: `-- depends: orgs, population\nSELECT org_lead, population FROM orgs, population`,
      nothing: `-- depends: admin_areas\nSELECT * FROM admin_areas`
    });
    const runs = await runPipelines(w.conn, CONFIG, { modelsDir: dir });
    expect(runs.map((r) => [r.model, r.rows])).toEqual([["nothing", 0], ["orgs", 2], ["people", 2]]);
    const log = await queryRows(w.conn, `SELECT model, "rows", strftime(inputs_max_loaded_at, '%Y-%m-%d') AS inputs, started_at > inputs_max_loaded_at AS fresher,
      finished_at >= started_at AS ordered FROM pipeline_runs ORDER BY model`);
    expect(log).toEqual([
      { model: "nothing", rows: 0, inputs: null, fresher: null, ordered: true },
      { model: "orgs", rows: 2, inputs: "2025-10-03", fresher: true, ordered: true },
      { model: "people", rows: 2, inputs: "2025-10-05", fresher: true, ordered: true }
    ]);
    w.close();
  });
});
