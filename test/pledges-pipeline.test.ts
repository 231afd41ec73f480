// GRF pledges from two exports six months apart (test/pledges-fixtures.ts) through pledge_status, pledge_counts,
// pledge_changes, pledges_to_activate and pledge_exports, against figures worked out by hand.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rmSync } from "node:fs";
import { queryRows, type Warehouse } from "../warehouse/db.ts";
import type { RunReport } from "../loaders/ingest.ts";
import { loadPledges, pledgeConfig, writePledgeFiles } from "./pledges-fixtures.ts";

const DIR = "test/.tmp/pledges/pipeline";
const A = "2025-06-30";
const B = "2025-12-31";

let w: Warehouse;
let report: RunReport;

beforeAll(async () => {
  rmSync(DIR, { recursive: true, force: true });
  ({ w, report } = await loadPledges(await writePledgeFiles(DIR)));
});
afterAll(() => w?.close());

const rows = (sql: string) => queryRows(w.conn, sql);

async function counts(exportDate: string, dimension: string): Promise<Record<string, number>> {
  const r = await rows(`SELECT value, pledges FROM pledge_counts WHERE export_date = '${exportDate}' AND dimension = '${dimension}'`);
  return Object.fromEntries(r.map((x) => [String(x.value), Number(x.pledges)]));
}

