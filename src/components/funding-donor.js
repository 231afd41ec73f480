// The donor report page's choices: which years have funding and which donor and year to open with
// (?donor=…&year=… in the address, as the PDF export opens it; else the latest year and its largest donor).
export {AOR_LABELS, AOR_ORDER, formatShare, formatUsd} from "./funding-charts.js";

export function donorPick(rows, {donor = null, year = null} = {}) {
  const years = [...new Set(rows.map((r) => r.year).filter((y) => typeof y === "number"))].sort((a, b) => b - a);
  const wanted = year === null || year === "" ? null : Number(year);
  const chosenYear = years.includes(wanted) ? wanted : years[0] ?? null;
  const ofYear = rows.filter((r) => r.year === chosenYear && r.aor === "ALL").sort((a, b) => (b.funded_usd ?? 0) - (a.funded_usd ?? 0));
  const chosenDonor = ofYear.some((r) => r.donor === donor) ? donor : ofYear[0]?.donor ?? null;
  return {years, year: chosenYear, donor: chosenDonor};
}
