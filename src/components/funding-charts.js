// Funding charts: coverage per AoR, donors, recipient types, localisation against the 25 % target and the
// cumulative curve. Pure functions (rows, {width}) → SVG; every figure comes from a pipeline table.
import * as Plot from "@observablehq/plot";

export const AOR_ORDER = ["ALL", "GP", "CP", "GBV", "MA", "HLP"];
export const AOR_LABELS = {ALL: "All protection", GP: "General Protection", CP: "Child Protection", GBV: "GBV", MA: "Mine Action", HLP: "HLP"};
const AOR_COLORS = {ALL: "#222222", GP: "#4269d0", CP: "#efb118", GBV: "#ff725c", MA: "#6cc5b0", HLP: "#a463f2"};

const usd = new Intl.NumberFormat("en-US", {style: "currency", currency: "USD", maximumFractionDigits: 0});
const compactUsd = new Intl.NumberFormat("en-US", {style: "currency", currency: "USD", notation: "compact", maximumFractionDigits: 1});

/** 1,250,000 → "$1,250,000"; not a number → "–". */
export function formatUsd(value) {
  return typeof value === "number" && Number.isFinite(value) ? usd.format(value) : "–";
}

/** 1,250,000 → "$1.3M". */
export function formatUsdCompact(value) {
  return typeof value === "number" && Number.isFinite(value) ? compactUsd.format(value) : "–";
}

/** A share (0.2632) or a percentage (26.3) as "26.3 %". */
export function formatShare(value, {fraction = true} = {}) {
  if (typeof value !== "number" || !Number.isFinite(value)) return "–";
  return `${(fraction ? value * 100 : value).toLocaleString("en-US", {maximumFractionDigits: 1})} %`;
}

const w = (width) => Math.max(width ?? 640, 320); // a transient narrow container must not give negative sizes
const byAor = (a, b) => AOR_ORDER.indexOf(a.aor) - AOR_ORDER.indexOf(b.aor);

/** Requirement, funded and gap per AoR (funding_coverage rows of one year). */
export function coverageBars(rows, {width} = {}) {
  const data = rows.filter((r) => AOR_ORDER.includes(r.aor)).sort(byAor);
  const long = data.flatMap((r) => [
    {aor: AOR_LABELS[r.aor], part: "funded", usd: Math.max(r.funded_usd ?? 0, 0), r},
    {aor: AOR_LABELS[r.aor], part: "unmet", usd: r.unmet_usd ?? 0, r}
  ]);
  return Plot.plot({
    width: w(width),
    height: 40 + 34 * data.length,
    marginLeft: 130,
    marginRight: 90, // the label after the longest bar: "28.7 %", or "no requirement"
    x: {grid: true, label: "US dollars", tickFormat: (d) => formatUsdCompact(d)},
    y: {label: null, domain: data.map((r) => AOR_LABELS[r.aor])},
    color: {legend: true, domain: ["funded", "unmet"], range: ["#4269d0", "#dddddd"]},
    marks: [
      Plot.barX(long, {x: "usd", y: "aor", fill: "part", tip: {format: {x: (d) => formatUsd(d)}}}),
      Plot.text(data, {x: (r) => Math.max(r.requirement_usd ?? 0, r.funded_usd ?? 0), y: (r) => AOR_LABELS[r.aor], text: (r) => (r.coverage_pct === null ? "no requirement" : `${formatShare(r.coverage_pct, {fraction: false})}`), dx: 4, textAnchor: "start"}),
      Plot.ruleX([0])
    ]
  });
}

const DONOR_LABEL = 38; // characters of a donor's name on the axis

/** Funded per donor, largest first (funding_by_donor rows of one year and AoR). */
export function donorBars(rows, {width, limit = 12} = {}) {
  const data = [...rows].sort((a, b) => (b.funded_usd ?? 0) - (a.funded_usd ?? 0)).slice(0, limit);
  return Plot.plot({
    width: w(width),
    height: 40 + 26 * data.length,
    marginLeft: 8 + 6.2 * Math.max(8, ...data.map((d) => Math.min(DONOR_LABEL, String(d.donor).length))),
    x: {grid: true, label: "US dollars (paid + commitment)", tickFormat: (d) => formatUsdCompact(d)},
    // long names cut with an ellipsis to fit the margin; the tip shows the whole name
    y: {label: null, domain: data.map((d) => d.donor), tickFormat: (d) => (String(d).length > DONOR_LABEL ? `${String(d).slice(0, DONOR_LABEL - 1)}…` : d)},
    marks: [
      Plot.barX(data, {x: "funded_usd", y: "donor", fill: "#4269d0", tip: {format: {x: (d) => formatUsd(d)}}}),
      Plot.ruleX([0])
    ]
  });
}

