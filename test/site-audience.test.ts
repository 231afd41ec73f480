// The publication gate: dataset declarations, publish() per audience, and column normalisation.
import { describe, expect, it } from "vitest";
import { currentAudience, isWithheld, publish, PublicRulesMissingError, type PublicRules } from "../src/lib/audience.ts";
import { normaliseRows, toDatasetFile } from "../src/lib/dataset-file.ts";
import { DATASETS, datasetSpec } from "../src/lib/datasets.ts";

const context = { suppressBelow: 5, sensitiveAors: ["GBV"], sensitiveActivities: ["case management"] };

describe("dataset declarations", () => {
  it("name, for every dataset, only columns it has as counts, partners, free text, AoR and admin column", () => {
    for (const spec of Object.values(DATASETS)) {
      const names = new Set(spec.columns.map((c) => c.name));
      for (const c of [...spec.counts, ...spec.partnerColumns, ...spec.freeText]) expect(names, `${spec.name}: ${c}`).toContain(c);
      if (spec.aorColumn) expect(names, `${spec.name}: aor`).toContain(spec.aorColumn);
      if (spec.adminColumn) expect(names, `${spec.name}: admin column`).toContain(spec.adminColumn);
      expect(spec.adminLevel === null || [0, 1, 2].includes(spec.adminLevel)).toBe(true);
    }
  });

  it("declare the people counts and partner names of the 5W datasets", () => {
    expect(datasetSpec("reach-org").counts).toEqual(["targeted", "reached"]);
    expect(datasetSpec("reach-org").partnerColumns).toEqual(["org_lead"]);
    expect(datasetSpec("pin").counts).toContain("pin_girls");
    expect(() => datasetSpec("nope")).toThrow("unknown dataset: nope");
  });
});

describe("publish", () => {
  const rows = [{ admin2_pcode: "XD0101", org_lead: "A", reached: 3 }];

  it("returns the rows unchanged for the internal audience", () => {
    expect(publish("reach-org", rows, { audience: "internal" })).toBe(rows);
  });

  it("refuses to publish sensitive rows publicly until the public rules exist", () => {
    expect(() => publish("reach-org", rows, { audience: "public", context })).toThrow(PublicRulesMissingError);
    expect(publish("reach-org", [], { audience: "public", context })).toEqual([]);
    expect(publish("areas-admin2", [{ pcode: "XD0101", name: "Séno" }], { audience: "public", context })).toHaveLength(1);
  });

  it("hands the public rules the dataset's declaration and the operation's thresholds", () => {
    let seen: Parameters<PublicRules>[1] | undefined;
    const rules: PublicRules = (r, ctx) => {
      seen = ctx;
      return r.map((row) => ({ ...row, org_lead: null }));
    };
    expect(publish("reach-org", rows, { audience: "public", context, rules })).toEqual([{ admin2_pcode: "XD0101", org_lead: null, reached: 3 }]);
    expect(seen?.spec.name).toBe("reach-org");
    expect(seen?.suppressBelow).toBe(5);
    expect(seen?.sensitiveAors).toEqual(["GBV"]);
  });

  it("withholds internal-only datasets (the ingest log) from public builds", () => {
    expect(publish("ingest-issues", [{ raw_value: "x" }], { audience: "public", context })).toEqual([]);
    expect(isWithheld("ingest-issues", "public")).toBe(true);
    expect(isWithheld("ingest-issues", "internal")).toBe(false);
  });

  it("reads the audience from PROTECTION_AUDIENCE, internal by default", () => {
    expect(currentAudience({})).toBe("internal");
    expect(currentAudience({ PROTECTION_AUDIENCE: "Public" })).toBe("public");
    expect(() => currentAudience({ PROTECTION_AUDIENCE: "press" })).toThrow("invalid audience: press");
  });
});

describe("normaliseRows", () => {
  const spec = datasetSpec("reach-org");

  it("renames aliases to the declared names, coerces numbers and drops undeclared columns", () => {
    const columns = ["quarter", "adm1_pcode", "adm2_pcode", "population_group", "aor", "org_lead", "org_type", "targeted", "reached", "file_hash"];
    const { rows, note } = normaliseRows(spec, columns, [
      { quarter: "2025Q3", adm1_pcode: "XD01", adm2_pcode: "XD0101", population_group: "idp", aor: "GP", org_lead: "A", org_type: "NNGO", targeted: "12", reached: 10, file_hash: "h" }
    ]);
    expect(note).toBeNull();
    expect(rows).toEqual([{ quarter: "2025Q3", admin1_pcode: "XD01", admin2_pcode: "XD0101", population_group: "idp", aor: "GP", org_lead: "A", org_type: "NNGO", targeted: 12, reached: 10 }]);
  });

  it("empties the dataset with a note when a required column is missing", () => {
    const { rows, note } = normaliseRows(spec, ["quarter", "adm2_pcode"], [{ quarter: "2025Q3", adm2_pcode: "XD0101" }]);
    expect(rows).toEqual([]);
    expect(note).toMatch(/^reach_org_admin2 cannot be shown: no column population_group, aor, org_lead, reached \(it has quarter, adm2_pcode\)$/);
  });

  it("says when a table exists but is empty", () => {
    expect(normaliseRows(datasetSpec("severity"), datasetSpec("severity").columns.map((c) => c.name), []).note).toBe(
      "no severity data loaded yet (table severity_admin2 is empty)"
    );
  });

  it("writes columns once and rows as arrays", () => {
    const file = toDatasetFile(datasetSpec("reach-monthly"), [{ month: "2025-07-01", aor: "GP", reached: 5 }], null, "internal", new Date(0));
    expect(file.columns).toEqual(["month", "aor", "reached"]);
    expect(file.rows).toEqual([["2025-07-01", "GP", 5]]);
    expect(file.spec.counts).toEqual(["reached"]);
    expect(file.generatedAt).toBe("1970-01-01T00:00:00.000Z");
  });
});
