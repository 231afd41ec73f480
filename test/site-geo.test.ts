// Boundaries for the web: winding for d3-geo/Plot, rounding, simplification with shared borders kept.
import type { MultiPolygon, Polygon, Position } from "geojson";
import { geoArea } from "d3";
import { describe, expect, it } from "vitest";
import { mergedAdmin1, parseGeometry, rewind, roundGeometry, signedArea, webFeatures, type AreaFeature } from "../src/lib/geo.ts";

const ccw: Position[] = [
  [0, 0],
  [1, 0],
  [1, 1],
  [0, 1],
  [0, 0]
];
const cw = ccw.slice().reverse();
const hole: Position[] = [
  [0.25, 0.25],
  [0.75, 0.25],
  [0.75, 0.75],
  [0.25, 0.75],
  [0.25, 0.25]
];

function area(pcode: string, admin1: string, geometry: Polygon | MultiPolygon | null): AreaFeature {
  return { type: "Feature", properties: { pcode, name: pcode, admin1_pcode: admin1, admin1_name: admin1 }, geometry };
}

function square(x: number, y: number, size = 1): Position[] {
  return [
    [x, y],
    [x + size, y],
    [x + size, y + size],
    [x, y + size],
    [x, y]
  ];
}

describe("signedArea", () => {
  it("is positive for an anticlockwise ring and negative for a clockwise one", () => {
    expect(signedArea(ccw)).toBe(1);
    expect(signedArea(cw)).toBe(-1);
  });
});

describe("rewind", () => {
  it("turns an RFC 7946 (anticlockwise) exterior clockwise and its hole anticlockwise", () => {
    const g = rewind({ type: "Polygon", coordinates: [ccw, hole.slice().reverse()] } as Polygon);
    expect(signedArea(g.coordinates[0]!)).toBeLessThan(0);
    expect(signedArea(g.coordinates[1]!)).toBeGreaterThan(0);
  });

  it("leaves rings already in d3 order unchanged, whichever way the source came", () => {
    const a = rewind({ type: "Polygon", coordinates: [cw] } as Polygon);
    const b = rewind({ type: "Polygon", coordinates: [ccw] } as Polygon);
    expect(a.coordinates).toEqual(b.coordinates);
    expect(a.coordinates[0]).toEqual(cw);
  });

  it("rewinds every polygon of a MultiPolygon", () => {
    const g = rewind({ type: "MultiPolygon", coordinates: [[ccw], [cw.map(([x, y]) => [x! + 2, y!])]] } as MultiPolygon);
    for (const polygon of g.coordinates) expect(signedArea(polygon[0]!)).toBeLessThan(0);
  });

  it("gives d3-geo a small area, not the whole sphere minus a square", () => {
    const wrong = geoArea({ type: "Polygon", coordinates: [ccw] });
    const right = geoArea(rewind({ type: "Polygon", coordinates: [ccw] } as Polygon));
    expect(wrong).toBeGreaterThan(12); // ≈ 4π steradians: d3 reads an anticlockwise ring as "everything outside"
    expect(right).toBeLessThan(0.001);
  });

  it("passes null and non-polygons through", () => {
    expect(rewind(null)).toBeNull();
    expect(rewind({ type: "Point", coordinates: [1, 2] })).toEqual({ type: "Point", coordinates: [1, 2] });
  });
});

