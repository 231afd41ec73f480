// Funding loaders: FTS API pages, HDX CSV exports, the partner funding sheet, and the bad input of issue #15.
import { describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ftsPages } from "../demo/funding.ts";
import { flow, ORGS, REQ_HEADER, rows, withFunding, writeFlows, writeText } from "./helpers/funding.ts";

const GP = "Protection";

/** An FTS page as JSON, edited by `edit` (to plant a version, a repeat…). */
function page(dir: string, name: string, flows: ReturnType<typeof flow>[], edit: (doc: { data: { flows: Record<string, unknown>[] } }) => void = () => {}): string {
  const doc = JSON.parse(ftsPages(flows, 1000)[0]!);
  edit(doc);
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(doc));
  return path;
}

const issues = (w: Parameters<Parameters<typeof withFunding>[1]>[0], rule: string) =>
  rows(w.conn, `SELECT file_name, row_number, severity, reason FROM ingest_issues WHERE rule = '${rule}' ORDER BY file_name, row_number`);

describe("funding loaders", () => {
  it("flattens the FTS API's nested source and destination objects, keeping id, version, currency, plan and clusters", async () => {
    const f = flow(118_868, [GP, "Health"], { id: 158_080, currency: ["CHF", 119_700, 1.007], status: "commitment", to: ORGS.nngo });
    await withFunding((dir) => writeFlows(dir, "fts", [f]), async (w, reports) => {
      expect(reports[0]).toMatchObject({ kind: "funding", rowsRead: 1, rowsAccepted: 1 });
      const r = await rows(w.conn, `SELECT flow_id, version, source, status, boundary, amount_usd, original_amount, original_currency, exchange_rate, dest_org_type, dest_org_subtype,
          plan_id, plan_cluster_ids, plan_clusters, global_cluster_ids, usage_year, protection_scope, aor, aor_list, cluster_count FROM funding_flows`);
      expect(r[0]).toEqual({
        flow_id: "158080", version: 1, source: "fts", status: "commitment", boundary: "incoming", amount_usd: 118_868, original_amount: 119_700, original_currency: "CHF", exchange_rate: 1.007,
        dest_org_type: "NGO", dest_org_subtype: "National", plan_id: "9901", plan_cluster_ids: "7101,7110", plan_clusters: "Protection | Health", global_cluster_ids: "10,7",
        usage_year: 2025, protection_scope: "mixed-shared", aor: null, aor_list: "GP", cluster_count: 2
      });
    });
  });

  it("updates a flow by id and version when a newer export is loaded, whatever the order", async () => {
    const a = flow(100_000, [GP], { id: 77 });
    const files = (dir: string) => [
      page(dir, "fts_march.json", [a], (d) => { d.data.flows[0]!.versionId = 2; d.data.flows[0]!.amountUSD = 150_000; d.data.flows[0]!.updatedAt = "2025-03-31T00:00:00Z"; }),
      page(dir, "fts_january.json", [a])
    ];
    await withFunding(files, async (w) => {
      expect((await rows(w.conn, `SELECT count(*)::INT n FROM funding_flows WHERE flow_id = '77'`))[0]!.n).toBe(2); // both exports kept as loaded
      const cur = await rows(w.conn, `SELECT version, amount_usd FROM funding_flows_current WHERE flow_id = '77'`);
      expect(cur).toEqual([{ version: 2, amount_usd: 150_000 }]);
      const c = await rows(w.conn, `SELECT funded_usd FROM funding_coverage WHERE year = 2025 AND aor = 'GP'`);
      expect(c[0]!.funded_usd).toBe(150_000);
    });
  });

  it("rejects a flow id repeated with another amount in one export, skips exact repeats and older versions", async () => {
    const a = flow(100_000, [GP], { id: 81 });
    const b = flow(40_000, [GP], { id: 82 });
    const file = (dir: string) => [
      page(dir, "fts_repeats.json", [a, a, b, b, b], (d) => {
        d.data.flows[1]!.amountUSD = 120_000; // row 3: same id and version, another amount
        d.data.flows[3]!.versionId = 2; // row 5: flow 82 version 2 wins over rows 4 and 6 (version 1)
      })
    ];
    await withFunding(file, async (w, [r]) => {
      expect(r).toMatchObject({ rowsRead: 5, rowsAccepted: 2, rowsRejected: 1, rowsSkipped: 2 });
      expect(await issues(w, "page-missing")).toEqual([]); // repeats are not a missing page
      expect(await issues(w, "flow-repeated-amount")).toEqual([
        { file_name: "fts_repeats.json", row_number: 3, severity: "error", reason: "flow 81 version 1 appears again with amount 120,000 USD; row 2 has 100,000 USD. The export disagrees with itself: only row 2 loaded" }
      ]);
      expect((await issues(w, "flow-older-version")).map((i) => [i.row_number, i.reason])).toEqual([
        [4, "flow 82 version 1 is superseded by version 2 at row 5; not loaded"],
        [6, "flow 82 version 1 is superseded by version 2 at row 5; not loaded"]
      ]);
      const kept = await rows(w.conn, `SELECT flow_id, version, amount_usd FROM funding_flows ORDER BY flow_id`);
      expect(kept).toEqual([{ flow_id: "81", version: 1, amount_usd: 100_000 }, { flow_id: "82", version: 2, amount_usd: 40_000 }]);
    });
  });

  it("keeps a refund signed, flags a flow without a cluster, and says so", async () => {
    const files = (dir: string) => writeFlows(dir, "fts", [flow(-20_000, [GP], { id: 91 }), flow(5_000, [], { id: 92 })]);
    await withFunding(files, async (w, [r]) => {
      expect(r).toMatchObject({ rowsAccepted: 2, rowsFlagged: 2 });
      expect((await issues(w, "refund"))[0]!.reason).toBe("negative amount -20,000 USD kept as a refund (signed): it reduces the totals it falls in");
      expect((await issues(w, "no-cluster"))[0]!.reason).toBe("flow 92 names no cluster: counted as 'Not specified', in no AoR and not in protection coverage");
      expect((await rows(w.conn, `SELECT funded_usd FROM funding_coverage WHERE aor = 'GP'`))[0]!.funded_usd).toBe(-20_000);
    });
  });

  it("reads the cluster's partner funding sheet; a currency without a rate is kept in that currency and flagged, never converted", async () => {
    const sheet = [
      "Partner,Partner type,Donor,Amount,Currency,Date received,AoR",
      "Association A,NNGO,Norway,180000,USD,2024-03-15,GBV",
      "Association B,Local NGO,Ambassade de France,25000000,XOF,2024-07-12,VBG",
      "Agency C,UN,ECHO,50000,EUR,2024-02-01,Child Protection",
      "Agency D,UN,ECHO,1000,USD,2024-02-01,Health"
    ].join("\n");
    await withFunding((dir) => [writeText(dir, "partner_funding_2024.csv", sheet)], async (w, [r]) => {
      expect(r).toMatchObject({ kind: "funding", rowsRead: 4, rowsAccepted: 4, rowsRejected: 0 });
      const f = await rows(w.conn, `SELECT dest_org, source, status, amount_usd, original_amount, original_currency, amount_flag, aor FROM funding_flows ORDER BY row_number`);
      expect(f.map((x) => [x.source, x.status, x.amount_usd, x.original_currency, x.amount_flag, x.aor])).toEqual([
        ["partner", "paid", 180_000, "USD", null, "GBV"],
        ["partner", "paid", null, "XOF", "no-rate", "GBV"],
        ["partner", "paid", null, "EUR", "no-rate", "CP"],
        ["partner", "paid", 1_000, "USD", null, null]
      ]);
      expect((await issues(w, "currency-no-rate")).map((i) => [i.row_number, i.reason])).toEqual([
        [3, "amount 25,000,000 XOF has no exchange rate to US dollars: kept in XOF, left out of the USD totals (no rate is guessed)"],
        [4, "amount 50,000 EUR has no exchange rate to US dollars: kept in EUR, left out of the USD totals (no rate is guessed)"]
      ]);
      expect((await issues(w, "aor-not-protection"))[0]!.reason).toMatch(/^AoR 'Health' is not a Protection AoR/);
      const c = await rows(w.conn, `SELECT aor, funded_usd, nngo_direct_usd FROM funding_coverage WHERE year = 2024 ORDER BY aor`);
      // the EUR grant to CP has no USD amount: CP shows 0 funded, and the checks say why
      expect(c).toEqual([
        { aor: "ALL", funded_usd: 180_000, nngo_direct_usd: 180_000 },
        { aor: "CP", funded_usd: 0, nngo_direct_usd: 0 },
        { aor: "GBV", funded_usd: 180_000, nngo_direct_usd: 180_000 }
      ]);
      const chk = await rows(w.conn, `SELECT message FROM funding_checks WHERE rule = 'currency-no-rate' ORDER BY message`);
      expect(chk.map((x) => x.message)).toEqual([
        "1 flow(s) in EUR (50,000 EUR) have no exchange rate: kept in EUR, left out of every USD figure",
        "1 flow(s) in XOF (25,000,000 XOF) have no exchange rate: kept in XOF, left out of every USD figure"
      ]);
    });
  });

  it("reads HDX CSV exports, whose cluster lists are comma-joined names that may hold commas", async () => {
    const csv = [
      "date,budgetYear,description,amountUSD,srcOrganization,srcOrganizationTypes,srcLocations,srcUsageYearStart,srcUsageYearEnd,destPlan,destPlanCode,destPlanId,destOrganization,destOrganizationTypes,destGlobalClusters,destLocations,destProject,destProjectCode,destEmergency,destUsageYearStart,destUsageYearEnd,contributionType,flowType,method,boundary,onBoundary,status,firstReportedDate,decisionDate,keywords,originalAmount,originalCurrency,exchangeRate,id,refCode,createdAt,updatedAt",
      `2025-03-01,2025,x,300000,"Luxembourg, Government of",Government,LUX,2025,2025,Dalmora 2025,HXDM25,9901,Agency,UN agency,"Housing, Land and Property,Protection",XDM,,,,2025,2025,financial,Standard,Traditional aid,incoming,single,paid,2025-03-01,,,,,,301,,2025-03-01,2025-03-01`,
      `2025-03-02,2025,y,200000,Norway,Government,NOR,2025,2025,Dalmora 2025,HXDM25,9901,NGO X,NGO,Mine Action,XDM,,,,2025,2025,financial,Standard,Traditional aid,internal,single,commitment,2025-03-01,,,,,,302,,2025-03-01,2025-03-01`
    ].join("\n");
    await withFunding((dir) => [writeText(dir, "fts_incoming_funding_xdm.csv", csv)], async (w, [r]) => {
      expect(r).toMatchObject({ rowsRead: 2, rowsAccepted: 2 });
      const f = await rows(w.conn, `SELECT flow_id, src_org, plan_id, protection_scope, aor, aor_list, cluster_basis FROM funding_flows ORDER BY flow_id`);
      expect(f).toEqual([
        { flow_id: "301", src_org: "Luxembourg, Government of", plan_id: "9901", protection_scope: "protection", aor: null, aor_list: "GP,HLP", cluster_basis: "global cluster" },
        { flow_id: "302", src_org: "Norway", plan_id: "9901", protection_scope: "single", aor: "MA", aor_list: "MA", cluster_basis: "global cluster" }
      ]);
      const t = await rows(w.conn, `SELECT recipient_type FROM funding_flows_current WHERE flow_id = '302'`);
      expect(t[0]!.recipient_type).toBe("NGO (unspecified)"); // the CSV gives "NGO" without National/International
    });
  });

  it("reads an older HDX export with its HXL row: each tag to its own column (plan id is not the flow id)", async () => {
    const csv = [
      "date,budgetYear,amountUSD,srcOrganization,srcOrganizationTypes,destPlan,destPlanCode,destPlanId,destOrganization,destOrganizationTypes,destGlobalClusters,status,originalAmount,originalCurrency,exchangeRate,id",
      "#date,#date+year+budget,#value+funding+total+usd,#org+name+funder,#org+type+funder+list,#activity+appeal+name,#activity+appeal+id+external,#activity+appeal+id+fts_internal,#org+name+impl,#org+type+impl+list,#sector+cluster+name+list,#status+text,#value+funding+total,#value+funding+total+currency,#financial+fx,#activity+id+fts_internal",
      `2025-04-01,2025,108696,"Norway, Government of",Government,Dalmora 2025,HXDM25,9901,Agency,UN agency,Child Protection,paid,1163043,NOK,10.7,401`
    ].join("\n");
    await withFunding((dir) => [writeText(dir, "fts_incoming_funding_xdm_hxl.csv", csv)], async (w, [r]) => {
      expect(r).toMatchObject({ kind: "funding", rowsAccepted: 1 });
      const f = await rows(w.conn, `SELECT flow_id, plan_id, plan_code, src_org, src_org_type, dest_org, dest_org_type, amount_usd, original_amount, original_currency, exchange_rate, budget_year, aor FROM funding_flows`);
      expect(f).toEqual([{ flow_id: "401", plan_id: "9901", plan_code: "HXDM25", src_org: "Norway, Government of", src_org_type: "Government", dest_org: "Agency", dest_org_type: "UN agency", amount_usd: 108_696, original_amount: 1_163_043, original_currency: "NOK", exchange_rate: 10.7, budget_year: 2025, aor: "CP" }]);
    });
  });

  it("says a page of a paged FTS response is missing when the envelope's totals disagree with the flows loaded", async () => {
    const flows = Array.from({ length: 7 }, (_, i) => flow(1_000 * (i + 1), [GP], { id: 600 + i }));
    const three = (dir: string) => writeFlows(dir, "fts_flows", flows, 3);
    await withFunding((dir) => three(dir).filter((p) => !p.endsWith("page2.json")), async (w, reports) => {
      expect(reports.map((r) => r.rowsAccepted)).toEqual([3, 1]);
      expect(await issues(w, "page-missing")).toEqual([
        { file_name: "fts_flows_page3.json", row_number: null, severity: "warning", reason: "incomplete FTS response: its envelope counts 7 flows (7 incoming, 0 internal), the 2 pages loaded hold 4: page 2 missing; load the missing page or the funding figures will be short" }
      ]);
      const c = await rows(w.conn, `SELECT rule, message FROM funding_checks WHERE rule = 'page-missing'`);
      expect(c).toEqual([{ rule: "page-missing", message: "incomplete FTS response: its envelope counts 7 flows, the 2 page file(s) loaded hold 4: load the missing page(s) or every funding figure is short" }]);
    });
    await withFunding(three, async (w) => {
      expect(await issues(w, "page-missing")).toEqual([]);
      expect(await rows(w.conn, `SELECT * FROM funding_checks WHERE rule = 'page-missing'`)).toEqual([]);
      expect((await rows(w.conn, `SELECT funded_usd FROM funding_coverage WHERE aor = 'GP'`))[0]!.funded_usd).toBe(28_000);
    });
  });

  it("warns when the requirements are for another year or plan than the flows loaded", async () => {
    const req = [REQ_HEADER, "XDM,9801,Dalmora 2024,HXDM24,2024-01-01,2024-12-31,2024,7001,Protection,900000,,"].join("\n");
    const files = (dir: string) => [...writeFlows(dir, "fts", [flow(10_000, [GP])]), writeText(dir, "fts_requirements_funding_cluster_xdm.csv", req)];
    await withFunding(files, async (w) => {
      expect((await issues(w, "requirements-other-year"))[0]!.reason).toBe("requirements for 2024, but the FTS flows loaded are for 2025: coverage for 2024 shows no funding until its flows are loaded");
      expect((await issues(w, "requirements-other-plan"))[0]!.reason).toBe("requirements for plan 9801 (HXDM24), but no FTS flow loaded names that plan (flows name plan 9901): its clusters show no funding");
      const c = await rows(w.conn, `SELECT rule, year FROM funding_checks WHERE severity = 'warning' ORDER BY rule`);
      expect(c).toEqual([{ rule: "flows-no-requirements", year: 2025 }, { rule: "requirements-no-flows", year: 2024 }]);
    });
  });
});
