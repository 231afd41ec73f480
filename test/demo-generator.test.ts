import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDemo } from "../demo/generate.ts";

type Ring = [number, number][];
interface Fc {
  type: string;
  features: { properties: Record<string, string>; geometry: { type: string; coordinates: Ring[] } }[];
}

const sha = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");
const signedArea = (ring: Ring) => ring.slice(0, -1).reduce((s, [x1, y1], i) => s + x1 * ring[i + 1]![1] - ring[i + 1]![0] * y1, 0) / 2;

function parseCsv(text: string): Record<string, string>[] {
  const lines = text.replace(/^\ufeff/, "").trimEnd().split(/\r?\n/);
  const header = lines[0]!.split(",");
  return lines.slice(1).map((l) => Object.fromEntries(l.split(",").map((v, i) => [header[i]!, v])));
}

describe("demo data generator", () => {
  const root = mkdtempSync(join(tmpdir(), "xdm-demo-"));
  const runA = join(root, "a");
  const runB = join(root, "b");
  let filesA: string[] = [];
  let filesB: string[] = [];
  const read = (rel: string) => readFileSync(join(runA, rel), "utf8");

  beforeAll(async () => {
    filesA = await generateDemo(runA);
    filesB = await generateDemo(runB);
  }, 60_000);

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("writes the expected files", () => {
    const rel = filesA.map((f) => relative(runA, f).split("\\").join("/"));
    for (const expected of [
      "boundaries/xdm_admbnda_adm1_20250101.geojson",
      "boundaries/xdm_admbnda_adm2_20250101.geojson",
      "population/xdm_admpop_adm2_2025.csv",
      "population/xdm_admpop_adm1_2025.csv",
      "population/xdm_hno_population_groups_2025.xlsx",
      "5w/XDM_5W_2025_Q1.xlsx",
      "5w/XDM_5W_2025_Q4.xlsx",
      "5w/5W_partenaires_2025-09.csv",
      "5w/5w_mine_action_2025.csv",
      "severity/xdm_severity_indicators_2025.xlsx",
      "severity/xdm_severity_rated_2025.csv",
      "DEFECTS.md",
      "README.md",
    ]) {
      expect(rel).toContain(expected);
    }
    expect(rel.filter((r) => /^5w\/rapport_5W_ONG-.+_2025-\d\d\.xlsx$/.test(r)).length).toBeGreaterThanOrEqual(2);
    for (const f of filesA) expect(existsSync(f)).toBe(true);
  });

  it("is deterministic (same bytes on a second run)", () => {
    expect(filesB.map((f) => relative(runB, f))).toEqual(filesA.map((f) => relative(runA, f)));
    const textual = filesA.filter((f) => /\.(csv|geojson|md)$/.test(f));
    expect(textual.length).toBeGreaterThan(6);
    for (const f of filesA) expect(sha(join(runB, relative(runA, f))), relative(runA, f)).toBe(sha(f));
  });

  it("has 12 admin1 and about 80 admin2 with hierarchical p-codes", () => {
    const adm1 = JSON.parse(read("boundaries/xdm_admbnda_adm1_20250101.geojson")) as Fc;
    const adm2 = JSON.parse(read("boundaries/xdm_admbnda_adm2_20250101.geojson")) as Fc;
    expect(adm1.features).toHaveLength(12);
    expect(adm2.features.length).toBeGreaterThanOrEqual(72);
    expect(adm2.features.length).toBeLessThanOrEqual(96);
    const codes1 = adm1.features.map((f) => f.properties.ADM1_PCODE!);
    expect(new Set(codes1).size).toBe(12);
    for (const c of codes1) expect(c).toMatch(/^XD\d{2}$/);
    const codes2 = adm2.features.map((f) => f.properties.ADM2_PCODE!);
    expect(new Set(codes2).size).toBe(codes2.length);
    for (const f of adm2.features) {
      expect(f.properties.ADM2_PCODE).toMatch(/^XD\d{4}$/);
      expect(f.properties.ADM2_PCODE!.slice(0, 4)).toBe(f.properties.ADM1_PCODE);
      expect(f.properties.ADM0_PCODE).toBe("XD");
      expect(f.properties.validOn).toBe("2025-01-01");
    }
    for (const a1 of codes1) {
      const n = codes2.filter((c) => c.startsWith(a1)).length;
      expect(n).toBeGreaterThanOrEqual(6);
      expect(n).toBeLessThanOrEqual(8);
    }
    // one admin2 name occurs in two different admin1
    const byName = new Map<string, Set<string>>();
    for (const f of adm2.features) byName.set(f.properties.ADM2_EN!, (byName.get(f.properties.ADM2_EN!) ?? new Set()).add(f.properties.ADM1_PCODE!));
    expect([...byName.values()].some((s) => s.size === 2)).toBe(true);
  });

  it("has closed single-ring polygons with the planted winding, tiling the country", () => {
    const adm1 = JSON.parse(read("boundaries/xdm_admbnda_adm1_20250101.geojson")) as Fc;
    const adm2 = JSON.parse(read("boundaries/xdm_admbnda_adm2_20250101.geojson")) as Fc;
    const area = (fc: Fc) => fc.features.reduce((s, f) => s + Math.abs(signedArea(f.geometry.coordinates[0]!)), 0);
    for (const [fc, clockwise] of [[adm1, true], [adm2, false]] as const) {
      for (const f of fc.features) {
        expect(f.geometry.type).toBe("Polygon");
        expect(f.geometry.coordinates).toHaveLength(1);
        const ring = f.geometry.coordinates[0]!;
        expect(ring.length).toBeGreaterThanOrEqual(4);
        expect(ring[ring.length - 1]).toEqual(ring[0]);
        expect(signedArea(ring) < 0).toBe(clockwise);
        for (const [lon, lat] of ring) {
          expect(lon).toBeGreaterThan(7);
          expect(lon).toBeLessThan(21);
          expect(lat).toBeGreaterThan(3);
          expect(lat).toBeLessThan(15);
          expect(Math.round(lon * 1e5) / 1e5).toBe(lon);
        }
      }
    }
    expect(Math.abs(area(adm1) - area(adm2))).toBeLessThan(1e-6);
  });

  it("has consistent COD-PS population", () => {
    const raw = read("population/xdm_admpop_adm2_2025.csv");
    expect(raw.charCodeAt(0)).toBe(0xfeff);
    const rows = parseCsv(raw);
    expect(rows.length).toBeGreaterThanOrEqual(72);
    const bands = ["00_04", "05_09", "10_14", "15_17", "18_59", "60Plus"];
    for (const r of rows) {
      const n = (k: string) => Number(r[k]);
      expect(bands.reduce((s, b) => s + n(`F_${b}`), 0)).toBe(n("F_TL"));
      expect(bands.reduce((s, b) => s + n(`M_${b}`), 0)).toBe(n("M_TL"));
      expect(n("F_TL") + n("M_TL")).toBe(n("T_TL"));
      expect(n("T_TL")).toBeGreaterThanOrEqual(20_000);
      expect(n("T_TL")).toBeLessThanOrEqual(600_000);
    }
    const adm1 = parseCsv(read("population/xdm_admpop_adm1_2025.csv"));
    expect(adm1).toHaveLength(12);
    for (const a of adm1) {
      const sum = rows.filter((r) => r.ADM1_PCODE === a.ADM1_PCODE).reduce((s, r) => s + Number(r.T_TL), 0);
      expect(Number(a.T_TL)).toBe(sum);
    }
  });

  it("documents the planted defects", () => {
    const md = read("DEFECTS.md");
    for (const s of ["XD9999", "XDM0304", "about 200", "Shelter", "2024-11", "Tessit", "<script>alert(1)</script>", "=HYPERLINK", "Focal point phone", "exact duplicate", "correction", "n/a", "non-monotonic"]) {
      expect(md, s).toContain(s);
    }
    expect(read("README.md")).toContain("Dalmora (demo)");
  });
});
