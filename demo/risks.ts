/**
 * Demo protection risk ratings, monitoring incidents and PAU narratives for 2025 (issue #14):
 *  - four quarters of ratings in four shapes: Q1 long CSV with the earlier GPC labels (Minor…Extreme) and the
 *    official English names; Q2 long CSV with levels as numbers and older variant names; Q3 a wide XLSX (one
 *    column per risk, later labels Very Low…Very High, admin1 rows only: the country level is rolled up);
 *    Q4 a French long CSV (`;`, names matched by keyword);
 *  - real movement: explosive ordnance worsens (3 → 4 → 4 → 5), movement restrictions improve (5 → 4 → 4 → 3),
 *    child recruitment is new in Q3 (rated 4), GBV stays extreme;
 *  - monthly incidents per admin2, some at displacement sites (armed presence, forced recruitment, attacks);
 *  - narrative files for Q2, Q3 and Q4 (Q1 has none: the PAU says so); Q2's names one unknown risk key.
 */
import type ExcelJS from "exceljs";
import type { Geography } from "./geography.ts";
import { hashString, Rng } from "./random.ts";
import { csvFromValues, encodeText } from "./write-csv.ts";
import { newWorkbook, workbookBytes } from "./write-xlsx.ts";

const QUARTERS = ["2025Q1", "2025Q2", "2025Q3", "2025Q4"] as const;

/** Official English names (GPC order), older variants, French names and the short headers of the wide sheet. */
const RISK: Record<string, { en: string; older: string; fr: string; wide: string }> = {
  abduction_detention: { en: "Abduction, Kidnapping, Enforced Disappearance, Arbitrary or Unlawful Arrest and/or Detention", older: "Abduction, kidnapping, forced disappearance, arbitrary or unlawful arrest and/or detention", fr: "Enlèvement, disparition forcée, arrestation et détention arbitraires", wide: "Abduction & detention" },
  attacks_on_civilians: { en: "Attacks on Civilians and Other Unlawful Killings, and Attacks on Civilian Objects", older: "Attacks on civilians and other unlawful killings, attacks on civilian infrastructures", fr: "Attaques contre les civils et autres meurtres illégaux", wide: "Attacks on civilians" },
  family_separation: { en: "Child and Forced Family Separation", older: "Forced family separation", fr: "Séparation familiale forcée", wide: "Family separation" },
  child_marriage: { en: "Child, Early or Forced Marriage", older: "Child, Early or Forced Marriage", fr: "Mariage d'enfants, précoce ou forcé", wide: "Child marriage" },
  child_recruitment: { en: "Forced Recruitment and Association of Children in Armed Forces and Groups", older: "Forced recruitment, including recruitment of children in armed forces and groups", fr: "Recrutement forcé et association d'enfants aux forces et groupes armés", wide: "Child recruitment" },
  gbv: { en: "Gender-Based Violence", older: "Sexual and gender-based violence (SGBV)", fr: "Violences basées sur le genre (VBG)", wide: "GBV" },
  legal_identity_justice: { en: "Impediments and/or Restrictions to Access to Legal Identity, Remedies and Justice", older: "Impediments and/or restrictions to access to documentation, remedies and justice", fr: "Entraves à l'identité juridique, à la documentation et à la justice", wide: "Legal identity & justice" },
  explosive_ordnance: { en: "Presence of Mine and Other Explosive Ordnance", older: "Presence of Mine and Other Explosive Ordnance", fr: "Présence de mines et d'engins explosifs", wide: "Explosive ordnance" },
  property_eviction: { en: "Theft, Extortion, Forced Eviction or Destruction of Personal Property", older: "Theft, extortion, eviction or destruction of personal property", fr: "Vol, extorsion, expulsion forcée ou destruction de biens", wide: "Theft & eviction" },
  movement_displacement: { en: "Unlawful Impediments or Restrictions to Freedom of Movement, Siege and Forced Displacement", older: "Impediments or restrictions to freedom of movement, siege and forced displacement", fr: "Restrictions à la liberté de mouvement, siège et déplacement forcé", wide: "Movement restrictions & displacement" }
};

