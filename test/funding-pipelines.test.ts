// Funding pipelines on a small FTS response whose every figure is computed by hand below.
import { describe, expect, it } from "vitest";
import { DONORS } from "../demo/funding.ts";
import { coverage, flow, ORGS, REQ_HEADER, rows, withFunding, writeFlows, writeText } from "./helpers/funding.ts";

const GP = "Protection";
const CP = "Protection - Child Protection";
const GBV = "Protection - Gender-Based Violence";

// requirements: GP 1,000,000 · CP 400,000 · GBV 200,000 (ALL 1,600,000) · Health 5,000,000 (not Protection)
const requirements = [
  REQ_HEADER,
  "XDM,9901,Dalmora 2025,HXDM25,2025-01-01,2025-12-31,2025,7101,Protection,1000000,,",
  "XDM,9901,Dalmora 2025,HXDM25,2025-01-01,2025-12-31,2025,7102,Protection - Child Protection,400000,,",
  "XDM,9901,Dalmora 2025,HXDM25,2025-01-01,2025-12-31,2025,7103,Protection - Gender-Based Violence,200000,,",
  "XDM,9901,Dalmora 2025,HXDM25,2025-01-01,2025-12-31,2025,7110,Health,5000000,,",
  "XDM,9901,Dalmora 2025,HXDM25,2025-01-01,2025-12-31,2025,,Not specified,,,"
].join("\n");

const parentId = 9_000;
const flows = [
  flow(300_000, [GP], { date: "2025-01-15" }), // a: GP, UN, USA
  flow(100_000, [GP], { status: "commitment", from: DONORS.norway, to: ORGS.nngo, date: "2025-02-10" }), // b: GP, national NGO direct
  flow(50_000, [GP], { status: "pledge", date: "2025-02-11" }), // c: a pledge, apart
  flow(-20_000, [GP], { to: ORGS.ingo, date: "2025-03-05" }), // d: a refund, signed
  // e: a parked parent that (in this export) shows the whole agreement, and its two yearly children
  flow(120_000, [CP], { id: parentId, flowType: "Parked", status: "commitment", from: DONORS.germany, to: ORGS.nngo, children: [9_001, 9_002], date: "2025-02-20" }),
  flow(80_000, [CP], { id: 9_001, parent: parentId, from: DONORS.germany, to: ORGS.nngo, date: "2025-02-20" }),
  flow(40_000, [CP], { id: 9_002, parent: parentId, status: "commitment", from: DONORS.germany, to: ORGS.nngo, date: "2025-04-01" }),
  flow(200_000, [GP, "Health"], { date: "2025-03-01" }), // f: shared with Health: apart everywhere
  flow(60_000, [GP, CP], { date: "2025-03-12" }), // g: shared by two AoRs: in ALL, apart in GP and CP
  flow(500_000, [], { to: ORGS.fund, date: "2025-01-05" }), // h: donor → pooled fund (incoming, no cluster)
  flow(70_000, [GBV], { boundary: "internal", from: ORGS.fund, to: ORGS.nngo, date: "2025-04-20" }), // i: pooled fund → national NGO
  flow(30_000, [CP], { boundary: "internal", from: ORGS.fund, to: ORGS.ingo, date: "2025-04-25" }), // j: pooled fund → INGO
  flow(90_000, ["GP"], { inPlan: false, date: "2025-05-01" }), // k: Protection but outside the plan
  flow(1_000_000, ["Health"], { date: "2025-01-20" }) // l: another cluster
];

const files = (dir: string) => [...writeFlows(dir, "fts_flows", flows), writeText(dir, "fts_requirements_funding_cluster_xdm.csv", requirements)];

