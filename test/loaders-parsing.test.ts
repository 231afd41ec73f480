import { describe, expect, it } from "vitest";
import { isHashtagRow, matchPattern, parseHashtag, parsePattern } from "../loaders/hxl.ts";
import { detectLayout, mapColumns } from "../loaders/headers.ts";
import { fieldsOf } from "../loaders/fields.ts";
import { FiveWRow } from "../loaders/kinds/five-w.ts";
import { periodFromName } from "../loaders/file-facts.ts";
import { withMemory } from "./helpers/warehouse.ts";
import { Gazetteer } from "../loaders/pcode-match.ts";
import { personalByContent, personalByHeader } from "../loaders/personal-data.ts";
import { scanCsv } from "../loaders/read/csv.ts";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

describe("HXL", () => {
  it("parses hashtags with spaces inside and upper-case attributes", () => {
    const t = parseHashtag("#org +Acronym")!;
    expect(t.tag).toBe("org");
    expect([...t.attrs]).toEqual(["acronym"]);
    expect(parseHashtag("Organisation")).toBeNull();
  });
  it("recognises the hashtag row when more than half of its filled cells are hashtags", () => {
    expect(isHashtagRow(["#org", "#adm1+code", "", "Note"])).toBe(true);
    expect(isHashtagRow(["#org", "Name", "Other"])).toBe(false);
  });
  it("matches patterns with required and excluded attributes by specificity", () => {
    const tag = parseHashtag("#reached +f +children")!;
    expect(matchPattern(tag, parsePattern("#reached+f+children"))).toBe(3);
    expect(matchPattern(tag, parsePattern("#reached-f"))).toBe(0);
    expect(matchPattern(tag, parsePattern("#reached"))).toBe(1);
  });
});

describe("header detection", () => {
  const fields = fieldsOf(FiveWRow);
  it("finds a two-row header with merged group cells below a title, and maps disaggregation", () => {
    const sample = [
      ["Dalmora Protection Cluster — 5W", null, null, null, null, null, null],
      [],
      ["Fill one row per activity", null],
      ["Organization", "District P-code", "People reached", null, null, null, "Modality"],
      [null, null, "Girls (<18)", "Boys (<18)", "Women (18+)", "Men (18+)", null],
      ["ONG A", "XD0101", "1", "2", "3", "4", "Cash"]
    ];
    const layout = detectLayout(sample, fields)!;
    expect(layout.dataStart).toBe(5);
    const m = mapColumns(layout.columns, fields);
    expect(m.fields.get("org_lead")).toBe(0);
    expect(m.fields.get("admin2_pcode")).toBe(1);
    expect(m.fields.get("reached_girls")).toBe(2);
    expect(m.fields.get("reached_men")).toBe(5);
    expect(m.fields.get("modality")).toBe(6);
  });
  it("prefers the HXL row over header text and maps French headers", () => {
    const sample = [
      ["Organisation", "Code département", "Filles", "Mois de rapportage", "Commentaire"],
      ["#org+name", "#adm2+code", "#reached+f+children", "#date+reported", ""],
      ["ONG B", "XD0102", "10", "juin 2025", "ok"]
    ];
    const layout = detectLayout(sample, fields)!;
    expect(layout.hxlRow).toBe(1);
    const m = mapColumns(layout.columns, fields);
    expect(m.via.get("reached_girls")).toBe("hxl");
    expect(m.fields.get("reporting_month")).toBe(3);
    expect(m.unmapped.map((c) => c.header)).toEqual(["Commentaire"]);
  });
});

describe("SQL parsing macros", () => {
  it("reads numbers, months, dates and severity phases the way partners type them", async () => {
    await withMemory(async (w) => {
      const r = (await w.conn.runAndReadAll(`SELECT
        pa_count('1,250') a, pa_count('1 250') b, pa_count('1.250') c, pa_num('0,5') d, pa_num('about 200') e, pa_num('N/A') f, pa_count('-') g,
        strftime(pa_month('juin 2025', NULL), '%Y-%m') h, strftime(pa_month('45809', NULL), '%Y-%m') i, strftime(pa_month('June', 2014), '%Y-%m') j,
        strftime(pa_date('13/06/2025'), '%Y-%m-%d') k, strftime(pa_date('3 juin 2025'), '%Y-%m-%d') l, pa_severity('4-Extreme') m, pa_severity('Sévère') n`)).getRowObjectsJS()[0]!;
      expect(r).toEqual({ a: 1250, b: 1250, c: 1250, d: 0.5, e: null, f: null, g: null, h: "2025-06", i: "2025-06", j: "2014-06", k: "2025-06-13", l: "2025-06-03", m: 4, n: 3 });
    });
  });
});

describe("file names", () => {
  it("gives the month or quarter start and the year", () => {
    expect(periodFromName("rapport_5W_2025-06.xlsx")).toEqual({ year: 2025, month: "2025-06-01" });
    expect(periodFromName("afg_3w_operational_presence_2024q1.csv")).toEqual({ year: 2024, month: "2024-01-01" });
    expect(periodFromName("rowca_3w_ors_2014.csv")).toEqual({ year: 2014, month: null });
  });
});

