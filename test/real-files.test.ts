// The loaders on the real public files in ../shared/data/real (skipped with a message when absent).
import { describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { ingestFiles } from "../loaders/ingest.ts";
import { expandPaths, orderForIngest } from "../cli/files.ts";
import { rows, testConfig, withMemory } from "./helpers/warehouse.ts";

const REAL = resolve(process.env.PROTECTION_REAL_DATA ?? "../shared/data/real");
const present = existsSync(REAL);
if (!present) console.warn(`real-data tests skipped: ${REAL} not found (set PROTECTION_REAL_DATA to its folder)`);
// real files span 2014–2024: a wide period so that months are not all flagged
const config = testConfig({ period: { start: "2000-01-01", end: "2030-12-31" } });

describe.skipIf(!present)("real files", () => {
  for (const folder of ["boundaries", "population", "5w", "severity", "funding"]) {
    it(`processes every file of ${folder}/ and explains every rejected row`, async () => {
      await withMemory(async (w) => {
        const files = orderForIngest(expandPaths([join(REAL, folder)]));
        expect(files.length).toBeGreaterThan(0);
        const { files: reports } = await ingestFiles(w.conn, files, { config });
        for (const r of reports) expect(r.error ?? "", r.file).toBe("");
        for (const r of reports) expect(r.rowsAccepted + r.rowsRejected + r.rowsSkipped, r.file).toBe(r.rowsRead);
        // every rejected row has at least one error or skipped issue with a reason
        const unexplained = await rows(
          w.conn,
          `SELECT f.file_name, f.rows_rejected, (SELECT count(DISTINCT (i.sheet, i.row_number)) FROM ingest_issues i
             WHERE i.file_hash = f.file_hash AND i.severity IN ('error', 'skipped') AND i.row_number IS NOT NULL AND i.reason <> '')::INT AS explained
           FROM ingest_files f`
        );
        for (const u of unexplained) expect(u.explained, String(u.file_name)).toBe(u.rows_rejected);
      });
    });
  }

  it("repairs Nigeria's ISO3 state codes from the LGA codes and keeps only Protection rows", async () => {
    await withMemory(async (w) => {
      await ingestFiles(w.conn, [join(REAL, "5w/nga_3w_2023q4.xlsx")], { config });
      const r = await rows(w.conn, `SELECT count(*)::INT n, count(DISTINCT aor)::INT aors, min(admin1_pcode) a1, bool_and(starts_with(admin2_pcode, admin1_pcode)) nested FROM activities`);
      expect(r[0]!.nested).toBe(true);
      expect(String(r[0]!.a1)).toMatch(/^NG\d{3}$/);
      const skipped = await rows(w.conn, `SELECT count(*)::INT n FROM ingest_issues WHERE rule = 'other-sector'`);
      expect(Number(skipped[0]!.n)).toBeGreaterThan(3000);
    });
  });

  it("loads Yemen's HNO workbook per AoR from its HXL attributes, PiN and severity side by side", async () => {
    await withMemory(async (w) => {
      await ingestFiles(w.conn, [join(REAL, "severity/yem_hno_pin_2024.xlsx")], { config });
      const r = await rows(w.conn, `SELECT aor, count(*)::INT n FROM severity GROUP BY aor ORDER BY aor`);
      expect(r.map((x) => x.aor)).toEqual(["CP", "GBV", "MA", "PRO"]);
      for (const x of r) expect(x.n).toBeGreaterThan(300);
      const bad = await rows(w.conn, `SELECT count(*)::INT n FROM severity WHERE severity NOT BETWEEN 1 AND 5`);
      expect(bad[0]!.n).toBe(0);
    });
  });

  it("rewinds COD polygons and reports the Mali region that the admin1 layer lacks", async () => {
    await withMemory(async (w) => {
      const { files } = await ingestFiles(w.conn, [join(REAL, "boundaries/mli_adm1.geojson"), join(REAL, "boundaries/mli_adm2.geojson")], { config });
      expect(files.map((f) => f.rowsAccepted)).toEqual([9, 53]);
      const warn = await rows(w.conn, `SELECT reason FROM ingest_issues WHERE rule = 'parent-missing'`);
      expect(String(warn[0]!.reason)).toContain("ML10");
      const geom = await rows(w.conn, `SELECT geometry FROM admin_areas WHERE pcode = 'ML01'`);
      const ring = JSON.parse(String(geom[0]!.geometry)).coordinates[0][0] as number[][];
      let area = 0;
      for (let i = 0; i < ring.length - 1; i++) area += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
      expect(area).toBeLessThan(0); // clockwise exterior, as d3-geo expects
      expect(ring[0]!.length).toBe(2); // 3-D coordinates dropped
    });
  });
});
