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