describe("roundGeometry and parseGeometry", () => {
  it("rounds coordinates and drops the consecutive duplicates rounding creates", () => {
    const g = roundGeometry({ type: "Polygon", coordinates: [[[0.123456, 0], [0.123457, 0], [1, 0], [1, 1], [0.123456, 0]]] } as Polygon, 3);
    expect(g.coordinates[0]).toEqual([[0.123, 0], [1, 0], [1, 1], [0.123, 0]]);
  });

  it("keeps a ring that rounding would collapse", () => {
    const tiny = [[0.00001, 0.00001], [0.00002, 0.00001], [0.00002, 0.00002], [0.00001, 0.00001]];
    expect(roundGeometry({ type: "Polygon", coordinates: [tiny] } as Polygon, 2).coordinates[0]).toEqual(tiny);
  });

  it("reads geometry text and Features, and says why it drops the rest", () => {
    expect(parseGeometry(JSON.stringify({ type: "Polygon", coordinates: [ccw] })).geometry?.type).toBe("Polygon");
    expect(parseGeometry({ type: "Feature", geometry: { type: "MultiPolygon", coordinates: [[ccw]] } }).geometry?.type).toBe("MultiPolygon");
    expect(parseGeometry("{not json").problem).toMatch(/^invalid GeoJSON/);
    expect(parseGeometry(JSON.stringify({ type: "Point", coordinates: [0, 0] })).problem).toBe("unsupported geometry type Point");
    expect(parseGeometry(null).problem).toBe("no geometry");
  });
});

describe("webFeatures and mergedAdmin1", () => {
  // Four unit squares, two per admin1, in both windings, with a collinear extra vertex on a shared edge.
  const admin2 = [
    area("A1", "A", { type: "Polygon", coordinates: [square(0, 0)] }),
    area("A2", "A", { type: "Polygon", coordinates: [square(1, 0).reverse()] }),
    area("B1", "B", { type: "Polygon", coordinates: [square(0, 1)] }),
    area("B2", "B", { type: "Polygon", coordinates: [square(1, 1).reverse()] }),
    area("C1", "C", null)
  ];

  it("returns every area, rewound clockwise, with null geometry where there was none", () => {
    const fc = webFeatures(admin2);
    expect(fc.features.map((f) => f.properties.pcode)).toEqual(["A1", "A2", "B1", "B2", "C1"]);
    for (const f of fc.features.slice(0, 4)) expect(signedArea((f.geometry as Polygon).coordinates[0]!)).toBeLessThan(0);
    expect(fc.features[4]!.geometry).toBeNull();
  });

  it("simplifies to the point budget while neighbours keep one shared border", () => {
    // A wiggly shared border between two areas: 400 vertices on x = 1.
    const wiggle: Position[] = Array.from({ length: 401 }, (_, i) => [1 + 0.01 * Math.sin(i), i / 400]);
    const left: Position[] = [[0, 0], ...wiggle, [0, 1], [0, 0]];
    const right: Position[] = [...wiggle, [2, 1], [2, 0], wiggle[0]!];
    const fc = webFeatures([area("L", "A", { type: "Polygon", coordinates: [left] }), area("R", "A", { type: "Polygon", coordinates: [right] })], { maxPoints: 60 });
    const l = (fc.features[0]!.geometry as Polygon).coordinates[0]!;
    const r = (fc.features[1]!.geometry as Polygon).coordinates[0]!;
    expect(l.length + r.length).toBeLessThan(140);
    const key = ([x, y]: Position) => `${x},${y}`;
    const shared = (ring: Position[]) => new Set(ring.filter(([x]) => x! > 0.5 && x! < 1.5).map(key));
    expect([...shared(l)].sort()).toEqual([...shared(r)].sort()); // same border vertices on both sides: no slivers
  });

  it("builds admin1 as the union of its admin2, falling back to admin1's own geometry", () => {
    const admin1 = [
      area("A", "A", null),
      area("B", "B", null),
      area("C", "C", { type: "Polygon", coordinates: [square(5, 5)] }),
      area("D", "D", null)
    ];
    const fc = mergedAdmin1(admin1, admin2);
    const byPcode = new Map(fc.features.map((f) => [f.properties.pcode, f.geometry]));
    const a = byPcode.get("A") as MultiPolygon;
    expect(a.coordinates).toHaveLength(1);
    expect(Math.abs(signedArea(a.coordinates[0]![0]!))).toBeCloseTo(2);
    expect(signedArea(a.coordinates[0]![0]!)).toBeLessThan(0);
    expect(Math.abs(signedArea((byPcode.get("C") as Polygon).coordinates[0]!))).toBeCloseTo(1);
    expect(byPcode.get("D")).toBeNull();
  });
});
