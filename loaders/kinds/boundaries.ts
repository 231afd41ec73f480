// COD-AB boundaries (GeoJSON, TopoJSON, gazetteer tables) → admin_areas; global p-code lists → pcode_gazetteer.
import { z } from "zod";
import * as topojson from "topojson-client";
import { date, number, pcode, text } from "../fields.ts";
import { recordsSheet } from "../read/json.ts";
import type { Sheet } from "../read/sheet.ts";
import type { KindDefinition } from "./kind.ts";
import { d3Geometry } from "./geometry.ts";
import { literal } from "../../warehouse/sql.ts";
import type { OperationConfig } from "../../warehouse/operation-config.ts";

const lvl = (n: number, extra: string[] = []) => ({
  pcode: pcode({ aliases: [`adm${n}_pcode`, `adm${n} pcode`, `admin${n}pcode`, `admin${n} pcode`, `admin ${n} pcode`, `adm${n}_code`, ...extra], hxl: [`#adm${n}+code`] }),
  name: text({ aliases: [`adm${n}_en`, `adm${n}_name`, `admin${n}name_en`, `admin${n}name_fr`, `admin${n}name`, `adm${n}_fr`, `adm${n}_ref`, `adm${n} name`, `admin${n}name en`, `admin${n}name fr`], hxl: [`#adm${n}+name`, `#adm${n}-code`] })
});
const a0 = lvl(0, ["iso2"]);
const a1 = lvl(1);
const a2 = lvl(2);
const a3 = lvl(3);

export const BoundaryRow = z.object({
  adm0_pcode: a0.pcode,
  adm1_pcode: a1.pcode,
  adm1_name: a1.name,
  adm2_pcode: a2.pcode,
  adm2_name: a2.name,
  adm3_pcode: a3.pcode,
  adm3_name: a3.name,
  name_alt: text({ aliases: ["adm2alt1en", "adm1alt1en", "admin2altname1 fr", "admin2altname1_fr", "adm2_name1", "adm1_name1"] }),
  valid_on: date({ aliases: ["validon", "valid on", "valid_on"] }),
  geometry: text({ aliases: ["__geometry"] }),
  geometry_error: text({ aliases: ["__geometry_error"] })
});

type BoundaryNames = OperationConfig["boundaries"];

/** Properties named in the config become the standard COD names (ADM2_PCODE…) the schema knows. */
function renameProperties(props: Record<string, unknown>, names: BoundaryNames): Record<string, unknown> {
  if (!names.pcodeProperty || !(names.pcodeProperty in props)) return props;
  const level = names.level ?? Number(/(\d)/.exec(names.pcodeProperty)?.[1] ?? 2);
  const out: Record<string, unknown> = { ...props, [`ADM${level}_PCODE`]: props[names.pcodeProperty] };
  if (names.nameProperty && names.nameProperty in props) out[`ADM${level}_EN`] = props[names.nameProperty];
  if (names.parentProperty && names.parentProperty in props && level > 1) out[`ADM${level - 1}_PCODE`] = props[names.parentProperty];
  delete out[names.pcodeProperty];
  return out;
}

function featureRecords(features: { properties?: Record<string, unknown> | null; geometry?: unknown }[], names: BoundaryNames): Record<string, unknown>[] {
  return features.map((f) => {
    const g = d3Geometry(f.geometry);
    return { ...renameProperties(f.properties ?? {}, names), __geometry: g.geometry, __geometry_error: g.error };
  });
}

function fromJson(doc: unknown, _fileName: string, config: OperationConfig): Sheet[] | null {
  const names = config.boundaries ?? {};
  const d = doc as { type?: string; features?: unknown[]; objects?: Record<string, unknown> };
  if (d?.type === "FeatureCollection" && Array.isArray(d.features)) return [recordsSheet(featureRecords(d.features as never, names), null)];
  if (d?.type === "Topology" && d.objects) {
    return Object.entries(d.objects).map(([name, obj]) => {
      const fc = topojson.feature(d as never, obj as never) as unknown as { features: never[] };
      return recordsSheet(featureRecords(fc.features ?? [], names), name);
    });
  }
  return null;
}

