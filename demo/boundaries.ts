/**
 * COD-AB style boundaries. The country is a grid of cells whose shared corner vertices are
 * jittered and whose shared edges get a few wiggle points, so neighbouring polygons use
 * exactly the same coordinates (no gaps, no overlaps). Admin1 rings are traced around the
 * outline of their block of cells from the same points.
 */
import { BBOX, BOUNDARY_VALID_ON, SEED } from "./config.ts";
import { GRID_COLS, GRID_ROWS, type Admin1, type Admin2, type Geography } from "./geography.ts";
import { rngFor } from "./random.ts";

export type Position = [number, number];
export type Ring = Position[];

const round5 = (x: number) => Math.round(x * 1e5) / 1e5;

export interface Mesh {
  /** corner vertex (i = 0..GRID_COLS, j = 0..GRID_ROWS, j = 0 is north) */
  vertex(i: number, j: number): Position;
  /** points strictly between two adjacent corners, ordered from the first to the second */
  between(a: [number, number], b: [number, number]): Position[];
}

export function buildMesh(seed = SEED): Mesh {
  const rng = rngFor(seed, "boundaries:mesh");
  const dx = (BBOX.east - BBOX.west) / GRID_COLS;
  const dy = (BBOX.north - BBOX.south) / GRID_ROWS;
  const vertices: Position[][] = [];
  for (let i = 0; i <= GRID_COLS; i++) {
    const col: Position[] = [];
    for (let j = 0; j <= GRID_ROWS; j++) {
      const jx = rng.float(-0.25, 0.25) * dx;
      const jy = rng.float(-0.25, 0.25) * dy;
      col.push([round5(BBOX.west + i * dx + jx), round5(BBOX.north - j * dy + jy)]);
    }
    vertices.push(col);
  }
  const vertex = (i: number, j: number) => vertices[i]![j]!;

  // wiggle points for every edge, keyed from the lower (i, j) corner to the higher one
  const edges = new Map<string, Position[]>();
  const makeEdge = (a: [number, number], b: [number, number]) => {
    const [ax, ay] = vertex(...a);
    const [bx, by] = vertex(...b);
    const len = Math.hypot(bx - ax, by - ay);
    const nx = -(by - ay) / len;
    const ny = (bx - ax) / len;
    const pts: Position[] = [];
    for (const t of [0.25, 0.5, 0.75]) {
      const off = rng.float(-0.06, 0.06) * len;
      pts.push([round5(ax + (bx - ax) * t + nx * off), round5(ay + (by - ay) * t + ny * off)]);
    }
    edges.set(`${a[0]},${a[1]}>${b[0]},${b[1]}`, pts);
  };
  for (let i = 0; i <= GRID_COLS; i++) {
    for (let j = 0; j <= GRID_ROWS; j++) {
      if (i < GRID_COLS) makeEdge([i, j], [i + 1, j]);
      if (j < GRID_ROWS) makeEdge([i, j], [i, j + 1]);
    }
  }
  const between = (a: [number, number], b: [number, number]): Position[] => {
    const fwd = edges.get(`${a[0]},${a[1]}>${b[0]},${b[1]}`);
    if (fwd) return fwd;
    const back = edges.get(`${b[0]},${b[1]}>${a[0]},${a[1]}`);
    if (!back) throw new Error(`no edge ${a} ${b}`);
    return back.slice().reverse();
  };
  return { vertex, between };
}

type Corner = [number, number];

/** Corners of a cell in clockwise order (north-west, north-east, south-east, south-west). */
function cellCorners(col: number, row: number): Corner[] {
  return [
    [col, row],
    [col + 1, row],
    [col + 1, row + 1],
    [col, row + 1],
  ];
}

function expand(mesh: Mesh, corners: Corner[]): Ring {
  const ring: Ring = [];
  for (let k = 0; k < corners.length; k++) {
    const a = corners[k]!;
    const b = corners[(k + 1) % corners.length]!;
    ring.push(mesh.vertex(...a), ...mesh.between(a, b));
  }
  ring.push(ring[0]!);
  return ring;
}

/** Shoelace signed area: > 0 for counter-clockwise rings in lon/lat. */
export function signedArea(ring: Ring): number {
  let s = 0;
  for (let k = 0; k + 1 < ring.length; k++) {
    const [x1, y1] = ring[k]!;
    const [x2, y2] = ring[k + 1]!;
    s += x1 * y2 - x2 * y1;
  }
  return s / 2;
}