/** Country level per quarter (null: not rated that quarter). */
const COUNTRY: Record<string, (number | null)[]> = {
  gbv: [5, 5, 5, 5],
  explosive_ordnance: [3, 4, 4, 5],
  movement_displacement: [5, 4, 4, 3],
  attacks_on_civilians: [4, 4, 4, 4],
  child_recruitment: [null, null, 4, 4],
  abduction_detention: [3, 3, 3, 3],
  child_marriage: [4, 4, 3, 3],
  family_separation: [2, 3, 3, 3],
  legal_identity_justice: [3, 3, 3, 2],
  property_eviction: [2, 2, 3, 3]
};

const GROUPS: Record<string, string> = {
  gbv: "women; girls; IDP",
  explosive_ordnance: "returnees; boys; farmers",
  movement_displacement: "IDP; host community",
  attacks_on_civilians: "IDP in sites; host community",
  child_recruitment: "boys; IDP in sites",
  child_marriage: "girls",
  abduction_detention: "men; returnees",
  family_separation: "children; IDP",
  legal_identity_justice: "returnees; IDP",
  property_eviction: "IDP; returnees"
};

const LABELS_2021 = ["Minor", "Stressed", "Moderate", "Severe", "Extreme"];
const LABELS_LATER = ["Very Low", "Low", "Medium", "High", "Very High"];

/** An admin1 area's level: the country level where the risk is concentrated, lower elsewhere (never above it). */
function admin1Level(risk: string, admin1: string, country: number): number {
  const r = new Rng(hashString(`${risk}|${admin1}`)).next();
  const hot = r < 0.35;
  return hot ? country : Math.max(1, country - 1 - (r > 0.8 ? 1 : 0));
}

export interface DemoFile {
  path: string;
  bytes: Uint8Array;
  rows: number;
  what: string;
}

function ratingRows(geo: Geography, qi: number): { area: string; risk: string; level: number }[] {
  const out: { area: string; risk: string; level: number }[] = [];
  for (const [risk, levels] of Object.entries(COUNTRY)) {
    const country = levels[qi];
    if (country === null || country === undefined) continue;
    out.push({ area: geo.admin0.pcode, risk, level: country });
    for (const a1 of geo.admin1) out.push({ area: a1.pcode, risk, level: admin1Level(risk, a1.pcode, country) });
  }
  // admin2 detail for the two risks the AoRs rate per district (GBV, Mine Action)
  for (const risk of ["gbv", "explosive_ordnance"]) {
    const country = COUNTRY[risk]![qi]!;
    for (const a2 of geo.admin2.filter((_, i) => i % 4 === qi % 4)) {
      const a1 = out.find((o) => o.area === a2.admin1.pcode && o.risk === risk)!.level;
      out.push({ area: a2.pcode, risk, level: Math.max(1, Math.min(country, a1 - (hashString(a2.pcode + risk) % 2))) });
    }
  }
  return out;
}

async function wideWorkbook(geo: Geography, rows: { area: string; risk: string; level: number }[]): Promise<Uint8Array> {
  const wb: ExcelJS.Workbook = newWorkbook();
  const ws = wb.addWorksheet("Risk ratings Q3");
  ws.addRow(["Protection risk ratings — Q3 2025 (cluster SAG, agreed 2025-10-02)"]);
  ws.addRow([]);
  const risks = Object.keys(COUNTRY);
  ws.addRow(["Admin1 P-code", "Admin1", ...risks.map((r) => RISK[r]!.wide), "Evidence"]);
  for (const a1 of geo.admin1) {
    const cells = risks.map((r) => {
      const hit = rows.find((x) => x.area === a1.pcode && x.risk === r);
      return hit ? LABELS_LATER[hit.level - 1]! : "";
    });
    ws.addRow([a1.pcode, a1.name, ...cells, "protection monitoring, FGDs, AoR ratings"]);
  }
  return workbookBytes(wb);
}