export const boundaries: KindDefinition = {
  name: "boundaries",
  label: "boundaries (COD-AB)",
  table: "admin_areas",
  schema: BoundaryRow,
  signature: [["geometry", "adm1_pcode"], ["geometry", "adm2_pcode"], ["adm2_pcode", "adm2_name", "adm1_pcode", "adm1_name", "valid_on"]],
  fromJson,
  checks: () => [
    { rule: "geometry", severity: "error", field: "geometry_error", when: "geometry_error IS NOT NULL", reason: `'invalid geometry: ' || geometry_error` },
    { rule: "pcode-missing", severity: "error", field: "adm1_pcode", when: "coalesce(adm3_pcode, adm2_pcode, adm1_pcode) IS NULL", reason: `'no admin p-code in this feature'` },
    {
      rule: "pcode-duplicate",
      severity: "error",
      field: "adm2_pcode",
      when: "coalesce(adm3_pcode, adm2_pcode, adm1_pcode) IN (SELECT pcode FROM admin_areas)",
      reason: `'p-code ' || coalesce(adm3_pcode, adm2_pcode, adm1_pcode) || ' is already loaded from another boundary file'`
    }
  ],
  async insert(ctx) {
    const res = await ctx.conn.run(`INSERT INTO admin_areas
      SELECT coalesce(adm3_pcode, adm2_pcode, adm1_pcode),
             CASE WHEN adm3_pcode IS NOT NULL THEN adm3_name WHEN adm2_pcode IS NOT NULL THEN adm2_name ELSE adm1_name END,
             name_alt,
             CASE WHEN adm3_pcode IS NOT NULL THEN 3 WHEN adm2_pcode IS NOT NULL THEN 2 ELSE 1 END,
             CASE WHEN adm3_pcode IS NOT NULL THEN adm2_pcode WHEN adm2_pcode IS NOT NULL THEN adm1_pcode ELSE adm0_pcode END,
             adm1_pcode, adm0_pcode, geometry, valid_on, ${literal(ctx.fileHash)}, ${literal(ctx.sheet)}, _row, extra
      FROM v WHERE _row NOT IN (SELECT _row FROM rej)
      QUALIFY row_number() OVER (PARTITION BY coalesce(adm3_pcode, adm2_pcode, adm1_pcode) ORDER BY _row) = 1`);
    return Number(res.rowsChanged);
  },
  async afterFile(ctx) {
    // parents named by this file but absent from admin_areas (e.g. a region added after the admin1 layer)
    const missing = (await ctx.conn.runAndReadAll(`SELECT DISTINCT parent_pcode FROM admin_areas
      WHERE file_hash = ${literal(ctx.fileHash)} AND level >= 2 AND parent_pcode NOT IN (SELECT pcode FROM admin_areas) ORDER BY 1`)).getRows().map((r) => String(r[0]));
    if (missing.length) ctx.issue({ severity: "warning", rule: "parent-missing", reason: `parent p-codes not in the loaded boundaries: ${missing.join(", ")} (load the matching admin1 layer)` });
  }
};

export const GazetteerRow = z.object({
  iso3: text({ aliases: ["location", "iso3", "country code"], hxl: ["#country+code"] }),
  admin_level: number({ required: true, min: 0, max: 5, aliases: ["admin level", "level"], hxl: ["#geo+admin_level"] }),
  pcode: pcode({ required: true, aliases: ["p code", "pcode"], hxl: ["#adm+code-parent"] }),
  name: text({ aliases: ["name"], hxl: ["#adm+name"] }),
  parent_pcode: pcode({ aliases: ["parent p code", "parent pcode"], hxl: ["#adm+code+parent"] }),
  valid_on: date({ aliases: ["valid from date", "valid from"] })
});

export const gazetteer: KindDefinition = {
  name: "boundaries",
  label: "p-code list",
  table: "pcode_gazetteer",
  schema: GazetteerRow,
  signature: [["admin_level", "pcode", "parent_pcode"]]
};

export const PcodeLengthRow = z.object({
  iso3: text({ required: true, aliases: ["location", "iso3"], hxl: ["#country+code"] }),
  country_length: number({ aliases: ["country length"], hxl: ["#country+len"] }),
  admin1_length: number({ aliases: ["admin 1 length"], hxl: ["#adm1+len"] }),
  admin2_length: number({ aliases: ["admin 2 length"], hxl: ["#adm2+len"] }),
  admin3_length: number({ aliases: ["admin 3 length"], hxl: ["#adm3+len"] }),
  admin4_length: number({ aliases: ["admin 4 length"], hxl: ["#adm4+len"] }),
  admin5_length: number({ aliases: ["admin 5 length"], hxl: ["#adm5+len"] })
});

export const pcodeLengths: KindDefinition = {
  name: "boundaries",
  label: "p-code lengths",
  table: "pcode_lengths",
  schema: PcodeLengthRow,
  signature: [["iso3", "country_length", "admin1_length"]]
};
