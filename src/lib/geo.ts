// Boundaries for the web: admin_areas.geometry (GeoJSON text, either winding, full precision) →
// simplified through one topology (shared borders stay shared), rounded, and rewound for d3-geo/Plot.
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon, Position } from "geojson";
import { feature, merge } from "topojson-client";
import type { GeometryCollection, GeometryObject, Topology } from "topojson-specification";
import { topology } from "topojson-server";
import { presimplify, quantile, simplify } from "topojson-simplify";

/** Shoelace area in the plane of longitude (x) and latitude (y): > 0 counter-clockwise, < 0 clockwise. */
export function signedArea(ring: Position[]): number {
  let sum = 0;
  for (let i = 0, n = ring.length; i < n; i++) {
    const [x0, y0] = ring[i]!;
    const [x1, y1] = ring[(i + 1) % n]!;
    sum += x0! * y1! - x1! * y0!;
  }
  return sum / 2;
}

function oriented(ring: Position[], clockwise: boolean): Position[] {
  const area = signedArea(ring);
  return (clockwise ? area > 0 : area < 0) ? ring.slice().reverse() : ring;
}

function rewindPolygon(rings: Position[][]): Position[][] {
  // d3-geo is spherical: the exterior ring runs clockwise and holes anticlockwise (the reverse of RFC 7946).
  return rings.map((ring, i) => oriented(ring, i === 0));
}

/** Exterior rings clockwise, holes anticlockwise, as d3-geo and Plot expect; other geometries unchanged. */
export function rewind<G extends Geometry | null>(geometry: G): G {
  if (!geometry) return geometry;
  switch (geometry.type) {
    case "Polygon":
      return { ...geometry, coordinates: rewindPolygon(geometry.coordinates) } as G;
    case "MultiPolygon":
      return { ...geometry, coordinates: geometry.coordinates.map(rewindPolygon) } as G;
    case "GeometryCollection":
      return { ...geometry, geometries: geometry.geometries.map((g) => rewind(g)) } as G;
    default:
      return geometry;
  }
}

