/** Column layouts of the 5W files and how a clean record is written in each of them. */
import { AOR_NAMES, MONTHS_FR, POP_GROUP_FR, YEAR } from "./config.ts";
import { DISAGG_KEYS, MODALITY_FR, STATUS_FR, type Record5W } from "./five-w.ts";
import { ORG_TYPE_FR } from "./partners.ts";
import { dataRow, type CellValue, type Column, type SheetRow } from "./sheet-model.ts";

// ---------------------------------------------------------------- cluster consolidated (English)

const T = "People targeted";
const R = "People reached";
export const CLUSTER_COLUMNS: Column[] = [
  { key: "month", header: "Reporting month", hxl: "#date+reported", numFmt: "mmm yyyy", width: 14 },
  { key: "org", header: "Organization", hxl: "#org+name", width: 40 },
  { key: "acronym", header: "Acronym", hxl: "#org+acronym", width: 10 },
  { key: "impl", header: "Implementing partner", hxl: "#org+impl", width: 36 },
  { key: "org_type", header: "Organization type", hxl: "#org+type", width: 14 },
  { key: "cluster", header: "Cluster", hxl: "#sector+cluster", width: 11 },
  { key: "aor", header: "AoR", hxl: "#subsector", width: 18 },
  { key: "act_code", header: "Activity code", hxl: "#activity+code", width: 9 },
  { key: "activity", header: "Activity", hxl: "#activity+name", width: 36 },
  { key: "indicator", header: "Indicator", hxl: "#indicator+name", width: 44 },
  { key: "adm1_name", header: "Region", hxl: "#adm1+name", width: 16 },
  { key: "adm1_code", header: "Region P-code", hxl: "#adm1+code", width: 9 },
  { key: "adm2_name", header: "District", hxl: "#adm2+name", width: 18 },
  { key: "adm2_code", header: "District P-code", hxl: "#adm2+code", width: 10 },
  { key: "location", header: "Location", hxl: "#loc+name", width: 28 },
  { key: "status", header: "Status", hxl: "#status", width: 11 },
  { key: "group", header: "Population group", hxl: "#beneficiary", width: 16 },
  { key: "t_girls", header: "Girls (<18)", hxl: "#targeted+f+children", group: T, numFmt: "#,##0", width: 9 },
  { key: "t_boys", header: "Boys (<18)", hxl: "#targeted+m+children", group: T, numFmt: "#,##0", width: 9 },
  { key: "t_women", header: "Women (18+)", hxl: "#targeted+f+adults", group: T, numFmt: "#,##0", width: 9 },
  { key: "t_men", header: "Men (18+)", hxl: "#targeted+m+adults", group: T, numFmt: "#,##0", width: 9 },
  { key: "r_girls", header: "Girls (<18)", hxl: "#reached+f+children", group: R, numFmt: "#,##0", width: 9 },
  { key: "r_boys", header: "Boys (<18)", hxl: "#reached+m+children", group: R, numFmt: "#,##0", width: 9 },
  { key: "r_women", header: "Women (18+)", hxl: "#reached+f+adults", group: R, numFmt: "#,##0", width: 9 },
  { key: "r_men", header: "Men (18+)", hxl: "#reached+m+adults", group: R, numFmt: "#,##0", width: 9 },
  { key: "r_total", header: "Total", hxl: "#reached+ind", group: R, numFmt: "#,##0", width: 9 },
  { key: "modality", header: "Modality", hxl: "#modality", width: 12 },
  { key: "reporting_type", header: "New/Cumulative", hxl: "#meta+reporting_type", width: 12 },
];
export const TARGET_KEYS = ["t_girls", "t_boys", "t_women", "t_men"] as const;
export const REACHED_KEYS = ["r_girls", "r_boys", "r_women", "r_men"] as const;

export const monthDate = (month: number, year = YEAR) => new Date(Date.UTC(year, month - 1, 1));

export function clusterRow(r: Record5W): SheetRow {
  const cells: Record<string, CellValue> = {
    month: monthDate(r.month),
    org: r.partner.name,
    acronym: r.partner.acronym,
    impl: r.impl,
    org_type: r.partner.type,
    cluster: "Protection",
    aor: AOR_NAMES[r.activity.aor].en,
    act_code: r.activity.code,
    activity: r.activity.name,
    indicator: r.activity.indicator,
    adm1_name: r.admin2.admin1.name,
    adm1_code: r.admin2.admin1.pcode,
    adm2_name: r.admin2.name,
    adm2_code: r.admin2.pcode,
    location: r.location,
    status: r.status,
    group: r.group,
    modality: r.modality,
    reporting_type: r.activity.reporting === "new" ? "New" : "Cumulative",
  };
  if (r.targeted && r.reached) {
    DISAGG_KEYS.forEach((k, i) => {
      cells[TARGET_KEYS[i]!] = r.targeted![k];
      cells[REACHED_KEYS[i]!] = r.reached![k];
    });
    cells.r_total = { sum: [...REACHED_KEYS] };
  } else {
    // service counts (sessions): total only, typed as a value
    cells.r_total = r.reachedTotal;
  }
  return dataRow(r.id, cells, r.month);
}

// ---------------------------------------------------------------- French partner files

