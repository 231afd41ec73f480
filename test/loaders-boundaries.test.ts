import { afterAll, describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { topology } from "topojson-server";
import { ingestFiles } from "../loaders/ingest.ts";
import { rows, tempDir, testConfig, withMemory } from "./helpers/warehouse.ts";

const tmp = tempDir();
afterAll(() => tmp.cleanup());

// two counter-clockwise (RFC 7946) squares side by side, a third with an unclosed ring, a fourth out of range
const square = (x: number) => [[[x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]]];
const feature = (props: Record<string, unknown>, coordinates: unknown) => ({ type: "Feature", properties: props, geometry: { type: "Polygon", coordinates } });

describe("boundaries", () => {
  it("reads TopoJSON, rewinds rings, rejects invalid geometries with the reason, and reports p-codes without population", async () => {
    const fc = {
      type: "FeatureCollection",
      features: [
        feature({ ADM2_PCODE: "XD0101", ADM2_EN: "Kéra-Nord", ADM1_PCODE: "XD01", ADM1_EN: "Nord" }, square(0)),
        feature({ ADM2_PCODE: "XD0102", ADM2_EN: "Tessit", ADM1_PCODE: "XD01", ADM1_EN: "Nord" }, square(1))
      ]
    };
    writeFileSync(join(tmp.dir, "xdm_adm2.topojson"), JSON.stringify(topology({ districts: fc as never })));
    writeFileSync(
      join(tmp.dir, "broken_adm2.geojson"),
      JSON.stringify({
        type: "FeatureCollection",
        features: [
          feature({ ADM2_PCODE: "XD0201", ADM1_PCODE: "XD02" }, [[[5, 0], [6, 0], [6, 1], [5, 1]]]),
          feature({ ADM2_PCODE: "XD0202", ADM1_PCODE: "XD02" }, [[[5, 200], [6, 0], [6, 1], [5, 200]]]),
          { type: "Feature", properties: { ADM2_PCODE: "XD0203", ADM1_PCODE: "XD02" }, geometry: { type: "Point", coordinates: [5, 5] } }
        ]
      })
    );
    writeFileSync(join(tmp.dir, "xdm_pop_adm2.csv"), "ADM2_PCODE,ADM2_EN,T_TL,F_TL,M_TL\nXD0101,Kéra-Nord,1000,520,480\nXD0999,Ghost,50,25,25\n");
    await withMemory(async (w) => {
      const { files } = await ingestFiles(w.conn, ["xdm_adm2.topojson", "broken_adm2.geojson", "xdm_pop_adm2.csv"].map((f) => join(tmp.dir, f)), { config: testConfig() });
      expect(files.map((f) => [f.kind, f.rowsAccepted, f.rowsRejected])).toEqual([
        ["boundaries", 2, 0],
        ["boundaries", 0, 3],
        ["population", 2, 0]
      ]);
      const reasons = await rows(w.conn, `SELECT row_number, reason FROM ingest_issues WHERE rule = 'geometry' ORDER BY row_number`);
      expect(reasons.map((r) => r.reason)).toEqual([
        "invalid geometry: ring not closed",
        "invalid geometry: coordinates out of range (5, 200): not longitude/latitude",
        "invalid geometry: geometry type Point; expected Polygon or MultiPolygon"
      ]);
      const geom = await rows(w.conn, `SELECT geometry FROM admin_areas WHERE pcode = 'XD0101'`);
      const ring = JSON.parse(String(geom[0]!.geometry)).coordinates[0][0] as number[][];
      let twiceArea = 0;
      for (let i = 0; i < ring.length - 1; i++) twiceArea += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
      expect(twiceArea).toBe(-2); // the unit square, now clockwise
      const mismatch = await rows(w.conn, `SELECT reason FROM ingest_issues WHERE rule = 'pcode-mismatch' ORDER BY reason`);
      expect(mismatch.map((m) => m.reason)).toEqual([
        "admin areas with no population in this file: XD0102",
        "p-codes in this population file but not in the loaded boundaries: XD0999"
      ]);
      const pop = await rows(w.conn, `SELECT pcode, sex, age_band, population FROM population WHERE pcode = 'XD0101' ORDER BY sex`);
      expect(pop).toEqual([
        { pcode: "XD0101", sex: "f", age_band: "total", population: 520 },
        { pcode: "XD0101", sex: "m", age_band: "total", population: 480 },
        { pcode: "XD0101", sex: "t", age_band: "total", population: 1000 }
      ]);
    });
  });

  it("takes the p-code from the property the operation config names", async () => {
    writeFileSync(
      join(tmp.dir, "districts.geojson"),
      JSON.stringify({ type: "FeatureCollection", features: [feature({ DIST_CODE: "XD0101", DIST_NAME: "Kéra-Nord", PROV_CODE: "XD01" }, square(0))] })
    );
    await withMemory(async (w) => {
      const config = testConfig({ boundaries: { pcodeProperty: "DIST_CODE", nameProperty: "DIST_NAME", parentProperty: "PROV_CODE", level: 2 } });
      const { files } = await ingestFiles(w.conn, [join(tmp.dir, "districts.geojson")], { config });
      expect(files[0]!.rowsAccepted).toBe(1);
      expect(await rows(w.conn, `SELECT pcode, name, level, parent_pcode FROM admin_areas`)).toEqual([{ pcode: "XD0101", name: "Kéra-Nord", level: 2, parent_pcode: "XD01" }]);
    });
  });
});