const INCIDENT_TYPES: [string, string, boolean][] = [
  // type as monitors write it, a weight, and whether it happens at displacement sites
  ["Armed presence in site", "sites", true],
  ["Forced recruitment", "sites", true],
  ["Attack on site", "sites", true],
  ["Rape", "all", false],
  ["Arbitrary arrest", "all", false],
  ["Mine/UXO incident", "all", false],
  ["Forced eviction", "all", false],
  ["Movement restriction at checkpoint", "all", false],
  ["Killing", "all", false]
];

function incidentRows(geo: Geography): (string | number)[][] {
  const rows: (string | number)[][] = [];
  const monitored = geo.admin2.filter((_, i) => i % 5 === 0);
  for (let m = 1; m <= 12; m++) {
    const month = `2025-${String(m).padStart(2, "0")}`;
    for (const a2 of monitored) {
      const rng = new Rng(hashString(`inc|${month}|${a2.pcode}`));
      for (const [type, , atSite] of INCIDENT_TYPES) {
        // explosive incidents rise over the year, movement-related evictions fall: the ratings' story
        const trend = type === "Mine/UXO incident" ? m / 3 : type.startsWith("Movement") ? (13 - m) / 4 : 1;
        const n = Math.round(rng.float(0, 4) * trend);
        if (n === 0) continue;
        const site = atSite ? `Site ${a2.locations[0] ?? a2.name}` : "";
        rows.push([month, a2.pcode, a2.name, site, type, rng.pick(["IDP", "Host community", "Returnees"]), rng.pick(["Non-State armed group", "State security forces", "Unknown", "Community member"]), n]);
      }
    }
  }
  return rows;
}

function narrative(quarter: string, qi: number): string {
  const risksText: Record<string, string> = {
    gbv: "Survivors in displacement sites report intimate partner violence and sexual violence during firewood collection. Services are concentrated in the admin1 capitals; the mobile GBV teams reach two of the five sites with the highest reports.",
    explosive_ordnance: "New contamination along the Kori valley after the clashes of the quarter; returnees cultivating fields report unexploded ordnance. Explosive ordnance risk education reaches schools, not farmers.",
    movement_displacement: "Checkpoints on the main supply route were lifted mid-quarter; movement restrictions eased, but forced displacement continues in the north-east.",
    attacks_on_civilians: "Armed presence in two displacement sites and one attack on a site undermine their civilian and humanitarian character.",
    child_recruitment: "Reports of recruitment of boys around the sites increased; community protection committees alert the CP AoR."
  };
  const risks = Object.entries(risksText).filter(([k]) => (COUNTRY[k]![qi] ?? null) !== null);
  const lines = [
    "---",
    `quarter: ${quarter}`,
    `published: ${["2025-04-20", "2025-07-18", "2025-10-17", "2026-01-16"][qi]}`,
    "---",
    `# Protection Analysis Update ${quarter}`,
    "",
    "## Context",
    "",
    `Armed clashes between the national army and non-State armed groups continued in the northern admin1 areas during ${quarter}. About 40,000 people were newly displaced; access to the Kori valley remained constrained by insecurity and explosive ordnance.`,
    "",
    "- Humanitarian access: three convoys delayed at checkpoints",
    "- Funding: the protection sector received less than a third of its requirement",
    "",
    "## Risks",
    ""
  ];
  for (const [k, t] of risks) lines.push(`### ${k}`, "", t, "");
  if (qi === 1) lines.push("### food_insecurity", "", "Not a GPC risk: this text is not shown and the page says so.", "");
  lines.push(
    "## Recommendations",
    "",
    `- authorities | attacks_on_civilians, movement_displacement | ${qi > 1 ? "in progress" : "not started"} | Withdraw armed elements from displacement sites and keep the supply route open to civilians.`,
    `- hc_hct | gbv | ${qi > 2 ? "done" : "in progress"} | Advocate for GBV services in every site with more than 1,000 residents.`,
    "- humanitarian_actors | explosive_ordnance | in progress | Include explosive ordnance risk education in food and livelihood distributions for returnees.",
    "- donors | gbv, child_recruitment | not started | Fund mobile GBV and child protection teams for the sites of the north-east.",
    "",
    "## Methodology",
    "",
    "Ratings agreed by the cluster SAG with the AoR coordinators from protection monitoring, community focus group discussions and the AoRs' own analysis. Incident data are monitoring reports and are not exhaustive.",
    ""
  );
  return lines.join("\n");
}