const TYPE_ORDER = ["UN", "INGO", "NNGO/local", "RCRC", "government", "pooled fund", "NGO (unspecified)", "other", "(not given)"];

/** Funded per recipient type (funding_by_recipient_type rows of one year and AoR). */
export function recipientTypeBars(rows, {width} = {}) {
  const data = [...rows].sort((a, b) => TYPE_ORDER.indexOf(a.recipient_type) - TYPE_ORDER.indexOf(b.recipient_type));
  return Plot.plot({
    width: w(width),
    height: 40 + 28 * data.length,
    marginLeft: 130,
    marginRight: 60, // the share label after the longest bar
    x: {grid: true, label: "US dollars (paid + commitment)", tickFormat: (d) => formatUsdCompact(d)},
    y: {label: null, domain: data.map((d) => d.recipient_type)},
    marks: [
      Plot.barX(data, {x: "funded_usd", y: "recipient_type", fill: (d) => (d.recipient_type === "NNGO/local" ? "#ff725c" : "#9aa5b1"), tip: {format: {x: (d) => formatUsd(d)}}}),
      Plot.text(data, {x: "funded_usd", y: "recipient_type", text: (d) => formatShare(d.share), dx: 4, textAnchor: "start"}),
      Plot.ruleX([0])
    ]
  });
}

/** Share to national and local NGOs per AoR: direct and via pooled funds, against the 25 % line. */
export function localisationChart(rows, {width, target = 0.25} = {}) {
  const data = rows
    .filter((r) => r.channel !== "all national/local" && AOR_ORDER.includes(r.aor) && r.share !== null)
    .map((r) => ({...r, label: AOR_LABELS[r.aor], channel: r.channel === "direct" ? "direct" : "via pooled funds"}));
  const domain = AOR_ORDER.filter((a) => data.some((d) => d.aor === a)).map((a) => AOR_LABELS[a]);
  return Plot.plot({
    width: w(width),
    height: 60 + 34 * domain.length,
    marginLeft: 130,
    x: {domain: [0, Math.max(0.5, ...data.map((d) => d.share ?? 0))], grid: true, label: "share of funded", tickFormat: (d) => formatShare(d)},
    y: {label: null, domain},
    color: {legend: true, domain: ["direct", "via pooled funds"], range: ["#ff725c", "#f8c4b8"]},
    marks: [
      Plot.barX(data, Plot.stackX({x: "share", y: "label", fill: "channel", order: ["direct", "via pooled funds"], tip: {format: {x: (d) => formatShare(d)}}})),
      Plot.ruleX([target], {stroke: "#222", strokeDasharray: "4,3"}),
      Plot.text([target], {x: (d) => d, frameAnchor: "top", text: () => "GPC minimum 25 % (direct)", dy: -4, lineAnchor: "bottom"}),
      Plot.ruleX([0])
    ]
  });
}

/** Cumulative funding per month with the requirement as a dashed line (funding_monthly rows of one year). */
export function cumulativeCurve(rows, {width, aors = ["ALL"]} = {}) {
  const data = rows.filter((r) => aors.includes(r.aor)).map((r) => ({...r, date: new Date(r.month)})).sort((a, b) => a.date - b.date);
  const req = aors.map((a) => data.find((d) => d.aor === a && d.requirement_usd)).filter(Boolean);
  return Plot.plot({
    width: w(width),
    height: 280,
    marginLeft: 70,
    x: {type: "utc", label: null},
    y: {grid: true, label: "cumulative US dollars", tickFormat: (d) => formatUsdCompact(d), zero: true},
    color: {legend: aors.length > 1, domain: aors, range: aors.map((a) => AOR_COLORS[a])},
    marks: [
      Plot.ruleY(req, {y: "requirement_usd", stroke: "aor", strokeDasharray: "4,3"}),
      Plot.text(req, {y: "requirement_usd", frameAnchor: "left", text: (d) => `requirement ${formatUsdCompact(d.requirement_usd)}`, dy: -6, textAnchor: "start"}),
      Plot.lineY(data, {x: "date", y: "cumulative_usd", stroke: "aor", curve: "step-after", strokeWidth: 2, marker: true, tip: {format: {x: (d) => d.toLocaleString("en-GB", {month: "long", year: "numeric", timeZone: "UTC"}), y: (d) => formatUsd(d)}}}),
      Plot.ruleY([0])
    ]
  });
}