describe("funding pipelines (hand-computed fixture)", () => {
  it("computes coverage per AoR: paid + commitment, parked parent replaced by its children, refunds signed", async () => {
    await withFunding(files, async (w) => {
      const c = await coverage(w);
      // GP: a 300,000 + b 100,000 + d −20,000
      expect(c.GP).toMatchObject({ requirement_usd: 1_000_000, funded_usd: 380_000, coverage_pct: 38, unmet_usd: 620_000 });
      // CP: children 80,000 + 40,000 (never the parent's 120,000 as well) + j 30,000
      expect(c.CP).toMatchObject({ requirement_usd: 400_000, funded_usd: 150_000, coverage_pct: 37.5 });
      // GBV: the pooled fund's internal grant i counts toward the cluster (FTS's plan view)
      expect(c.GBV).toMatchObject({ requirement_usd: 200_000, funded_usd: 70_000, coverage_pct: 35 });
      // ALL: GP + CP + GBV + g (shared by GP and CP only), each flow once
      expect(c.ALL).toMatchObject({ requirement_usd: 1_600_000, funded_usd: 660_000, coverage_pct: 41.3 });
      expect(Object.keys(c).sort()).toEqual(["ALL", "CP", "GBV", "GP"]);
    });
  });

  it("keeps pledges, shared flows and off-plan flows apart from funded", async () => {
    await withFunding(files, async (w) => {
      const c = await coverage(w);
      expect(c.GP).toMatchObject({ pledged_usd: 50_000, shared_usd: 260_000, off_plan_usd: 90_000 }); // f + g shared
      expect(c.CP).toMatchObject({ pledged_usd: 0, shared_usd: 60_000 });
      expect(c.ALL).toMatchObject({ pledged_usd: 50_000, shared_usd: 200_000, off_plan_usd: 90_000 });
      // the pooled fund's incoming money has no cluster and is in no protection figure
      const h = await rows(w.conn, `SELECT count(*)::INT n FROM funding_protection_flows WHERE amount_usd = 500000`);
      expect(h[0]!.n).toBe(0);
      const checks = await rows(w.conn, `SELECT rule FROM funding_checks ORDER BY rule`);
      expect(checks.map((r) => r.rule)).toEqual(["off-plan", "shared-funding"]);
    });
  });

  it("reconciles each plan cluster with FTS's rule: the plan and exactly one cluster, paid or commitment, any flow type", async () => {
    await withFunding(files, async (w) => {
      const r = await rows(w.conn, `SELECT cluster_id, funded_usd, shared_usd, pledged_usd FROM funding_plan_clusters WHERE plan_id = '9901' ORDER BY cluster_id NULLS LAST`);
      const by = Object.fromEntries(r.map((x) => [String(x.cluster_id), x]));
      expect(by["7101"]).toMatchObject({ funded_usd: 380_000, shared_usd: 260_000, pledged_usd: 50_000 });
      // FTS's published figure counts the parked parent too (its amount is 0 in real responses)
      expect(by["7102"]).toMatchObject({ funded_usd: 270_000, shared_usd: 60_000 });
      expect(by["7110"]).toMatchObject({ funded_usd: 1_000_000, shared_usd: 200_000 });
      expect(by["null"]).toMatchObject({ funded_usd: 500_000 }); // Not specified
    });
  });

  it("measures localisation: direct to national NGOs against 25 %, pooled-fund pass-through on its own line", async () => {
    await withFunding(files, async (w) => {
      const c = await coverage(w);
      expect(c.GP).toMatchObject({ nngo_direct_usd: 100_000, nngo_direct_share: 0.2632, nngo_pooled_usd: 0 });
      expect(c.CP).toMatchObject({ nngo_direct_usd: 120_000, nngo_direct_share: 0.8 });
      expect(c.GBV).toMatchObject({ nngo_direct_usd: 0, nngo_pooled_usd: 70_000, nngo_pooled_share: 1 });
      expect(c.ALL).toMatchObject({ nngo_direct_usd: 220_000, nngo_direct_share: 0.3333, nngo_pooled_usd: 70_000, nngo_pooled_share: 0.1061, target_share: 0.25 });
      const l = await rows(w.conn, `SELECT aor, channel, usd, share, meets_target FROM funding_localisation WHERE year = 2025 AND aor IN ('ALL', 'GBV') ORDER BY aor, channel`);
      expect(l).toEqual([
        { aor: "ALL", channel: "all national/local", usd: 290_000, share: 0.4394, meets_target: null },
        { aor: "ALL", channel: "direct", usd: 220_000, share: 0.3333, meets_target: true },
        { aor: "ALL", channel: "pooled fund", usd: 70_000, share: 0.1061, meets_target: null },
        { aor: "GBV", channel: "all national/local", usd: 70_000, share: 1, meets_target: null },
        { aor: "GBV", channel: "direct", usd: 0, share: 0, meets_target: false },
        { aor: "GBV", channel: "pooled fund", usd: 70_000, share: 1, meets_target: null }
      ]);
    });
  });

  it("splits funded by donor and by recipient type so that each adds up to the coverage figure", async () => {
    await withFunding(files, async (w) => {
      const d = await rows(w.conn, `SELECT donor, funded_usd, pledged_usd, share FROM funding_by_donor WHERE year = 2025 AND aor = 'ALL' ORDER BY funded_usd DESC, donor`);
      expect(d).toEqual([
        { donor: DONORS.usa.name, funded_usd: 340_000, pledged_usd: 50_000, share: 0.5152 }, // a + d + g, pledge c
        { donor: DONORS.germany.name, funded_usd: 120_000, pledged_usd: 0, share: 0.1818 }, // children only
        { donor: DONORS.dhf.name, funded_usd: 100_000, pledged_usd: 0, share: 0.1515 }, // i + j
        { donor: DONORS.norway.name, funded_usd: 100_000, pledged_usd: 0, share: 0.1515 }
      ]);
      const t = await rows(w.conn, `SELECT recipient_type, funded_usd, nngo_pooled_usd FROM funding_by_recipient_type WHERE year = 2025 AND aor = 'ALL' ORDER BY funded_usd DESC`);
      expect(t).toEqual([
        { recipient_type: "UN", funded_usd: 360_000, nngo_pooled_usd: 0 }, // a + g
        { recipient_type: "NNGO/local", funded_usd: 290_000, nngo_pooled_usd: 70_000 }, // b + children + i
        { recipient_type: "INGO", funded_usd: 10_000, nngo_pooled_usd: 0 } // d (refund) + j
      ]);
    });
  });

  it("accumulates funding month by month from January", async () => {
    await withFunding(files, async (w) => {
      const m = await rows(w.conn, `SELECT strftime(month, '%Y-%m') AS month, funded_usd, cumulative_usd, cumulative_coverage_pct FROM funding_monthly WHERE year = 2025 AND aor = 'ALL' ORDER BY month`);
      expect(m).toEqual([
        { month: "2025-01", funded_usd: 300_000, cumulative_usd: 300_000, cumulative_coverage_pct: 18.8 },
        { month: "2025-02", funded_usd: 180_000, cumulative_usd: 480_000, cumulative_coverage_pct: 30 },
        { month: "2025-03", funded_usd: 40_000, cumulative_usd: 520_000, cumulative_coverage_pct: 32.5 },
        { month: "2025-04", funded_usd: 140_000, cumulative_usd: 660_000, cumulative_coverage_pct: 41.3 }
      ]);
    });
  });

  it("lists pooled-fund grants apart, with what they pass on to national NGOs", async () => {
    await withFunding(files, async (w) => {
      const p = await rows(w.conn, `SELECT fund, fund_type, aor, allocated_usd, nngo_usd, nngo_share FROM pooled_fund_allocations WHERE year = 2025 ORDER BY aor`);
      expect(p).toEqual([
        { fund: DONORS.dhf.name, fund_type: "CBPF", aor: "ALL", allocated_usd: 100_000, nngo_usd: 70_000, nngo_share: 0.7 },
        { fund: DONORS.dhf.name, fund_type: "CBPF", aor: "ANY", allocated_usd: 100_000, nngo_usd: 70_000, nngo_share: 0.7 },
        { fund: DONORS.dhf.name, fund_type: "CBPF", aor: "CP", allocated_usd: 30_000, nngo_usd: 0, nngo_share: 0 },
        { fund: DONORS.dhf.name, fund_type: "CBPF", aor: "GBV", allocated_usd: 70_000, nngo_usd: 70_000, nngo_share: 1 }
      ]);
    });
  });

  it("builds every funding table, empty, from a warehouse without funding files", async () => {
    await withFunding(() => [], async (w) => {
      const n = await rows(w.conn, `SELECT (SELECT count(*) FROM funding_coverage) + (SELECT count(*) FROM funding_monthly) + (SELECT count(*) FROM pooled_fund_allocations) AS n`);
      expect(Number(n[0]!.n)).toBe(0);
    });
  });
});
