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
  admin0_pcode: a0.pcode,
  admin1_pcode: a1.pcode,
  admin1_name: a1.name,
  admin2_pcode: a2.pcode,
  admin2_name: a2.name,
  admin3_pcode: a3.pcode,
  admin3_name: a3.name,
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

function featureRecords(features: unknown[], names: BoundaryNames): Record<string, unknown>[] {
  return features.map((f) => {
    // null, a number or an array where a Feature should be: a row that says so, not a TypeError
    if (!f || typeof f !== "object" || Array.isArray(f)) return { __geometry: null, __geometry_error: `not a GeoJSON Feature (${f === null ? "null" : Array.isArray(f) ? "an array" : typeof f})` };
    const feature = f as { properties?: unknown; geometry?: unknown };
    const props = feature.properties && typeof feature.properties === "object" && !Array.isArray(feature.properties) ? (feature.properties as Record<string, unknown>) : {};
    const g = d3Geometry(feature.geometry);
    return { ...renameProperties(props, names), __geometry: g.geometry, __geometry_error: g.error };
  });
}

/**
 * A TopoJSON object's features one geometry at a time: a geometry naming an arc the topology lacks (or otherwise
 * broken) becomes one rejected row with the reason, instead of topojson-client's "Cannot read properties of
 * undefined" for the whole file.
 */
function topologyFeatures(topology: { arcs?: unknown }, obj: unknown): unknown[] {
  const arcCount = Array.isArray(topology.arcs) ? topology.arcs.length : 0;
  const o = obj as { type?: string; geometries?: unknown[] } | null;
  const geometries = o?.type === "GeometryCollection" && Array.isArray(o.geometries) ? o.geometries : [obj];
  return geometries.map((geom) => {
    const bad = badArc(geom && typeof geom === "object" ? (geom as { arcs?: unknown }).arcs : undefined, arcCount);
    const props = geom && typeof geom === "object" ? ((geom as { properties?: unknown }).properties ?? {}) : {};
    if (bad !== null) return { type: "Feature", properties: props, geometry: null, __topology_error: bad };
    try {
      return topojson.feature(topology as never, geom as never);
    } catch (e) {
      return { type: "Feature", properties: props, geometry: null, __topology_error: `unreadable TopoJSON geometry (${(e as Error).name})` };
    }
  });
}

/** The first arc index in a geometry's (nested) arcs that the topology does not have, as a reason; null if none. */
function badArc(arcs: unknown, arcCount: number): string | null {
  if (arcs === undefined) return null;
  const stack: unknown[] = [arcs];
  while (stack.length) {
    const a = stack.pop();
    if (Array.isArray(a)) stack.push(...a);
    else if (typeof a !== "number" || !Number.isInteger(a)) return `arc reference ${JSON.stringify(a)?.slice(0, 40)} is not an arc index`;
    else {
      const i = a < 0 ? ~a : a;
      if (i >= arcCount) return `arc ${a} is out of range: the topology has ${arcCount} arcs`;
    }
  }
  return null;
}

function fromJson(doc: unknown, _fileName: string, config: OperationConfig): Sheet[] | null {
  const names = config.boundaries ?? {};
  const d = doc as { type?: string; features?: unknown[]; objects?: Record<string, unknown> };
  if (d?.type === "FeatureCollection" && Array.isArray(d.features)) return [recordsSheet(featureRecords(d.features as never, names), null)];
  if (d?.type === "Topology" && d.objects) {
    return Object.entries(d.objects).map(([name, obj]) => {
      const features = topologyFeatures(d as { arcs?: unknown }, obj).flatMap((f) => ((f as { type?: string })?.type === "FeatureCollection" ? ((f as { features?: unknown[] }).features ?? []) : [f]));
      const records = featureRecords(features, names).map((r, i) => {
        const err = (features[i] as { __topology_error?: string } | null)?.__topology_error;
        return err ? { ...r, __geometry: null, __geometry_error: err } : r;
      });
      return recordsSheet(records, name);
    });
  }
  return null;
}

export const boundaries: KindDefinition = {
  name: "boundaries",
  label: "boundaries (COD-AB)",
  table: "admin_areas",
  schema: BoundaryRow,
  signature: [["geometry", "admin1_pcode"], ["geometry", "admin2_pcode"], ["admin2_pcode", "admin2_name", "admin1_pcode", "admin1_name", "valid_on"]],
  fromJson,
  checks: () => [
    { rule: "geometry", severity: "error", field: "geometry_error", when: "geometry_error IS NOT NULL", reason: `'invalid geometry: ' || geometry_error` },
    { rule: "pcode-missing", severity: "error", field: "admin1_pcode", when: "coalesce(admin3_pcode, admin2_pcode, admin1_pcode) IS NULL", reason: `'no admin p-code in this feature'` },
    {
      rule: "pcode-repeated",
      severity: "error",
      field: "admin2_pcode",
      when: `_row IN (SELECT _row FROM (SELECT _row, row_number() OVER (PARTITION BY coalesce(admin3_pcode, admin2_pcode, admin1_pcode) ORDER BY _row) AS k FROM v WHERE coalesce(admin3_pcode, admin2_pcode, admin1_pcode) IS NOT NULL) WHERE k > 1)`,
      reason: `'p-code ' || coalesce(admin3_pcode, admin2_pcode, admin1_pcode) || ' repeats an earlier feature of this file (row ' || (SELECT min(w._row) FROM v w WHERE coalesce(w.admin3_pcode, w.admin2_pcode, w.admin1_pcode) = coalesce(v.admin3_pcode, v.admin2_pcode, v.admin1_pcode)) || '); only the first is loaded (merge the parts into one MultiPolygon)'`
    },
    {
      rule: "pcode-duplicate",
      severity: "error",
      field: "admin2_pcode",
      when: "coalesce(admin3_pcode, admin2_pcode, admin1_pcode) IN (SELECT pcode FROM admin_areas)",
      reason: `'p-code ' || coalesce(admin3_pcode, admin2_pcode, admin1_pcode) || ' is already loaded from another boundary file'`
    }
  ],
  async insert(ctx) {
    const res = await ctx.conn.run(`INSERT INTO admin_areas
      SELECT coalesce(admin3_pcode, admin2_pcode, admin1_pcode),
             CASE WHEN admin3_pcode IS NOT NULL THEN admin3_name WHEN admin2_pcode IS NOT NULL THEN admin2_name ELSE admin1_name END,
             name_alt,
             CASE WHEN admin3_pcode IS NOT NULL THEN 3 WHEN admin2_pcode IS NOT NULL THEN 2 ELSE 1 END,
             CASE WHEN admin3_pcode IS NOT NULL THEN admin2_pcode WHEN admin2_pcode IS NOT NULL THEN admin1_pcode ELSE admin0_pcode END,
             admin1_pcode, admin0_pcode, geometry, valid_on, ${literal(ctx.fileHash)}, ${literal(ctx.sheet)}, _row, extra
      FROM v WHERE _row NOT IN (SELECT _row FROM rej)
      QUALIFY row_number() OVER (PARTITION BY coalesce(admin3_pcode, admin2_pcode, admin1_pcode) ORDER BY _row) = 1`);
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
