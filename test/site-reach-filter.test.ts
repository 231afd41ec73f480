// The 5W page's no-double-counting rule, on hand-computed cases.
import { describe, expect, it } from "vitest";
import {
  organisations,
  partnersByAdmin2,
  pipelineReachByAdmin2,
  reachByAdmin2,
  totalReached,
  withAdmin1,
  type ReachRow
} from "../src/components/reach-filter.js";

const row = (over: Partial<ReachRow>): ReachRow => ({
  quarter: "2025Q3",
  admin1_pcode: "XD01",
  admin2_pcode: "XD0101",
  population_group: "idp",
  aor: "GP",
  org_lead: "A",
  org_type: "INGO",
  targeted: null,
  reached: 0,
  ...over
});

describe("reachByAdmin2", () => {
  const ab = [row({ org_lead: "A", reached: 300 }), row({ org_lead: "B", org_type: "NNGO", reached: 500 })];

  it("takes the larger of two organisations in one admin2, never their sum (300 and 500 → 500)", () => {
    expect(reachByAdmin2(ab).get("XD0101")?.reached).toBe(500);
  });

  it("filtered to organisation A, gives A's own figure (→ 300)", () => {
    expect(reachByAdmin2(ab, { org: "A" }).get("XD0101")?.reached).toBe(300);
  });

  it("filtered by organisation type keeps the max over the remaining organisations", () => {
    const rows = [...ab, row({ org_lead: "C", org_type: "NNGO", reached: 450 })];
    expect(reachByAdmin2(rows, { orgType: "NNGO" }).get("XD0101")?.reached).toBe(500);
    expect(reachByAdmin2(rows, { orgType: "INGO" }).get("XD0101")?.reached).toBe(300);
  });

  it("adds population groups, which are disjoint (500 IDPs + 200 host → 700)", () => {
    const rows = [row({ reached: 500 }), row({ org_lead: "B", population_group: "host", reached: 200 })];
    const area = reachByAdmin2(rows).get("XD0101")!;
    expect(area.reached).toBe(700);
    expect(area.byGroup).toEqual({ idp: 500, host: 200 });
  });

  it("for ALL takes the max across AoRs too; for one AoR only that AoR's rows", () => {
    const rows = [row({ aor: "GP", reached: 400 }), row({ aor: "CP", org_lead: "B", reached: 250 }), row({ aor: "GBV", org_lead: "A", reached: 600 })];
    expect(reachByAdmin2(rows, { aor: "ALL" }).get("XD0101")?.reached).toBe(600);
    expect(reachByAdmin2(rows, { aor: "CP" }).get("XD0101")?.reached).toBe(250);
    expect(reachByAdmin2(rows, { aor: "MA" }).size).toBe(0);
  });

  it("ignores pipeline 'ALL' AoR rows' effect on the max (they are the max already)", () => {
    const rows = [row({ aor: "GP", reached: 400 }), row({ aor: "ALL", reached: 400 }), row({ aor: "CP", org_lead: "B", reached: 250 })];
    expect(reachByAdmin2(rows).get("XD0101")?.reached).toBe(400);
  });

  it("does not add a population-group total row to the groups it totals", () => {
    const rows = [row({ reached: 500 }), row({ population_group: "host", reached: 200 }), row({ population_group: "all", reached: 700 })];
    expect(reachByAdmin2(rows).get("XD0101")?.reached).toBe(700);
    expect(reachByAdmin2([row({ population_group: "all", reached: 700 })]).get("XD0101")?.reached).toBe(700);
  });

  it("sums admin2 for the total, and filters by quarter and admin1", () => {
    const rows = [
      row({ reached: 500 }),
      row({ admin2_pcode: "XD0102", reached: 100 }),
      row({ admin1_pcode: "XD02", admin2_pcode: "XD0201", reached: 50 }),
      row({ quarter: "2025Q4", reached: 9999 })
    ];
    const q3 = reachByAdmin2(rows, { quarter: "2025Q3" });
    expect(totalReached(q3)).toBe(650);
    expect(totalReached(reachByAdmin2(rows, { quarter: "2025Q3", admin1: "XD01" }))).toBe(600);
  });

  it("counts distinct partners per admin2 and applies the same rule to targeted", () => {
    const rows = [row({ org_lead: "A", targeted: 350, reached: 300 }), row({ org_lead: "B", targeted: 600, reached: 500 }), row({ org_lead: "A", population_group: "host", targeted: 90, reached: 80 })];
    const area = reachByAdmin2(rows).get("XD0101")!;
    expect(area.partners).toBe(2);
    expect(area.targeted).toBe(690);
  });

  it("skips counts that are not numbers (suppressed) and marks the area incomplete", () => {
    const rows = [row({ reached: "<5" }), row({ org_lead: "B", reached: 40 })];
    const area = reachByAdmin2(rows).get("XD0101")!;
    expect(area.reached).toBe(40);
    expect(area.incomplete).toBe(true);
  });
});

describe("pipelineReachByAdmin2", () => {
  it("uses the pipeline's AoR rows as they are and sums the groups", () => {
    const rows = [
      row({ aor: "ALL", org_lead: null, reached: 500 }),
      row({ aor: "ALL", org_lead: null, population_group: "host", reached: 200 }),
      row({ aor: "GP", org_lead: null, reached: 450 })
    ];
    expect(pipelineReachByAdmin2(rows, { aor: "ALL" }).get("XD0101")?.reached).toBe(700);
    expect(pipelineReachByAdmin2(rows, { aor: "GP" }).get("XD0101")?.reached).toBe(450);
  });
});

describe("partners and organisations", () => {
  it("counts the distinct organisations present per admin2 under the filters", () => {
    const rows = [row({ org_lead: "A" }), row({ org_lead: "A", aor: "CP" }), row({ org_lead: "B", org_type: "UN" }), row({ admin2_pcode: "XD0102", org_lead: "B", org_type: "UN" })];
    expect(partnersByAdmin2(rows).get("XD0101")?.size).toBe(2);
    expect(partnersByAdmin2(rows, { orgType: "UN" }).get("XD0101")?.size).toBe(1);
    expect(partnersByAdmin2(rows, { aor: "CP" }).get("XD0102")).toBeUndefined();
    expect(organisations(rows, "UN")).toEqual(["B"]);
    expect(organisations(rows)).toEqual(["A", "B"]);
  });

  it("fills a missing admin1 from the boundaries", () => {
    const [r] = withAdmin1([row({ admin1_pcode: null })], new Map([["XD0101", "XD09"]]));
    expect(r?.admin1_pcode).toBe("XD09");
  });
});