describe("pledge exports through the pipelines", () => {
  it("loads both exports and the follow-up sheet, each row accounted for", () => {
    expect(report.files.map((f) => [f.kind, f.status, f.rowsRead, f.rowsAccepted])).toEqual([
      ["pledges", "loaded", 6, 6],
      ["pledges", "loaded", 5, 5],
      ["pledge-followup", "loaded", 2, 2]
    ]);
  });

  it("gives each pledge and export exactly one of the four stages, labels matched without regard to case", async () => {
    const r = await rows(`SELECT pledge_id, strftime(export_date, '%Y-%m-%d') AS d, stage FROM pledge_status ORDER BY d, pledge_id`);
    expect(r.map((x) => `${x.d} ${x.pledge_id} ${x.stage}`)).toEqual([
      `${A} P1 In progress`,
      `${A} P2 Planning stage`,
      `${A} P3 Fulfilled`,
      `${A} P4 No update`,
      `${A} P5 In progress`,
      `${A} P6 In progress`,
      `${B} P1 Fulfilled`,
      `${B} P2 Planning stage`,
      `${B} P4 In progress`,
      `${B} P6 In progress`,
      `${B} P7 No update`
    ]);
  });

  it("compares each pledge with the previous export", async () => {
    const r = await rows(`SELECT pledge_id, previous_stage, stage_change, stalled FROM pledge_status WHERE export_date = '${B}' ORDER BY pledge_id`);
    expect(r).toEqual([
      { pledge_id: "P1", previous_stage: "In progress", stage_change: "advanced", stalled: false },
      { pledge_id: "P2", previous_stage: "Planning stage", stage_change: "unchanged", stalled: true },
      { pledge_id: "P4", previous_stage: "No update", stage_change: "first update", stalled: false },
      { pledge_id: "P6", previous_stage: "In progress", stage_change: "unchanged", stalled: true },
      { pledge_id: "P7", previous_stage: null, stage_change: "new in this export", stalled: true }
    ]);
    const first = await rows(`SELECT DISTINCT stage_change FROM pledge_status WHERE export_date = '${A}'`);
    expect(first).toEqual([{ stage_change: "first export" }]);
  });

  it("decides for_operation by host country, global protection theme or configured region", async () => {
    const r = await rows(`SELECT pledge_id, scope, for_operation, for_operation_rule FROM pledge_status WHERE export_date = '${A}' ORDER BY pledge_id`);
    expect(r).toEqual([
      { pledge_id: "P1", scope: "country", for_operation: true, for_operation_rule: "host country" },
      { pledge_id: "P2", scope: "global", for_operation: true, for_operation_rule: "global, protection theme" },
      { pledge_id: "P3", scope: "country", for_operation: false, for_operation_rule: null },
      { pledge_id: "P4", scope: "country", for_operation: true, for_operation_rule: "host country" },
      { pledge_id: "P5", scope: "global", for_operation: false, for_operation_rule: null },
      { pledge_id: "P6", scope: "regional", for_operation: true, for_operation_rule: "region" }
    ]);
  });

  it("counts each of the operation's pledges once per value, whatever its countries and co-pledgers", async () => {
    expect(await counts(A, "stage")).toEqual({ "In progress": 2, "Planning stage": 1, "No update": 1 });
    expect(await counts(B, "stage")).toEqual({ Fulfilled: 1, "Planning stage": 1, "In progress": 2, "No update": 1 });
    // P1 lists two countries and two co-pledgers: one State pledge
    expect(await counts(B, "entity_type")).toEqual({ State: 1, "International organisation / UN": 1, "NGO / civil society": 2, Academia: 1 });
    expect(await counts(A, "gcr_objective")).toEqual({ "1": 2, "2": 2, "3": 1 });
    expect(await counts(B, "gcr_objective")).toEqual({ "1": 2, "2": 2, "3": 1, "not stated": 1 });
    expect(await counts(B, "area")).toEqual({ Education: 2, "Protection capacity": 1, "Asylum capacity": 1, "Legal identity": 1 });
    expect(await counts(A, "pledge_type")).toEqual({ policy: 1, technical: 2, material: 1 });
    expect(await counts(B, "grf_year")).toEqual({ "2019": 1, "2023": 4 });
    const dims = await rows(`SELECT DISTINCT dimension FROM pledge_counts ORDER BY 1`);
    expect(dims.map((d) => d.dimension)).toEqual(["area", "entity_type", "gcr_objective", "grf_year", "pledge_type", "stage"]);
  });

  it("lists what changed since the previous export, ids that disappeared included", async () => {
    const r = await rows(`SELECT pledge_id, change, previous_stage, stage FROM pledge_changes WHERE export_date = '${B}' ORDER BY pledge_id`);
    expect(r).toEqual([
      { pledge_id: "P1", change: "advanced", previous_stage: "In progress", stage: "Fulfilled" },
      { pledge_id: "P3", change: "missing from this export", previous_stage: "Fulfilled", stage: null },
      { pledge_id: "P4", change: "first update", previous_stage: "No update", stage: "In progress" },
      { pledge_id: "P5", change: "missing from this export", previous_stage: "In progress", stage: null },
      { pledge_id: "P7", change: "new in this export", previous_stage: null, stage: "No update" }
    ]);
  });

  it("lists the pledges to activate with the follow-up sheet's next step", async () => {
    const r = await rows(`SELECT strftime(export_date, '%Y-%m-%d') AS d, pledge_id, reason, priority, rrp_sector, next_step FROM pledges_to_activate ORDER BY d, priority, pledge_id`);
    expect(r).toEqual([
      { d: A, pledge_id: "P4", reason: "never updated", priority: 1, rrp_sector: null, next_step: null },
      { d: A, pledge_id: "P2", reason: "no progress update since 2024-06-01 (12 months)", priority: 2, rrp_sector: "Protection", next_step: "Ask UNHCR to include Dalmora in the capacity programme" },
      { d: A, pledge_id: "P6", reason: "no progress update since 2024-01-01 (17 months)", priority: 3, rrp_sector: null, next_step: null },
      { d: B, pledge_id: "P7", reason: "never updated", priority: 1, rrp_sector: "Protection", next_step: "Invite to the RRP planning workshop" },
      { d: B, pledge_id: "P2", reason: "no progress update since 2024-06-01 (18 months)", priority: 2, rrp_sector: "Protection", next_step: "Ask UNHCR to include Dalmora in the capacity programme" },
      { d: B, pledge_id: "P6", reason: "no progress update since 2024-01-01 (23 months)", priority: 3, rrp_sector: null, next_step: null }
    ]);
  });

  it("sums up each export: shares fulfilled among the updated and among all", async () => {
    const r = await rows(`SELECT strftime(export_date, '%Y-%m-%d') AS d, pledges, operation_pledges, operation_updated, operation_fulfilled, operation_to_activate, share_fulfilled_updated, share_fulfilled_all FROM pledge_exports ORDER BY d`);
    expect(r).toEqual([
      { d: A, pledges: 6, operation_pledges: 4, operation_updated: 3, operation_fulfilled: 0, operation_to_activate: 3, share_fulfilled_updated: 0, share_fulfilled_all: 0 },
      { d: B, pledges: 5, operation_pledges: 5, operation_updated: 4, operation_fulfilled: 1, operation_to_activate: 3, share_fulfilled_updated: 0.25, share_fulfilled_all: 0.2 }
    ]);
  });

  it("takes the stalled threshold and the regions from the config", async () => {
    const { w: w2 } = await loadPledges(await writePledgeFiles(`${DIR}-config`), pledgeConfig({ stalledMonths: 24, regions: [] }));
    try {
      const r = await queryRows(w2.conn, `SELECT pledge_id, stalled, for_operation FROM pledge_status WHERE export_date = '${B}' AND pledge_id IN ('P2', 'P6') ORDER BY 1`);
      expect(r).toEqual([
        { pledge_id: "P2", stalled: false, for_operation: true },
        { pledge_id: "P6", stalled: false, for_operation: false }
      ]);
      const rule = await queryRows(w2.conn, `SELECT DISTINCT rule FROM pledge_status`);
      expect(rule[0]!.rule).toContain("more than 24 months");
    } finally {
      w2.close();
    }
  });
});

