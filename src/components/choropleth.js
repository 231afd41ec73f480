// A choropleth of admin areas. Colours are computed by the caller (fill(properties) → CSS colour or
// null for "no data", drawn grey); tooltips list the caller's channels. Admin1 outlines on top.
import * as Plot from "@observablehq/plot";
import {NO_DATA} from "./colors.js";

/**
 * areas: GeoJSON FeatureCollection (properties pcode, name…); options.fill(properties) → colour | null;
 * options.channels: {Label: (properties) → value} for the tooltip; options.outline: admin1 collection;
 * options.labels(properties) → name drawn at the centroid of each of options.labelAreas (default areas);
 * options.dots: {value(properties), max}: circles sized by a count (people reached on a severity map).
 */
export function choropleth(areas, {width, fill, channels = {}, outline = null, title = null, maxHeight = 640, ariaLabel = "map of admin areas", labels = null, labelAreas = null, dots = null} = {}) {
  const features = (areas?.features ?? []).filter((f) => f.geometry);
  if (!features.length) return document.createTextNode("");
  const mapWidth = Math.max(280, Math.min(width ?? 640, 1000));
  const tipChannels = Object.fromEntries(Object.entries(channels).map(([label, get]) => [label, (f) => get(f.properties)]));
  const plot = (w) =>
    Plot.plot({
      width: w,
      ariaLabel,
      projection: {type: "mercator", domain: {type: "FeatureCollection", features}},
      marks: [
        Plot.geo(features, {
          fill: (f) => fill(f.properties) ?? NO_DATA,
          stroke: "white",
          strokeWidth: 0.6,
          channels: tipChannels,
          tip: {format: {fill: false, ...Object.fromEntries(Object.keys(tipChannels).map((k) => [k, true]))}},
          title
        }),
        outline?.features?.length ? Plot.geo(outline.features.filter((f) => f.geometry), {stroke: "#333", strokeWidth: 1.2, fill: "none"}) : null,
        // dots: {value(properties) → number | null, max, label}: a circle per area sized by the value
        dots
          ? Plot.dot(
              features.filter((f) => (dots.value(f.properties) ?? 0) > 0),
              Plot.centroid({r: (f) => dots.value(f.properties), fill: "#1f4e9c", fillOpacity: 0.55, stroke: "white", strokeWidth: 0.8})
            )
          : null,
        // area names at their centroids (labels(properties) → text | null), with a halo to stay legible
        labels
          ? Plot.text(
              ((labelAreas ?? areas)?.features ?? []).filter((f) => f.geometry && labels(f.properties)),
              Plot.centroid({text: (f) => labels(f.properties), fontSize: 10, fill: "#222", stroke: "white", strokeWidth: 3, paintOrder: "stroke", pointerEvents: "none"})
            )
          : null
      ],
      r: dots ? {range: [0, 16], domain: [0, dots.max ?? undefined]} : undefined
    });
  let svg = plot(mapWidth);
  // Tall countries: shrink the width until the map fits the height budget.
  const height = Number(svg.getAttribute?.("height"));
  if (height > maxHeight) svg = plot(Math.max(240, Math.floor((mapWidth * maxHeight) / height)));
  svg.classList?.add("choropleth");
  return svg;
}