describe("p-code matching", () => {
  const gaz = new Gazetteer([
    { pcode: "XD01", name: "Nord", nameAlt: null, level: 1, parent: null },
    { pcode: "XD02", name: "Sud", nameAlt: null, level: 1, parent: null },
    { pcode: "XD0101", name: "Kéra-Nord", nameAlt: null, level: 2, parent: "XD01" },
    { pcode: "XD0102", name: "Tessit", nameAlt: null, level: 2, parent: "XD01" },
    { pcode: "XD0202", name: "Tessit", nameAlt: null, level: 2, parent: "XD02" }
  ]);
  it("repairs an ISO3 prefix and a lost leading zero, recording the repair", () => {
    expect(gaz.byPcode("XDM0101", 2, null)).toMatchObject({ kind: "repaired", area: { pcode: "XD0101" } });
    expect(gaz.byPcode("XD101", 2, null)).toMatchObject({ kind: "repaired", area: { pcode: "XD0101" } });
    expect(gaz.byPcode("XD9999", 2, null).error).toBe("unknown admin2 p-code XD9999");
  });
  it("matches names across case, accents and punctuation, and within the parent", () => {
    expect(gaz.byName("KERA NORD", 2, null, null)).toMatchObject({ kind: "name", area: { pcode: "XD0101" } });
    expect(gaz.byName("Tessit", 2, "XD02", "Sud")).toMatchObject({ area: { pcode: "XD0202" } });
  });
  it("refuses an ambiguous name without its parent and lists the candidates", () => {
    const m = gaz.byName("Tessit", 2, null, null);
    expect(m.area).toBeNull();
    expect(m.error).toContain("ambiguous admin2 name 'Tessit'");
    expect(m.suggestions).toEqual(["XD0102", "XD0202"]);
  });
  it("accepts a close misspelling as fuzzy and rejects a far one with suggestions", () => {
    expect(gaz.byName("Kera-Nordd", 2, "XD01", "Nord")).toMatchObject({ kind: "fuzzy", area: { pcode: "XD0101" } });
    expect(gaz.byName("Zanzibar", 2, "XD01", "Nord").error).toBe("unknown admin2 name 'Zanzibar' in Nord");
  });
});

describe("personal data", () => {
  it("spots names of people, phones and e-mails by header and by content", () => {
    const col = (h: string) => ({ index: 0, header: h, leaf: h, hxl: null });
    expect(personalByHeader(col("Beneficiary name"))).toBe("names of people");
    expect(personalByHeader(col("Focal point phone"))).toBe("phone numbers");
    expect(personalByHeader(col("Nom Organisation"))).toBeNull();
    expect(personalByContent(col("Contact"), ["+235 66 12 34 56", "+235 99 00 11 22"])).toBe("phone numbers");
    expect(personalByContent(col("Reached"), ["1 250 000", "64842.06"])).toBeNull();
    expect(personalByContent(col("Valid on"), ["2021-12-20", "2021-12-20"])).toBeNull();
  });
});

describe("CSV pre-scan", () => {
  // The fast stretch (native indexOf over quote-free stretches) must leave exactly the state the byte
  // loop would: same line numbers, same giant cell, same unclosed quote, whatever the chunk boundaries.
  const dir = mkdtempSync(join(tmpdir(), "scan-"));
  const write = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  const rows = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `XD${(from + i) % 97},Org ${i % 7},${i * 13},note ${i % 5}`).join("\n");
  const cases: Record<string, string> = {
    plain: `a,b,c,d\n${rows(400)}\n`,
    "quote late": `a,b,c,d\n${rows(300)}\nXD01,"Org, ""quoted""",3,x\n${rows(100, 300)}\n`,
    "unclosed quote late": `a,b,c,d\n${rows(300)}\nXD01,"never closed,3,x\n${rows(50, 300)}\n`,
    "giant cell late": `a,b,c,d\n${rows(300)}\nXD01,${"x".repeat(3000)},3,x\n${rows(50, 300)}`,
    "CRLF late": `a,b,c,d\n${rows(300)}\r\n${rows(80, 300).replace(/\n/g, "\r\n")}`,
    "NUL late": `a,b,c,d\n${rows(300)}\nXD01,Org\u0000,3,x\n`,
    "no final newline": `a,b,c,d\n${rows(333)}`,
    // seeded mixture: quoted cells with delimiters, doubled quotes and new lines, CRLF and CR endings
    mixture: (() => {
      let seed = 7;
      const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
      const cellOf = () => {
        const r = rnd();
        if (r < 0.1) return `"a, ""b""\n c"`;
        if (r < 0.15) return `"x${"y".repeat(Math.floor(rnd() * 1500))}"`;
        if (r < 0.2) return "";
        return `v${Math.floor(rnd() * 1e6)}`;
      };
      const ends = ["\n", "\n", "\n", "\r\n", "\r"];
      return Array.from({ length: 600 }, () => Array.from({ length: 4 }, cellOf).join(",") + ends[Math.floor(rnd() * ends.length)]).join("");
    })()
  };
  for (const [name, text] of Object.entries(cases)) {
    it(`${name}: the fast stretch agrees with the byte loop for every chunk size`, () => {
      const path = write(`${name.replace(/ /g, "-")}.csv`, text);
      const cellLimit = 2000; // so that the 3,000-byte cell is a giant one
      const reference = scanCsv(path, ",", { fast: false, chunkBytes: 1 << 20, cellLimit });
      expect(reference.longestLine).toBe(Math.max(...text.split("\n").map((l) => Buffer.byteLength(l))));
      for (const chunkBytes of [37, 512, 1000, 4096, 1 << 20]) {
        const { longestCell, ...rest } = scanCsv(path, ",", { chunkBytes, cellLimit });
        const { longestCell: refCell, ...refRest } = reference;
        expect(rest, `chunks of ${chunkBytes} bytes`).toEqual(refRest);
        // the longest cell is exact from half the limit up (all the limit check needs), a lower bound below
        if (refCell.bytes >= cellLimit / 2) expect(longestCell, `chunks of ${chunkBytes} bytes`).toEqual(refCell);
        else expect(longestCell.bytes).toBeLessThanOrEqual(refCell.bytes);
      }
    });
  }
});