describe("the demo's pledge files", () => {
  it("load with their planted defects handled: one repeat merged, one unknown stage rejected, the pledge without a country kept in both exports", async () => {
    const { pledgeFiles } = await import("../demo/pledges.ts");
    const { mkdirSync, writeFileSync } = await import("node:fs");
    const dir = `${DIR}-demo`;
    mkdirSync(`${dir}/pledges`, { recursive: true });
    const paths: string[] = [];
    for (const f of await pledgeFiles()) {
      writeFileSync(`${dir}/${f.path}`, f.bytes);
      paths.push(`${dir}/${f.path}`);
    }
    const { w: demo, report: r } = await loadPledges(paths);
    try {
      expect(r.files.map((f) => [f.kind, f.status, f.rowsRead, f.rowsAccepted, f.rowsRejected])).toEqual([
        ["pledges", "loaded", 37, 36, 0],
        ["pledges", "loaded", 34, 33, 1],
        ["pledge-followup", "loaded", 14, 14, 0]
      ]);
      const rules = await queryRows(demo.conn, `SELECT rule, count(*)::INTEGER AS n FROM ingest_issues WHERE rule LIKE 'pledge%' GROUP BY rule ORDER BY rule`);
      expect(rules).toEqual([
        { rule: "pledge-amount-not-usd", n: 5 },
        { rule: "pledge-no-country", n: 2 },
        { rule: "pledge-repeated", n: 1 },
        { rule: "pledge-stage-labels", n: 1 },
        { rule: "pledge-stage-unknown", n: 1 }
      ]);
      const titles = await queryRows(demo.conn, `SELECT count(*) FILTER (WHERE regexp_matches(title, '[\\x{0600}-\\x{06FF}]'))::INTEGER AS arabic, count(*) FILTER (WHERE regexp_matches(title, '[éèàç]'))::INTEGER AS french, count(*) FILTER (WHERE regexp_matches(title, '[ñó]'))::INTEGER AS spanish FROM pledges`);
      expect(Number(titles[0]!.arabic)).toBeGreaterThan(0);
      expect(Number(titles[0]!.french)).toBeGreaterThan(0);
      expect(Number(titles[0]!.spanish)).toBeGreaterThan(0);
      const changes = await queryRows(demo.conn, `SELECT change, count(*)::INTEGER AS n FROM pledge_changes GROUP BY change ORDER BY change`);
      expect(changes.map((c) => c.change)).toEqual(expect.arrayContaining(["advanced", "first update", "missing from this export", "new in this export"]));
    } finally {
      demo.close();
    }
  });
});