function roundRing(ring: Position[], factor: number): Position[] {
  const out: Position[] = [];
  for (const [x, y] of ring) {
    const p = [Math.round(x! * factor) / factor, Math.round(y! * factor) / factor];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  // A ring that collapses when rounded (a tiny island) keeps its unrounded shape rather than vanish.
  return out.length >= 4 ? out : ring;
}

/** Coordinates rounded to `digits` decimals, consecutive duplicates removed. */
export function roundGeometry<G extends Geometry | null>(geometry: G, digits: number): G {
  if (!geometry) return geometry;
  const f = 10 ** digits;
  switch (geometry.type) {
    case "Polygon":
      return { ...geometry, coordinates: geometry.coordinates.map((r) => roundRing(r, f)) } as G;
    case "MultiPolygon":
      return { ...geometry, coordinates: geometry.coordinates.map((p) => p.map((r) => roundRing(r, f))) } as G;
    default:
      return geometry;
  }
}

export interface AreaProperties {
  pcode: string;
  name: string | null;
  admin1_pcode: string | null;
  admin1_name: string | null;
}

export type AreaFeature = Feature<Polygon | MultiPolygon | null, AreaProperties>;

/** Parse GeoJSON geometry text; anything but (Multi)Polygon is dropped with a reason. */
export function parseGeometry(text: unknown): { geometry: Polygon | MultiPolygon | null; problem?: string } {
  if (text === null || text === undefined || text === "") return { geometry: null, problem: "no geometry" };
  try {
    const g = (typeof text === "string" ? JSON.parse(text) : text) as Geometry | Feature;
    const geometry = g.type === "Feature" ? g.geometry : g;
    if (geometry?.type === "Polygon" || geometry?.type === "MultiPolygon") return { geometry };
    return { geometry: null, problem: `unsupported geometry type ${geometry?.type}` };
  } catch (e) {
    return { geometry: null, problem: `invalid GeoJSON: ${(e as Error).message}` };
  }
}

export interface SimplifyOptions {
  /** Points kept across all arcs; default scales with the number of areas (150 each, 5,000–40,000). */
  maxPoints?: number;
  /** Decimals kept; default from the extent (about 1/100,000 of it). */
  digits?: number;
}

interface Simplified {
  topology: Topology;
  digits: number;
}

function bboxOf(features: AreaFeature[]): [number, number, number, number] {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (rings: Position[][]) => {
    for (const ring of rings) {
      for (const [x, y] of ring) {
        if (x! < x0) x0 = x!;
        if (x! > x1) x1 = x!;
        if (y! < y0) y0 = y!;
        if (y! > y1) y1 = y!;
      }
    }
  };
  for (const { geometry: g } of features) {
    if (g?.type === "Polygon") visit(g.coordinates);
    else if (g?.type === "MultiPolygon") g.coordinates.forEach(visit);
  }
  return x0 <= x1 ? [x0, y0, x1, y1] : [0, 0, 1, 1];
}

/**
 * One simplified topology for a set of areas. Coordinates are first rounded to `digits` decimals
 * (about 1/100,000 of the extent), which also snaps near-identical vertices of neighbouring areas so
 * their shared border becomes one arc, simplified once: no slivers or gaps between neighbours.
 * Rings are rewound before the topology is built (merging needs one winding throughout).
 */
export function simplifiedTopology(features: AreaFeature[], options: SimplifyOptions = {}): Simplified {
  const drawable = features.filter((f) => f.geometry);
  const [x0, y0, x1, y1] = bboxOf(drawable);
  const extent = Math.max(x1 - x0, y1 - y0, 1e-6);
  const digits = options.digits ?? Math.min(6, Math.max(3, Math.ceil(Math.log10(1e5 / extent))));
  const fc: FeatureCollection = {
    type: "FeatureCollection",
    // Consistent winding first: merging admin2 into admin1 stitches shared arcs and needs it.
    features: drawable.map((f) => ({ ...f, geometry: rewind(roundGeometry(f.geometry, digits)) })) as Feature[]
  };
  const topo = presimplify(topology({ areas: fc }));
  const total = topo.arcs.reduce((n, arc) => n + arc.length, 0);
  const budget = options.maxPoints ?? Math.min(40_000, Math.max(5_000, 150 * drawable.length));
  // Below the budget only collinear points (weight 0) go; simplify() also drops the weights.
  const minWeight = total > budget ? quantile(topo, budget / total) : Number.MIN_VALUE;
  return { topology: simplify(topo, minWeight), digits };
}

function finish(geometry: Polygon | MultiPolygon | null, digits: number): Polygon | MultiPolygon | null {
  return rewind(roundGeometry(geometry, digits));
}

/** Admin areas ready for the browser: simplified, rounded, rewound. Areas without geometry keep null. */
export function webFeatures(features: AreaFeature[], options: SimplifyOptions = {}): FeatureCollection<Polygon | MultiPolygon | null, AreaProperties> {
  const { topology: topo, digits } = simplifiedTopology(features, options);
  const simplified = feature(topo, topo.objects.areas as GeometryCollection<AreaProperties>) as FeatureCollection<
    Polygon | MultiPolygon,
    AreaProperties
  >;
  const byPcode = new Map(simplified.features.map((f) => [f.properties.pcode, f.geometry]));
  return {
    type: "FeatureCollection",
    features: features.map((f) => ({ type: "Feature", properties: f.properties, geometry: finish(byPcode.get(f.properties.pcode) ?? null, digits) }))
  };
}

/**
 * Admin1 areas as the union of their admin2 (same simplification as the admin2 layer, so the outlines
 * coincide exactly); an admin1 without admin2 geometry falls back to its own geometry.
 */
export function mergedAdmin1(admin1: AreaFeature[], admin2: AreaFeature[], options: SimplifyOptions = {}): FeatureCollection<Polygon | MultiPolygon | null, AreaProperties> {
  const { topology: topo, digits } = simplifiedTopology(admin2, options);
  const geometries = (topo.objects.areas as GeometryCollection<AreaProperties>).geometries;
  const byAdmin1 = new Map<string, GeometryObject<AreaProperties>[]>();
  for (const g of geometries) {
    const key = (g.properties as AreaProperties | undefined)?.admin1_pcode;
    if (!key) continue;
    if (!byAdmin1.has(key)) byAdmin1.set(key, []);
    byAdmin1.get(key)!.push(g);
  }
  const own = admin1.filter((f) => !byAdmin1.has(f.properties.pcode));
  const ownSimplified = own.some((f) => f.geometry) ? webFeatures(own, options) : null;
  const ownByPcode = new Map(ownSimplified?.features.map((f) => [f.properties.pcode, f.geometry]) ?? []);
  return {
    type: "FeatureCollection",
    features: admin1.map((f) => {
      const parts = byAdmin1.get(f.properties.pcode);
      const geometry = parts ? finish(merge(topo, parts as never) as MultiPolygon, digits) : (ownByPcode.get(f.properties.pcode) ?? null);
      return { type: "Feature", properties: f.properties, geometry };
    })
  };
}
