/** COD-AB GeoJSON, COD-PS CSVs and the HNO population-groups workbook. */
import type { FeatureCollection } from "./boundaries.ts";
import type { Geography } from "./geography.ts";
import type { HnoGroups } from "./hno.ts";
import { COD_PS_ADM1_COLUMNS, COD_PS_ADM2_COLUMNS, codPsAdm1Rows, codPsAdm2Rows, type PopulationTable } from "./population.ts";
import { dataRow, layoutRows, type Column, type SheetRow } from "./sheet-model.ts";
import { csvFromValues, encodeText } from "./write-csv.ts";
import { addTableSheet, newWorkbook, workbookBytes } from "./write-xlsx.ts";

/** One feature per line, like GDAL's GeoJSON driver writes them. */
export function geojsonBytes(fc: FeatureCollection<object>): Buffer {
  const lines = fc.features.map((f) => JSON.stringify(f));
  const text = `{\n"type": "FeatureCollection",\n"name": ${JSON.stringify(fc.name)},\n"features": [\n${lines.join(",\n")}\n]\n}\n`;
  return Buffer.from(text, "utf8");
}

export function codPsBytes(geo: Geography, pop: PopulationTable, level: 1 | 2): Buffer {
  const text = level === 2
    ? csvFromValues(COD_PS_ADM2_COLUMNS, codPsAdm2Rows(geo, pop))
    : csvFromValues(COD_PS_ADM1_COLUMNS, codPsAdm1Rows(geo, pop));
  return encodeText(text, "utf-8-bom");
}

export const HNO_COLUMNS: Column[] = [
  { key: "adm1", header: "Admin 1 P-Code", hxl: "#adm1+code", width: 14 },
  { key: "adm2", header: "Admin 2 P-Code", hxl: "#adm2+code", width: 14 },
  { key: "adm2_name", header: "Admin 2", hxl: "#adm2+name", width: 20 },
  { key: "group", header: "Population group", hxl: "#population_group", width: 17 },
  { key: "girls", header: "Girls (0-17)", hxl: "#population+f+children", numFmt: "#,##0", width: 12 },
  { key: "boys", header: "Boys (0-17)", hxl: "#population+m+children", numFmt: "#,##0", width: 12 },
  { key: "women", header: "Women (18+)", hxl: "#population+f+adults", numFmt: "#,##0", width: 12 },
  { key: "men", header: "Men (18+)", hxl: "#population+m+adults", numFmt: "#,##0", width: 12 },
  { key: "total", header: "Total", hxl: "#population+total", numFmt: "#,##0", width: 12 },
];

export function hnoRows(geo: Geography, hno: HnoGroups): SheetRow[] {
  const rows: SheetRow[] = [];
  for (const a2 of geo.admin2) {
    for (const g of hno.get(a2.pcode) ?? []) {
      rows.push(dataRow(`${a2.pcode}|${g.group}`, {
        adm1: a2.admin1.pcode, adm2: a2.pcode, adm2_name: a2.name, group: g.group,
        girls: g.girls, boys: g.boys, women: g.women, men: g.men, total: g.total,
      }));
    }
  }
  layoutRows(rows, 3);
  return rows;
}

export async function hnoWorkbook(rows: SheetRow[]): Promise<Uint8Array> {
  const wb = newWorkbook();
  addTableSheet(wb, "Population", HNO_COLUMNS, rows, { hxl: true, freeze: true });
  return workbookBytes(wb);
}
