// A choropleth of admin areas. Colours are computed by the caller (fill(properties) → CSS colour or
// null for "no data", drawn grey); tooltips list the caller's channels. Admin1 outlines on top.
import * as Plot from "@observablehq/plot";
import {NO_DATA} from "./colors.js";

/**
 * areas: GeoJSON FeatureCollection (properties pcode, name…); options.fill(properties) → colour | null;
 * options.channels: {Label: (properties) → value} for the tooltip; options.outline: admin1 collection.
 */
export function choropleth(areas, {width, fill, channels = {}, outline = null, title = null, maxHeight = 640, ariaLabel = "map of admin areas"} = {}) {
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
        outline?.features?.length ? Plot.geo(outline.features.filter((f) => f.geometry), {stroke: "#333", strokeWidth: 1.2, fill: "none"}) : null
      ]
    });
  let svg = plot(mapWidth);
  // Tall countries: shrink the width until the map fits the height budget.
  const height = Number(svg.getAttribute?.("height"));
  if (height > maxHeight) svg = plot(Math.max(240, Math.floor((mapWidth * maxHeight) / height)));
  svg.classList?.add("choropleth");
  return svg;
}
