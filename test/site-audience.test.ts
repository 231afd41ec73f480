// The publication gate: dataset declarations, publish() per audience, and column normalisation.
import { describe, expect, it } from "vitest";
import { currentAudience, isWithheld, publicRules, publish, PublicRulesMissingError, type PublicRules } from "../src/lib/audience.ts";
import { normaliseRows, toDatasetFile } from "../src/lib/dataset-file.ts";
import { DATASETS, datasetSpec } from "../src/lib/datasets.ts";
import { suppressCells, type Cell } from "../src/lib/suppress.ts";
import { ADMIN1_METHOD, WITHHELD } from "../src/lib/suppress-rules.ts";
import type { Row } from "../warehouse/db.ts";

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

  it("name only columns they have in their public-build declarations", () => {
    for (const spec of Object.values(DATASETS)) {
      const names = new Set(spec.columns.map((c) => c.name));
      const declared = [
        spec.admin1Column,
        spec.periodColumn,
        spec.groupColumn,
        spec.methodColumn,
        spec.activityColumn,
        spec.aorListColumn,
        ...(spec.maxColumns ?? []),
        ...(spec.partnerCounts ?? []),
        ...(spec.partnerAreaCounts ?? []),
        ...Object.keys(spec.derived ?? {}),
        ...(spec.parts ?? []).flatMap((p) => [p.total, ...p.parts])
      ].filter((c): c is string => c !== undefined);
      for (const c of declared) expect(names, `${spec.name}: ${c}`).toContain(c);
      for (const p of spec.parts ?? []) for (const c of [p.total, ...p.parts]) expect(spec.counts, `${spec.name}: ${c}`).toContain(c);
      for (const sources of Object.values(spec.derived ?? {})) for (const c of sources) expect(spec.counts, `${spec.name}: ${c}`).toContain(c);
      if (spec.activityColumn) expect(spec.freeText, `${spec.name}: activity names are free text`).toContain(spec.activityColumn);
      if (spec.feeds) expect(datasetSpec(spec.feeds).counts).toEqual(spec.counts);
      // a dataset naming partners says how to tell sensitive work; admin2 rows with an AoR say what becomes of a sensitive one
      if (spec.partnerColumns.length && !spec.internalOnly) expect(Boolean(spec.aorColumn || spec.aorListColumn || spec.activityColumn), spec.name).toBe(true);
      if (spec.adminLevel === 2 && spec.aorColumn) expect(spec.sensitiveAdmin2, spec.name).toBeDefined();
      if (spec.sensitiveAdmin2 === "admin1") expect(spec.admin1Column, spec.name).toBeDefined();
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

  it("passes public rows through the public rules; datasets with nothing sensitive are unchanged", () => {
    expect(publish("reach-org", rows, { audience: "public", context })).toEqual([{ admin2_pcode: "XD0101", org_lead: "A", reached: "<5" }]);
    expect(publish("reach-org", [], { audience: "public", context })).toEqual([]);
    const areas = [{ pcode: "XD0101", name: "Séno", admin1_pcode: "XD01", admin1_name: "Nord" }];
    expect(publish("areas-admin2", areas, { audience: "public", context })).toEqual(areas);
  });

  it("refuses a dataset that names partners without saying how to tell sensitive work", () => {
    const spec = { ...datasetSpec("partners"), aorListColumn: undefined, activityColumn: undefined };
    expect(() => publicRules([{ org_lead: "A" }], { ...context, spec })).toThrow(PublicRulesMissingError);
    expect(publicRules([], { ...context, spec })).toEqual([]);
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
    expect(rows).toEqual([{ quarter: "2025Q3", admin1_pcode: "XD01", admin2_pcode: "XD0101", population_group: "idp", aor: "GP", org_lead: "A", org_type: "NNGO", targeted: 12, reached: 10, activity_list: null }]);
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
    const spec = datasetSpec("reach-monthly");
    const file = toDatasetFile(spec, [{ month: "2025-07-01", aor: "GP", reached: 5 }], null, "internal", new Date(0));
    expect(file.columns).toEqual(spec.columns.map((c) => c.name));
    expect(file.rows[0]!.slice(0, 3)).toEqual(["2025-07-01", "GP", 5]);
    expect(file.spec.counts).toEqual(spec.counts);
    expect(file.generatedAt).toBe("1970-01-01T00:00:00.000Z");
  });
});

const pub = (dataset: string, rows: Row[]) => publish(dataset, rows, { audience: "public", context });

describe("suppressCells", () => {
  const cells = (...values: [number | null, Cell["state"]?][]): Cell[] => values.map(([value, state = "shown"]) => ({ value, state }));
  const states = (c: Cell[]) => c.map((x) => x.state);

  it("withholds counts 1–4 and, in a group with one withheld cell, the next smallest non-zero cell", () => {
    // a group of five areas summing to a published total: 3 is small, 0 is not, 7 is the complement
    const c = cells([3], [0], [12], [7], [40]);
    expect(suppressCells(c, [{ kind: "areas", members: [0, 1, 2, 3, 4] }], [], 5)).toBe(1);
    expect(states(c)).toEqual(["small", "shown", "shown", "complementary", "shown"]);
  });

  it("leaves a group alone when a small cell has an opaque partner, or when the total is itself withheld", () => {
    // two "<5" cells alone are not enough: their sum is known and each is bounded (4 + 4 = 8 gives both back)
    const two = cells([3], [4], [12]);
    expect(suppressCells(two, [{ kind: "areas", members: [0, 1, 2] }], [], 5)).toBe(1);
    expect(states(two)).toEqual(["small", "small", "complementary"]);
    const opaque = cells([3], [9], [12]);
    expect(suppressCells(opaque, [{ kind: "areas", members: [0, 1, 2] }], [], 5)).toBe(1);
    expect(states(opaque)).toEqual(["small", "complementary", "shown"]);
    const total = cells([3], [12], [15, "complementary"]);
    expect(suppressCells(total, [{ kind: "parts", members: [0, 1], total: 2 }], [], 5)).toBe(0);
  });

  it("propagates through groups until no total gives a cell back", () => {
    // rows × columns with row and column totals published elsewhere: 2 | 8 / 9 | 30
    const c = cells([2], [8], [9], [30]);
    const rows = [{ kind: "row", members: [0, 1] }, { kind: "row", members: [2, 3] }];
    const columns = [{ kind: "column", members: [0, 2] }, { kind: "column", members: [1, 3] }];
    suppressCells(c, [...rows, ...columns], [], 5);
    expect(states(c)).toEqual(["small", "complementary", "complementary", "complementary"]);
  });

  it("treats the overall figure as a max: a withheld max is hidden from it, and it from its members", () => {
    // ALL (40) is withheld as a complement of a small cell; its only shown member equal to it goes too
    const c = cells([3], [40], [40], [12]);
    suppressCells(c, [{ kind: "groups", members: [0, 1] }], [{ kind: "max", target: 1, members: [2, 3], guardHidden: false }], 5);
    expect(states(c)).toEqual(["small", "complementary", "complementary", "shown"]);
    // ALL (30) equal only to a hidden sensitive member: withheld when the group guards hidden members
    for (const guardHidden of [true, false]) {
      const h = cells([30], [10], [30, "hidden"]);
      suppressCells(h, [], [{ kind: "max", target: 0, members: [1, 2], guardHidden }], 5);
      expect(states(h)[0]).toBe(guardHidden ? "complementary" : "shown");
    }
  });
});

describe("public rules: small numbers", () => {
  it("reach-country: '<5' for 1–4, 0 stays 0, the next smallest group under the 'all' row withheld (null)", () => {
    const row = (population_group: string, aor: string, targeted: number, reached: number, partners: number) => ({ quarter: "2025Q4", population_group, aor, targeted, reached, partners });
    expect(
      pub("reach-country", [
        row("idp", "GP", 10, 3, 1),
        row("refugee", "GP", 0, 0, 0),
        row("returnee", "GP", 20, 12, 2),
        row("host", "GP", 50, 40, 2),
        row("all", "GP", 80, 55, 3),
        row("idp", "GBV", 9, 7, 1),
        row("all", "GBV", 9, 7, 1)
      ])
    ).toEqual([
      row("idp", "GP", 10, "<5" as never, 1),
      row("refugee", "GP", 0, 0, 0),
      { ...row("returnee", "GP", 20, 0, 2), reached: null },
      row("host", "GP", 50, 40, 2),
      row("all", "GP", 80, 55, 3),
      row("idp", "GBV", 9, 7, 1), // country figures of a sensitive AoR are published
      row("all", "GBV", 9, 7, 1)
    ]);
  });

  it("reach-admin2: the admin2 of one admin1 protect each other (their sum is the admin1 total)", () => {
    const row = (admin2: string, reached: number) => ({ quarter: "2025Q4", admin1_pcode: admin2.slice(0, 4), admin2_pcode: admin2, population_group: "idp", aor: "GP", targeted: 100, reached, partners: 1 });
    expect(pub("reach-admin2", [row("XD0101", 3), row("XD0102", 20), row("XD0103", 9), row("XD0201", 50), row("XD0202", 60)]).map((r) => r.reached)).toEqual([
      "<5",
      20,
      null,
      50,
      60
    ]);
  });

  it("pin: girls + boys + women + men = pin within a row", () => {
    const out = pub("pin-country", [{ period: "2025", population_group: "all", aor: "ALL", population: 900, pin: 40, pin_girls: 2, pin_boys: 8, pin_women: 12, pin_men: 18, method: "m" }]);
    expect(out).toEqual([{ period: "2025", population_group: "all", aor: "ALL", population: 900, pin: 40, pin_girls: "<5", pin_boys: null, pin_women: 12, pin_men: 18, method: "m" }]);
  });

  it("coverage: a ratio or flag computed from a withheld count is withheld too", () => {
    const row = (admin2: string, pin: number, reached: number, coverage: number | null, flag: string | null) => ({ quarter: "2025Q4", admin2_pcode: admin2, admin1_pcode: admin2.slice(0, 4), severity: 3, pin, reached, coverage, flag });
    expect(
      pub("coverage", [row("XD0101", 1000, 3, 0.003, "low response"), row("XD0102", 800, 200, 0.25, null), row("XD0103", 500, 100, 0.2, "low response"), row("XD0201", 0, 0, null, null)])
    ).toEqual([
      { ...row("XD0101", 1000, 0, null, null), reached: "<5" },
      row("XD0102", 800, 200, 0.25, null),
      { ...row("XD0103", 500, 0, null, null), reached: null },
      row("XD0201", 0, 0, null, null)
    ]);
  });

  it("reach-org: an organisation's figure equal to an area figure reach-admin2 withholds is withheld", () => {
    // reach-admin2 (max over organisations): XD0101 3, XD0102 20, XD0103 9 → 9 is the complement of 3
    const row = (admin2: string, org: string, reached: number) => ({ quarter: "2025Q4", admin1_pcode: "XD01", admin2_pcode: admin2, population_group: "idp", aor: "GP", org_lead: org, org_type: "NNGO", targeted: 50, reached, activity_list: null });
    const out = pub("reach-org", [row("XD0101", "O1", 3), row("XD0102", "O2", 20), row("XD0103", "O3", 9), row("XD0103", "O4", 6)]);
    expect(out.map((r) => [r.org_lead, r.reached])).toEqual([
      ["O1", "<5"],
      ["O2", 20],
      ["O3", null],
      ["O4", 6]
    ]);
  });
});

describe("public rules: sensitive AoRs and activities", () => {
  it("reach-org and presence: drop sensitive-AoR admin2 rows, withhold names on sensitive activities, never publish activity names", () => {
    const org = (aor: string, org_lead: string, reached: number, activity_list: string) => ({ quarter: "2025Q4", admin1_pcode: "XD01", admin2_pcode: "XD0101", population_group: "idp", aor, org_lead, org_type: "NNGO", targeted: reached + 10, reached, activity_list });
    expect(
      pub("reach-org", [
        org("GBV", "Zebra", 30, "Safe spaces"),
        org("CP", "Quokka", 25, "Child Protection Case Management | Psychosocial support"),
        org("GP", "Alpha Relief", 120, "Legal assistance")
      ])
    ).toEqual([
      { ...org("CP", WITHHELD, 25, ""), activity_list: null },
      { ...org("GP", "Alpha Relief", 120, ""), activity_list: null }
    ]);
    const presence = (aor: string, org_lead: string, activities: string, activity_list: string) => ({ quarter: "2025Q4", admin1_pcode: "XD01", admin2_pcode: "XD0101", aor, org_lead, org_type: "NNGO", activities, activity_list });
    expect(
      pub("presence", [presence("GBV", "Zebra", "1", "Safe spaces"), presence("CP", "Quokka", "2", "case management for children"), presence("GP", "Alpha Relief", "Legal assistance", "Legal assistance")])
    ).toEqual([
      { ...presence("CP", WITHHELD, "2", ""), activity_list: null }, // a number of activities is kept
      { ...presence("GP", "Alpha Relief", "", ""), activities: null, activity_list: null } // activity names are not
    ]);
  });

  it("partners: sensitive AoRs dropped from a partner's AoRs, its name withheld when all its work is sensitive", () => {
    const partner = (org_lead: string, aors: string, admin2_count: number | null, activity_list: string | null) => ({ org_lead, org_type: "NNGO", aors, admin2_count, months_reported: 3, last_month: "2025-12", activity_list });
    expect(
      pub("partners", [
        partner("Zebra", "GBV", 3, "Safe spaces"),
        partner("Alpha Relief", "GBV, GP", 4, "Dignity kits | Legal assistance"),
        partner("Quokka", "CP", 1, "Child protection case management"),
        partner("Beta", "CP", 3, "Psychosocial support")
      ])
    ).toEqual([
      partner(WITHHELD, "GBV", null, null),
      partner("Alpha Relief", "GP", null, null),
      partner(WITHHELD, "CP", null, null),
      partner("Beta", "CP", 3, null)
    ]);
  });

  it("pin: a sensitive AoR's admin2 rows become admin1 totals (sum of its admin2, never across AoRs; severity max)", () => {
    const row = (admin2: string, aor: string, severity: number, population: number, pin: number) => ({
      period: "2025",
      admin1_pcode: admin2.slice(0, 4),
      admin2_pcode: admin2,
      population_group: "idp",
      aor,
      severity,
      population,
      pin,
      pin_girls: pin / 4,
      pin_boys: pin / 4,
      pin_women: pin / 4,
      pin_men: pin / 4,
      method: "max over AoRs"
    });
    const gp = row("XD0101", "GP", 4, 1000, 700);
    const all = row("XD0101", "ALL", 4, 1000, 700);
    expect(pub("pin", [row("XD0101", "GBV", 3, 1000, 400), row("XD0102", "GBV", 4, 2000, 600), gp, all, row("XD0201", "GBV", 3, 1500, 300)])).toEqual([
      gp,
      all,
      { ...row("XD01", "GBV", 4, 3000, 1000), admin1_pcode: "XD01", method: ADMIN1_METHOD },
      { ...row("XD02", "GBV", 3, 1500, 300), admin1_pcode: "XD02", method: ADMIN1_METHOD }
    ]);
  });

  it("severity and reach-admin2: admin1 totals too; partner numbers withheld where they would count sensitive partners", () => {
    const sev = (admin2: string, severity: number, n: number, top: string) => ({ period: "2025", admin2_pcode: admin2, admin1_pcode: "XD01", population_group: "idp", aor: "GBV", severity, method: "mean_top_half", n_indicators: n, top_indicators: top });
    expect(pub("severity", [sev("XD0101", 3, 4, "P-01"), sev("XD0102", 5, 2, "P-02")])).toEqual([
      { period: "2025", admin2_pcode: "XD01", admin1_pcode: "XD01", population_group: "idp", aor: "GBV", severity: 5, method: ADMIN1_METHOD, n_indicators: null, top_indicators: null }
    ]);
    const reach = (admin2: string, aor: string, targeted: number, reached: number, partners: number) => ({ quarter: "2025Q4", admin1_pcode: "XD01", admin2_pcode: admin2, population_group: "idp", aor, targeted, reached, partners });
    expect(pub("reach-admin2", [reach("XD0101", "GBV", 40, 30, 2), reach("XD0102", "GBV", 20, 12, 1), reach("XD0101", "ALL", 130, 120, 3), reach("XD0101", "GP", 130, 120, 1)])).toEqual([
      { ...reach("XD0101", "ALL", 130, 120, 0), partners: null },
      reach("XD0101", "GP", 130, 120, 1),
      { ...reach("XD01", "GBV", 60, 42, 0), partners: null }
    ]);
  });
});

describe("publication plan and sensitive activities (issue 12)", () => {
  it("matches sensitive activities by code and by name, ignoring case, accents, hyphens and small words, in English and French", async () => {
    const { sensitivity, sensitiveActivityTerms } = await import("../src/lib/suppress-rules.ts");
    const terms = sensitiveActivityTerms(["case management", "gestion de cas"], [
      { code: "CP-CM-01", name: "Child protection case management" },
      { code: "GP-LA-02", name: "Legal assistance" }
    ]);
    expect(terms).toEqual(["case management", "gestion de cas", "CP-CM-01"]);
    const s = sensitivity({ sensitiveAors: [], sensitiveActivities: terms });
    for (const name of ["Child protection case management", "Case-management", "CASE MANAGEMENT (GBV)", "Gestion des cas", "Gestion de cas VBG", "gestion  des  cas", "Casemanagement", "[CP-CM-01]", "cp cm 01", "Suivi individuel [CP-CM-01]"]) expect(s.activity(name), name).toBe(true);
    for (const name of ["Legal assistance", "[GP-LA-02]", "Showcase management training", "Gestion des camps"]) expect(s.activity(name), name).toBe(false);
  });

  it("withholds every dataset of month figures from public builds, declared or not", async () => {
    const { internalOnly } = await import("../src/lib/audience.ts");
    expect(internalOnly(datasetSpec("reach-monthly"))).toBe(true);
    for (const name of ["reach-admin2-month", "reach-org-month", "presence-month"]) expect(isWithheld(name, "public"), name).toBe(true);
    // a new dataset with a month column and people counts is withheld without saying so
    expect(internalOnly({ ...datasetSpec("reach-country"), name: "x", columns: [{ name: "month", type: "date" }, ...datasetSpec("reach-country").columns] })).toBe(true);
    expect(internalOnly(datasetSpec("reach-country"))).toBe(false);
  });

  it("lists the ingest report in the menu of internal builds only", async () => {
    const { vi } = await import("vitest");
    const load = async (audience: string) => {
      vi.resetModules();
      process.env.PROTECTION_AUDIENCE = audience;
      try {
        return ((await import("../observablehq.config.ts")).default as { pages: { path: string }[] }).pages.map((p) => p.path);
      } finally {
        delete process.env.PROTECTION_AUDIENCE;
      }
    };
    expect(await load("internal")).toContain("/ingest");
    expect(await load("public")).not.toContain("/ingest");
  });

  it("computes the public overall (ALL) figures without the sensitive AoRs, at admin2 and country, and coverage from them", async () => {
    const { planPublication } = await import("../src/lib/publication-plan.ts");
    const r = (admin2: string, group: string, aor: string, reached: number) => ({ quarter: "2025Q4", admin1_pcode: admin2.slice(0, 4), admin2_pcode: admin2, population_group: group, aor, targeted: reached, reached, partners: 1 });
    const reach = [r("XD0101", "idp", "GBV", 300), r("XD0101", "idp", "GP", 120), r("XD0101", "idp", "ALL", 300), r("XD0102", "idp", "GBV", 70), r("XD0102", "idp", "ALL", 70), r("XD0103", "idp", "GP", 50), r("XD0103", "idp", "ALL", 50)];
    const { rows } = planPublication(
      { rows: { "reach-admin2": reach, coverage: ["XD0101", "XD0102", "XD0103", "XD0104"].map((a) => ({ quarter: "2025Q4", admin2_pcode: a, admin1_pcode: "XD01", severity: 3, pin: 1000, reached: null, coverage: null, flag: null })) }, currentQuarter: "2025Q4", currentPeriod: "2025" },
      context
    );
    const all = rows["reach-admin2"].filter((x) => x.aor === "ALL").map((x) => [x.admin2_pcode, x.reached]);
    // GBV alone in XD0102: no overall row there at all; in XD0101 the overall figure is GP's
    expect(all).toEqual([["XD0101", 120], ["XD0103", 50]]);
    expect(rows["reach-admin2"].filter((x) => x.aor === "GBV").map((x) => [x.admin2_pcode, x.reached])).toEqual([["XD01", 370]]);
    expect(rows["reach-country"].filter((x) => x.aor === "ALL" && x.population_group === "all").map((x) => x.reached)).toEqual([170]);
    // coverage: nobody reached on the public basis is 0, whether no partner works there (XD0104) or only a
    // GBV one (XD0102): a null there would single out the areas where GBV partners work
    expect(rows.coverage.map((x) => [x.admin2_pcode, x.reached])).toEqual([["XD0101", 120], ["XD0102", 0], ["XD0103", 50], ["XD0104", 0]]);
  });
});
