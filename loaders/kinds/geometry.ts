// GeoJSON geometry checks and winding: exterior rings clockwise (d3-geo / Plot order), holes
// counter-clockwise, 2-D coordinates. Real COD files come with either winding and with 3-D points.
type Ring = number[][];

function signedArea(ring: Ring): number {
  let s = 0;
  for (let i = 0, n = ring.length; i < n - 1; i++) s += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
  return s / 2;
}

function orient(ring: Ring, clockwise: boolean): Ring {
  const flat = ring.map((p) => [p[0]!, p[1]!]);
  const cw = signedArea(flat) < 0;
  return cw === clockwise ? flat : flat.reverse();
}

function checkRing(ring: unknown): string | null {
  if (!Array.isArray(ring) || ring.length < 4) return "ring with fewer than 4 positions";
  for (const p of ring) {
    if (!Array.isArray(p) || p.length < 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) return "position that is not [lon, lat]";
    if (Math.abs(p[0]) > 180 || Math.abs(p[1]) > 90) return `coordinates out of range (${p[0]}, ${p[1]}): not longitude/latitude`;
  }
  const a = ring[0] as number[];
  const b = ring[ring.length - 1] as number[];
  if (a[0] !== b[0] || a[1] !== b[1]) return "ring not closed";
  return null;
}

export interface GeometryResult {
  geometry: string | null;
  error: string | null;
}

export function d3Geometry(g: unknown): GeometryResult {
  if (!g || typeof g !== "object") return { geometry: null, error: "missing geometry" };
  const geom = g as { type?: string; coordinates?: unknown };
  let polygons: unknown[];
  if (geom.type === "Polygon") polygons = [geom.coordinates];
  else if (geom.type === "MultiPolygon" && Array.isArray(geom.coordinates)) polygons = geom.coordinates;
  else return { geometry: null, error: `geometry type ${geom.type ?? "(none)"}; expected Polygon or MultiPolygon` };
  const out: Ring[][] = [];
  for (const poly of polygons) {
    if (!Array.isArray(poly) || poly.length === 0) return { geometry: null, error: "empty polygon" };
    for (const ring of poly) {
      const err = checkRing(ring);
      if (err) return { geometry: null, error: err };
    }
    out.push((poly as Ring[]).map((ring, i) => orient(ring, i === 0)));
  }
  return { geometry: JSON.stringify({ type: "MultiPolygon", coordinates: out }), error: null };
}
