// Minimal declarations for the topojson packages that ship no types (only what geo.ts uses).
declare module "topojson-server" {
  import type { GeoJsonObject } from "geojson";
  import type { Topology } from "topojson-specification";
  export function topology(objects: Record<string, GeoJsonObject>, quantization?: number): Topology;
}

declare module "topojson-simplify" {
  import type { Topology } from "topojson-specification";
  export function presimplify(topology: Topology, weight?: (triangle: number[][]) => number): Topology;
  export function simplify(topology: Topology, minWeight?: number): Topology;
  export function quantile(topology: Topology, p: number): number;
}
