// Number formats shared by cards, tooltips and tables. A count that is not a number (suppressed in
// public builds, published as "<5" or null) is shown as it is, or as an en dash.
const integer = new Intl.NumberFormat("en-US", {maximumFractionDigits: 0});
const compact = new Intl.NumberFormat("en-US", {notation: "compact", maximumFractionDigits: 1});
const percent = new Intl.NumberFormat("en-US", {style: "percent", maximumFractionDigits: 0});

export function formatCount(value) {
  if (typeof value === "number" && Number.isFinite(value)) return integer.format(value);
  if (typeof value === "string" && value) return value;
  return "–";
}

export function formatCompact(value) {
  if (typeof value === "number" && Number.isFinite(value)) return value >= 10_000 ? compact.format(value) : integer.format(value);
  return formatCount(value);
}

export function formatPercent(value) {
  return typeof value === "number" && Number.isFinite(value) ? percent.format(value) : "–";
}
