// The areas-admin1 / areas-admin2 data loaders: admin_areas → a web-ready GeoJSON FeatureCollection.
import type { FeatureCollection, MultiPolygon, Polygon } from "geojson";
import { currentAudience, publish, type Audience } from "./audience.ts";
import { missingTableNote } from "./dataset-file.ts";
import { datasetSpec } from "./datasets.ts";
import { mergedAdmin1, parseGeometry, webFeatures, type AreaFeature, type AreaProperties } from "./geo.ts";
import type { ReadOnlyWarehouse, Row } from "../../warehouse/db.ts";

export type AreasFile = FeatureCollection<Polygon | MultiPolygon | null, AreaProperties> & {
  dataset: string;
  audience: Audience;
  generatedAt: string;
  note: string | null;
};

const AREAS_SQL = `
SELECT a.pcode,
       a.name,
       a.level,
       a.admin1_pcode,
       p.name AS admin1_name,
       a.geometry
FROM (
  SELECT pcode,
         name,
         level,
         coalesce(admin1_pcode, CASE WHEN level = 1 THEN pcode END, parent_pcode) AS admin1_pcode, -- older loads lack admin1_pcode
         geometry
  FROM admin_areas
  WHERE level IN (1, 2) -- the site maps admin1 and admin2
  QUALIFY row_number() OVER (PARTITION BY pcode, level ORDER BY valid_on DESC NULLS LAST) = 1 -- latest version of each area
) AS a
LEFT JOIN (SELECT DISTINCT ON (pcode) pcode, name FROM admin_areas WHERE level = 1) AS p
  ON p.pcode = a.admin1_pcode
ORDER BY a.level, a.pcode`;

function toFeature(row: Row, log: (line: string) => void): AreaFeature {
  const { geometry, problem } = parseGeometry(row.geometry);
  if (problem) log(`${row.pcode}: ${problem}`);
  return {
    type: "Feature",
    properties: {
      pcode: String(row.pcode),
      name: row.name === null ? null : String(row.name),
      admin1_pcode: row.admin1_pcode === null ? null : String(row.admin1_pcode),
      admin1_name: row.admin1_name === null ? null : String(row.admin1_name)
    },
    geometry
  };
}

export async function readAreas(
  w: ReadOnlyWarehouse,
  level: 1 | 2,
  audience: Audience = currentAudience(),
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)
): Promise<AreasFile> {
  const name = `areas-admin${level}`;
  const spec = datasetSpec(name);
  const envelope = { dataset: name, audience, generatedAt: new Date().toISOString() };
  if (!(await w.tables()).has("admin_areas")) {
    return { type: "FeatureCollection", features: [], ...envelope, note: missingTableNote(spec) };
  }
  const { rows } = await w.query(AREAS_SQL);
  const admin1 = rows.filter((r) => r.level === 1).map((r) => toFeature(r, log));
  const admin2 = rows.filter((r) => r.level === 2).map((r) => toFeature(r, log));
  const chosen = level === 2 ? admin2 : admin1;
  const published = new Set(publish(name, chosen.map((f) => ({ ...f.properties }) as Row), { audience }).map((r) => String(r.pcode)));
  const fc = level === 2 ? webFeatures(admin2) : mergedAdmin1(admin1, admin2);
  const features = fc.features.filter((f) => published.has(f.properties.pcode));
  const drawn = features.filter((f) => f.geometry).length;
  const note = !features.length
    ? `no admin${level} boundaries loaded yet (admin_areas has no level ${level} areas)`
    : drawn < features.length
      ? `${features.length - drawn} of ${features.length} admin${level} areas have no boundary and are not drawn`
      : null;
  return { ...fc, features, ...envelope, note };
}