function orient(ring: Ring, clockwise: boolean): Ring {
  const ccw = signedArea(ring) > 0;
  return ccw === clockwise ? ring.slice().reverse() : ring;
}

export function admin2Ring(mesh: Mesh, a2: Admin2): Ring {
  return expand(mesh, cellCorners(a2.col, a2.row));
}

/** Outline of a block of cells, traced along boundary edges (block must be simply connected). */
export function admin1Ring(mesh: Mesh, cells: { col: number; row: number }[]): Ring {
  const key = (c: Corner) => `${c[0]},${c[1]}`;
  const directed = new Map<string, Corner[]>(); // "from>to" → [from, to]
  for (const c of cells) {
    const cs = cellCorners(c.col, c.row);
    for (let k = 0; k < 4; k++) {
      const a = cs[k]!;
      const b = cs[(k + 1) % 4]!;
      directed.set(`${key(a)}>${key(b)}`, [a, b]);
    }
  }
  const next = new Map<string, Corner>();
  for (const [id, [a, b]] of directed) {
    if (directed.has(`${key(b)}>${key(a)}`)) continue; // interior edge
    if (next.has(key(a))) throw new Error(`admin1 block pinches at ${key(a)} (${id})`);
    next.set(key(a), b);
  }
  const startKey = [...next.keys()].sort()[0]!;
  const corners: Corner[] = [];
  let cur = startKey.split(",").map(Number) as Corner;
  do {
    corners.push(cur);
    cur = next.get(key(cur))!;
    if (corners.length > next.size) throw new Error("admin1 outline does not close");
  } while (key(cur) !== startKey);
  if (corners.length !== next.size) throw new Error("admin1 block has a hole or is split");
  return expand(mesh, corners);
}

interface Feature<P> {
  type: "Feature";
  properties: P;
  geometry: { type: "Polygon"; coordinates: Ring[] };
}
export interface FeatureCollection<P> {
  type: "FeatureCollection";
  name: string;
  features: Feature<P>[];
}

export interface Adm1Props {
  ADM0_EN: string;
  ADM0_PCODE: string;
  ADM1_EN: string;
  ADM1_PCODE: string;
  validOn: string;
}
export interface Adm2Props extends Adm1Props {
  ADM2_EN: string;
  ADM2_PCODE: string;
}

export function buildBoundaries(geo: Geography, seed = SEED) {
  const mesh = buildMesh(seed);
  const a0 = { ADM0_EN: geo.admin0.name, ADM0_PCODE: geo.admin0.pcode };
  const adm1: FeatureCollection<Adm1Props> = {
    type: "FeatureCollection",
    name: "xdm_admbnda_adm1_20250101",
    features: geo.admin1.map((a1: Admin1) => ({
      type: "Feature",
      properties: { ...a0, ADM1_EN: a1.name, ADM1_PCODE: a1.pcode, validOn: BOUNDARY_VALID_ON },
      // COD files are not consistent about winding: this file is clockwise on purpose
      geometry: {
        type: "Polygon",
        coordinates: [orient(admin1Ring(mesh, geo.admin2.filter((a2) => a2.admin1 === a1)), true)],
      },
    })),
  };
  const adm2: FeatureCollection<Adm2Props> = {
    type: "FeatureCollection",
    name: "xdm_admbnda_adm2_20250101",
    features: geo.admin2.map((a2) => ({
      type: "Feature",
      properties: {
        ...a0,
        ADM1_EN: a2.admin1.name,
        ADM1_PCODE: a2.admin1.pcode,
        ADM2_EN: a2.name,
        ADM2_PCODE: a2.pcode,
        validOn: BOUNDARY_VALID_ON,
      },
      // RFC 7946: exterior rings counter-clockwise
      geometry: { type: "Polygon", coordinates: [orient(admin2Ring(mesh, a2), false)] },
    })),
  };
  return { adm1, adm2, mesh };
}

/** Centroid of an admin2 cell (mean of its four corners); used for spatial fields. */
export function admin2Centroid(mesh: Mesh, a2: Admin2): Position {
  const cs = cellCorners(a2.col, a2.row).map((c) => mesh.vertex(...c));
  return [cs.reduce((s, p) => s + p[0], 0) / 4, cs.reduce((s, p) => s + p[1], 0) / 4];
}