export async function buildRiskFiles(geo: Geography): Promise<DemoFile[]> {
  const files: DemoFile[] = [];
  const name = (a: string) => (a === geo.admin0.pcode ? geo.admin0.name : geo.admin1.find((x) => x.pcode === a)?.name ?? geo.byPcode.get(a)?.name ?? a);

  const q1 = ratingRows(geo, 0);
  files.push({
    path: "risks/xdm_risk_ratings_2025Q1.csv",
    bytes: encodeText(csvFromValues(["Quarter", "Area P-code", "Area", "Risk", "Risk level", "Affected groups", "Evidence"], q1.map((r) => ["2025Q1", r.area, name(r.area), RISK[r.risk]!.en, LABELS_2021[r.level - 1]!, GROUPS[r.risk] ?? "", "protection monitoring"])), "utf-8"),
    rows: q1.length,
    what: "Risk ratings Q1, long, official English names, earlier GPC labels (Minor…Extreme), country + admin1 + admin2 rows"
  });
  const q2 = ratingRows(geo, 1);
  files.push({
    path: "risks/xdm_risk_ratings_2025Q2.csv",
    bytes: encodeText(csvFromValues(["Quarter", "Area P-code", "Risk", "Risk level", "Affected groups"], q2.map((r) => ["Q2 2025", r.area, RISK[r.risk]!.older, r.level, GROUPS[r.risk] ?? ""])), "utf-8"),
    rows: q2.length,
    what: "Risk ratings Q2, long, older variant names (2021–2022 dashboards), levels as numbers"
  });
  const q3 = ratingRows(geo, 2);
  files.push({ path: "risks/xdm_risk_ratings_wide_2025Q3.xlsx", bytes: await wideWorkbook(geo, q3), rows: geo.admin1.length, what: "Risk ratings Q3, wide (one column per risk), later labels (Very Low…Very High), title rows, admin1 only: the country level is the max over admin1" });
  const q4 = ratingRows(geo, 3);
  files.push({
    path: "risks/xdm_risques_protection_2025T4.csv",
    bytes: encodeText(csvFromValues(["Trimestre", "Code zone", "Risque", "Niveau de risque", "Groupes affectés"], q4.map((r) => ["T4 2025", r.area, RISK[r.risk]!.fr, r.level, GROUPS[r.risk] ?? ""]), ";"), "utf-8"),
    rows: q4.length,
    what: "Risk ratings Q4 in French (`;`), names matched by keyword, original labels kept"
  });
  const incidents = incidentRows(geo);
  files.push({
    path: "risks/xdm_protection_incidents_2025.csv",
    bytes: encodeText(csvFromValues(["Month", "Admin2 P-code", "Admin2", "Site", "Incident type", "Population group", "Perpetrator", "Number of incidents"], incidents), "utf-8"),
    rows: incidents.length,
    what: "Protection-monitoring incidents per month × admin2 (× site) × incident type, mapped to GPC risks at load"
  });
  QUARTERS.forEach((q, qi) => {
    if (qi === 0) return; // Q1: no narrative — the PAU marks context, analysis and recommendations as missing
    files.push({ path: `narrative/${q}.md`, bytes: Buffer.from(narrative(q, qi), "utf8"), rows: 0, what: `PAU narrative ${q} (context, per-risk analysis, recommendations${qi === 1 ? "; one unknown risk key on purpose" : ""})` });
  });
  return files;
}
