// Severity and PiN per area on the severity page: max across AoRs, worst group, sums of PiN.
import { describe, expect, it } from "vitest";
import { aorRows, latest, nationalFigure, needsByAdmin1, needsByAdmin2, type NeedsRow } from "../src/components/needs.js";

const sev = (over: NeedsRow): NeedsRow => ({ period: "2025", admin1_pcode: "XD01", admin2_pcode: "XD0101", population_group: "idp", aor: "GP", severity: 3, ...over });
const pin = (over: NeedsRow): NeedsRow => ({ period: "2025", admin1_pcode: "XD01", admin2_pcode: "XD0101", population_group: "idp", aor: "GP", population: 1000, pin: 100, ...over });

describe("needsByAdmin2", () => {
  it("uses the pipeline's ALL rows when they exist", () => {
    const rows = [sev({ aor: "GP", severity: 2 }), sev({ aor: "ALL", severity: 4, top_indicators: "P-1" })];
    const a = needsByAdmin2(rows, [], { aor: "ALL" }).get("XD0101")!;
    expect(a.severity).toBe(4);
    expect(a.top_indicators).toBe("P-1");
  });

  it("without ALL rows takes the max over the AoRs per area and group, never the sum", () => {
    const pins = [pin({ aor: "GP", pin: 300 }), pin({ aor: "CP", pin: 500 }), pin({ aor: "GBV", pin: 200, population_group: "host", population: 800 })];
    const sevs = [sev({ aor: "GP", severity: 2 }), sev({ aor: "CP", severity: 4, top_indicators: "P-9" })];
    const a = needsByAdmin2(sevs, pins, { aor: "ALL" }).get("XD0101")!;
    expect(a.pin).toBe(700); // max(300, 500) for IDPs + 200 host
    expect(a.population).toBe(1800);
    expect(a.severity).toBe(4);
    expect(a.top_indicators).toBe("P-9");
  });

  it("takes the worst population group for severity and sums PiN over groups", () => {
    const a = needsByAdmin2(
      [sev({ severity: 2 }), sev({ population_group: "host", severity: 5 })],
      [pin({ pin: 100 }), pin({ population_group: "host", pin: 40 })],
      { aor: "GP" }
    ).get("XD0101")!;
    expect(a.severity).toBe(5);
    expect(a.pin).toBe(140);
    expect(needsByAdmin2([sev({ severity: 2 }), sev({ population_group: "host", severity: 5 })], [], { aor: "GP", group: "idp" }).get("XD0101")!.severity).toBe(2);
  });

  it("does not add an 'all' group row to the groups it totals", () => {
    const a = needsByAdmin2([], [pin({ pin: 100 }), pin({ population_group: "host", pin: 40 }), pin({ population_group: "all", pin: 140 })], { aor: "GP" }).get("XD0101")!;
    expect(a.pin).toBe(140);
  });

  it("keeps only the chosen period and AoR", () => {
    const rows = [sev({ period: "2024", severity: 5 }), sev({ aor: "CP", severity: 4 }), sev({ severity: 1 })];
    expect(needsByAdmin2(rows, [], { period: "2025", aor: "GP" }).get("XD0101")!.severity).toBe(1);
  });
});

describe("needsByAdmin1", () => {
  it("gives admin1 the worst severity of its admin2 and the sum of their PiN", () => {
    const byAdmin2 = needsByAdmin2(
      [sev({ admin2_pcode: "XD0101", severity: 3 }), sev({ admin2_pcode: "XD0102", severity: 5 })],
      [pin({ admin2_pcode: "XD0101", pin: 100 }), pin({ admin2_pcode: "XD0102", pin: 250 }), pin({ admin2_pcode: "XD0103", pin: 0 })],
      { aor: "GP" }
    );
    const b = needsByAdmin1(byAdmin2).get("XD01")!;
    expect(b.severity).toBe(5);
    expect(b.worst).toBe("XD0102");
    expect(b.pin).toBe(350);
    expect(b.assessed).toBe(2);
    expect(b.areas).toBe(3);
  });
});

describe("national figures and periods", () => {
  it("takes the 'all' group row, else the sum of the groups", () => {
    const match = (r: NeedsRow) => r.aor === "ALL";
    expect(nationalFigure([{ aor: "ALL", population_group: "all", pin: 900 }, { aor: "ALL", population_group: "idp", pin: 500 }], { field: "pin", match })).toBe(900);
    expect(nationalFigure([{ aor: "ALL", population_group: "idp", pin: 500 }, { aor: "ALL", population_group: "host", pin: 300 }, { aor: "GP", population_group: "idp", pin: 1 }], { field: "pin", match })).toBe(800);
    expect(nationalFigure([], { field: "pin", match })).toBeNull();
  });

  it("finds the latest period and lists one AoR's rows", () => {
    expect(latest(["2025Q3", null, "2025Q4", "2024Q4"])).toBe("2025Q4");
    expect(aorRows([sev({ aor: "GP" }), sev({ aor: "CP" })], { aor: "CP" })).toHaveLength(1);
  });
});
