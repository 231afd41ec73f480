// Legends drawn as HTML swatches, so "no data" is always an explicit item.
import * as Plot from "@observablehq/plot";
import {NO_DATA, SEVERITY_COLORS, SEVERITY_LABELS} from "./colors.js";
import {el} from "./dom.js";

export function swatch(color, label) {
  return el("span", {class: "legend-item"}, el("span", {class: "swatch", style: {background: color}}), label);
}

/** JIAF severity 1–5 plus "no data". */
export function severityLegend({noDataLabel = "No data"} = {}) {
  return el(
    "div",
    {class: "legend-row severity-legend", "aria-label": "Severity legend"},
    el("strong", {}, "Severity"),
    [1, 2, 3, 4, 5].map((s) => swatch(SEVERITY_COLORS[s], SEVERITY_LABELS[s])),
    swatch(NO_DATA, noDataLabel)
  );
}

/** A sequential ramp (Plot legend; same interpolator as the map) followed by the "no data" swatch. */
const si = (d) => (Math.abs(d) >= 1000 ? `${+(d / 1000).toPrecision(3)}k` : `${+d.toPrecision(3)}`);

export function rampLegend({label, domain, interpolate, type = "sqrt", noDataLabel = "No data", tickFormat = si}) {
  const ramp = Plot.legend({color: {type, interpolate, domain, label}, tickFormat, width: 280});
  return el("div", {class: "legend-row ramp-legend"}, ramp, swatch(NO_DATA, noDataLabel));
}

/** A value rounded down to one significant digit (2 for values starting with 1): 23,480 → 20,000, 1,480 → 1,400. */
function roundDown(v) {
  if (!(v > 0)) return 0;
  const p = 10 ** Math.floor(Math.log10(v));
  const step = v / p < 2 ? p / 10 : p;
  return Math.floor(v / step) * step;
}

/**
 * Reference circles for dots sized by a count on a sqrt scale (Plot's r: domain [0, max], range [0, rMax]):
 * three round values up to max, drawn at the radius the map gives them, each labelled.
 */
export function circleLegend({max, rMax = 16, label = "People reached", format = (v) => v.toLocaleString("en-US")} = {}) {
  if (!(max > 0)) return null;
  const values = [...new Set([roundDown(max / 10), roundDown(max / 3), roundDown(max)])].filter((v) => v > 0);
  const r = (v) => rMax * Math.sqrt(v / max);
  const ns = "http://www.w3.org/2000/svg";
  const node = (tag, attrs, text) => {
    const n = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, String(v));
    if (text !== undefined) n.textContent = text;
    return n;
  };
  const height = 2 * rMax + 4;
  let x = 2;
  const svg = node("svg", {height, role: "img", "aria-label": `${label}: circle sizes`});
  for (const v of values) {
    const radius = r(v);
    svg.append(node("circle", {cx: x + radius, cy: height - 2 - radius, r: radius, fill: "#1f4e9c", "fill-opacity": 0.55, stroke: "white", "stroke-width": 0.8}));
    const text = format(v);
    svg.append(node("text", {x: x + 2 * radius + 4, y: height - 4, "font-size": 11, fill: "currentColor"}, text));
    x += 2 * radius + 12 + 7 * text.length;
  }
  svg.setAttribute("width", x);
  return el("div", {class: "legend-row circle-legend", "aria-label": `${label} legend`}, el("strong", {}, label), svg);
}