export const FR_COLUMNS: Column[] = [
  { key: "mois", header: "Mois de rapportage", width: 16 },
  { key: "organisation", header: "Organisation", width: 40 },
  { key: "type_org", header: "Type d'organisation", width: 18 },
  { key: "sous_secteur", header: "Sous-secteur", width: 22 },
  { key: "activite", header: "Activité", width: 44 },
  { key: "indicateur", header: "Indicateur", width: 50 },
  { key: "region", header: "Région", width: 16 },
  { key: "code_region", header: "Code région", width: 11 },
  { key: "departement", header: "Département", width: 18 },
  { key: "code_departement", header: "Code département", width: 12 },
  { key: "localite", header: "Localité", width: 18 },
  { key: "statut", header: "Statut", width: 10 },
  { key: "groupe", header: "Groupe de population", width: 18 },
  { key: "filles", header: "Filles", width: 9 },
  { key: "garcons", header: "Garçons", width: 9 },
  { key: "femmes", header: "Femmes", width: 9 },
  { key: "hommes", header: "Hommes", width: 9 },
  { key: "total_atteint", header: "Total atteint", width: 12 },
  { key: "total_cible", header: "Total ciblé", width: 12 },
  { key: "modalite", header: "Modalité", width: 14 },
];
export const FR_DISAGG_KEYS = ["filles", "garcons", "femmes", "hommes"] as const;

/** Personal-data columns present in ONE partner file (a loader must refuse to store them). */
export const PII_COLUMNS: Column[] = [
  { key: "phone", header: "Focal point phone", width: 18 },
  { key: "beneficiary", header: "Beneficiary name", width: 24 },
];

/** 1250 → "1 250" (thousands separated by `sep`). */
export function frenchNumber(n: number, sep = " "): string {
  const s = String(Math.abs(Math.trunc(n)));
  const grouped = s.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
  return n < 0 ? `-${grouped}` : grouped;
}

export function frenchRow(r: Record5W, style: "xlsx" | "csv"): SheetRow {
  const num = style === "xlsx" ? (n: number) => frenchNumber(n, " ") : (n: number) => String(n);
  // French Excel shows totals with a no-break space as thousands separator, and exports them so
  const total = style === "xlsx" ? num : (n: number) => frenchNumber(n, "\u00a0");
  const cells: Record<string, CellValue> = {
    mois: style === "xlsx" ? `${MONTHS_FR[r.month - 1]} ${YEAR}` : `01/${String(r.month).padStart(2, "0")}/${YEAR}`,
    organisation: r.partner.name,
    type_org: ORG_TYPE_FR[r.partner.type],
    sous_secteur: AOR_NAMES[r.activity.aor].fr,
    activite: `${r.activity.code} ${r.activity.nameFr}`,
    indicateur: r.activity.indicatorFr,
    region: r.admin2.admin1.name,
    code_region: r.admin2.admin1.pcode,
    departement: r.admin2.name,
    code_departement: r.admin2.pcode,
    localite: r.location,
    statut: STATUS_FR[r.status],
    groupe: POP_GROUP_FR[r.group],
    total_atteint: total(r.reachedTotal),
    total_cible: total(r.targetedTotal),
    modalite: MODALITY_FR[r.modality],
  };
  if (r.reached) DISAGG_KEYS.forEach((k, i) => (cells[FR_DISAGG_KEYS[i]!] = num(r.reached![k])));
  return dataRow(r.id, cells, r.month);
}

// ---------------------------------------------------------------- Mine Action AoR CSV (English, no HXL)

export const MA_COLUMNS: Column[] = [
  { key: "month", header: "Reporting month" },
  { key: "org", header: "Organization" },
  { key: "acronym", header: "Acronym" },
  { key: "impl", header: "Implementing partner" },
  { key: "org_type", header: "Organization type" },
  { key: "aor", header: "AoR" },
  { key: "act_code", header: "Activity code" },
  { key: "activity", header: "Activity" },
  { key: "indicator", header: "Indicator" },
  { key: "adm1_name", header: "Region" },
  { key: "adm1_code", header: "Region P-code" },
  { key: "adm2_name", header: "District" },
  { key: "adm2_code", header: "District P-code" },
  { key: "location", header: "Location" },
  { key: "status", header: "Status" },
  { key: "group", header: "Population group" },
  { key: "r_girls", header: "Girls reached" },
  { key: "r_boys", header: "Boys reached" },
  { key: "r_women", header: "Women reached" },
  { key: "r_men", header: "Men reached" },
  { key: "r_total", header: "Total reached" },
  { key: "t_total", header: "Total targeted" },
  { key: "modality", header: "Modality" },
  { key: "reporting_type", header: "New/Cumulative" },
  { key: "comments", header: "Comments" },
];

const MA_COMMENTS = [
  "Sessions held in schools",
  "Joint mission with community leaders",
  "Access restricted mid-month due to insecurity",
  "Marking of suspected hazardous area completed",
  "Referral to health partner",
];

export function mineActionRow(r: Record5W, comment: number): SheetRow {
  const cells: Record<string, CellValue> = {
    month: `${YEAR}-${String(r.month).padStart(2, "0")}`,
    org: r.partner.name,
    acronym: r.partner.acronym,
    impl: r.impl,
    org_type: r.partner.type,
    aor: AOR_NAMES[r.activity.aor].en,
    act_code: r.activity.code,
    activity: r.activity.name,
    indicator: r.activity.indicator,
    adm1_name: r.admin2.admin1.name,
    adm1_code: r.admin2.admin1.pcode,
    adm2_name: r.admin2.name,
    adm2_code: r.admin2.pcode,
    location: r.location,
    status: r.status,
    group: r.group,
    r_total: r.reachedTotal,
    t_total: r.targetedTotal,
    modality: r.modality,
    reporting_type: r.activity.reporting === "new" ? "New" : "Cumulative",
    comments: comment < MA_COMMENTS.length ? MA_COMMENTS[comment]! : "",
  };
  if (r.reached) DISAGG_KEYS.forEach((k, i) => (cells[REACHED_KEYS[i]!] = r.reached![k]));
  return dataRow(r.id, cells, r.month);
}
