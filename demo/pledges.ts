/**
 * Global Refugee Forum pledges for the demo operation: two public pledge exports six months apart (June as a
 * UTF-8 CSV with the platform's headers, December as an XLSX with other header names) and the GCR focal
 * point's follow-up sheet. Titles in English, French, Spanish and Arabic. Planted for the loader to handle:
 * one pledge listed once per host country (merged), one with no country (kept, warned), one unknown stage
 * label in December (rejected with the known labels), pledges missing from the later export, new ones in it.
 */
import { SEED } from "./config.ts";
import { Rng, hashString } from "./random.ts";
import { encodeText } from "./write-csv.ts";
import { newWorkbook, workbookBytes } from "./write-xlsx.ts";

export interface PledgeDemoFile {
  path: string;
  bytes: Uint8Array;
  rows: number;
  what: string;
}

type Stage = "Planning stage" | "In progress" | "Fulfilled" | "";

interface DemoPledge {
  id: string;
  title: string;
  entity: string;
  entityType: string;
  joint: string;
  countries: string;
  region: string;
  objectives: string;
  area: string;
  type: string;
  amount: string;
  grf: string;
  june: { stage: Stage; update: string };
  december: { stage: Stage | "Partially fulfilled"; update: string } | null;
}

const ENTITIES: [string, string][] = [
  ["Government of Dalmora", "State"],
  ["Government of Norland", "State"],
  ["UNHCR", "International organisation / UN"],
  ["UNICEF", "UN agency"],
  ["Conseil pour les réfugiés", "NGO / civil society"],
  ["ONG Solidarité Dalmora", "NGO"],
  ["Refugee Youth Network Dalmora", "Refugee-led organisation"],
  ["Université de Kéra", "Academia"],
  ["City of Kéra", "City / local authority"],
  ["Banco Andino de Desarrollo", "Private sector"],
  ["Parliament of Dalmora", "Parliament"],
  ["جمعية الإغاثة الإسلامية", "Faith-based"],
  ["Football for Peace", "Sports"],
  ["Fundación Esperanza", "NGO"]
];

// [title, area, objectives, type]; the language follows the pledging entity's
const TITLES: [string, string, string, string][] = [
  ["Inclusion of refugee children in national schools", "Education", "1; 2", "Policy"],
  ["Renforcement des capacités d'asile", "Asylum capacity", "Objective 1", "Technical assistance"],
  ["Registro civil y documentación para refugiados", "Legal identity", "1", "Technical"],
  ["حماية الأطفال اللاجئين من العنف", "Child protection", "1; 2", "Financial"],
  ["Emplois et moyens de subsistance pour les réfugiés", "Jobs and livelihoods", "2", "Financial"],
  ["Prevention of gender-based violence in settlements", "Gender-based violence (GBV)", "1", "Financial, material or technical assistance"],
  ["Reasentamiento de familias vulnerables", "Solutions", "3", "Resettlement and complementary pathways"],
  ["الطاقة النظيفة للمخيمات", "Energy and infrastructure", "1", "Material"],
  ["Ending statelessness through nationality reform", "Statelessness", "1; 4", "Policy"],
  ["Retour volontaire dans la sécurité et la dignité", "Solutions", "4", "Financial"],
  ["Protection capacity for border officials", "Protection capacity", "1", "Technical"],
  ["Becas universitarias para jóvenes refugiados", "Education", "2", "Financial"],
  ["تعزيز سبل العيش للنساء اللاجئات", "Jobs and livelihoods", "2", "Financial"],
  ["Accès à la justice pour les survivantes de VBG", "Gender-based violence (GBV)", "1", "Policy"],
  ["Burden- and responsibility-sharing platform support", "Burden- and responsibility-sharing", "1", "Other"]
];

const NEW_IN_DECEMBER = "GRF-30001";

const COUNTRIES = ["Dalmora", "Dalmora; Norland", "Global", "Norland", "Chad, Sudan", "XDM", "Dalmora", "Global"];

/** Builds the demo's pledges (deterministic). */
export function demoPledges(): DemoPledge[] {
  const rng = new Rng(SEED ^ hashString("pledges"));
  const date = (from: number, to: number) => {
    const d = new Date(Date.UTC(2024, 0, 1) + rng.int(from, to) * 86_400_000);
    return d.toISOString().slice(0, 10);
  };
  const out: DemoPledge[] = [];
  for (let i = 0; i < 36; i++) {
    const [entity, entityType] = ENTITIES[i % ENTITIES.length]!;
    const [title, area, objectives, type] = TITLES[(i * 7) % TITLES.length]!;
    const countries = COUNTRIES[i % COUNTRIES.length]!;
    // June: a third never updated, the rest planning or in progress, a few already fulfilled
    const june: DemoPledge["june"] =
      i % 3 === 0 ? { stage: "", update: "" } : i % 7 === 0 ? { stage: "Fulfilled", update: date(200, 500) } : { stage: i % 2 ? "In progress" : "Planning stage", update: date(0, 540) };
    // December: most move one step on, some stay silent, some drop out of the export
    let december: DemoPledge["december"] = null;
    if (i % 11 !== 5) {
      const moved = rng.chance(0.55);
      const next: Stage = june.stage === "" ? (moved ? "Planning stage" : "") : june.stage === "Planning stage" ? (moved ? "In progress" : "Planning stage") : moved ? "Fulfilled" : june.stage;
      december = { stage: next, update: next === june.stage ? june.update : date(560, 720) };
    }
    out.push({
      id: `GRF-${String(19000 + i * 37).padStart(5, "0")}`,
      title: `${title}${i >= TITLES.length ? ` (${i < 2 * TITLES.length ? "phase 2" : "phase 3"})` : ""}`,
      entity,
      entityType,
      joint: i % 5 === 2 ? "UNHCR; ONG Solidarité Dalmora" : i % 9 === 4 ? "Université de Kéra" : "",
      countries,
      region: countries === "Global" ? "" : i % 4 === 0 ? "East and Horn of Africa and Great Lakes" : "",
      objectives,
      area,
      type,
      amount: type.startsWith("Financial") ? (i % 4 === 1 ? `EUR ${rng.int(1, 9)} million` : String(rng.int(5, 400) * 5000)) : "",
      grf: i % 3 === 0 ? "GRF 2019" : i % 3 === 1 ? "GRF 2023" : "Between Forums (2021)",
      june,
      december
    });
  }
  // planted for the loader
  out[4]!.december = { stage: "Partially fulfilled", update: "2025-11-20" }; // unknown stage label: rejected with the known labels
  out[10]!.countries = ""; // no host country or region: kept with a warning
  out[10]!.region = "";
  // made after June: only in the December export
  out.push({ ...out[1]!, id: NEW_IN_DECEMBER, title: "Nuevo compromiso municipal de acogida", entity: "City of Kéra", entityType: "City / local authority", countries: "Dalmora", december: { stage: "", update: "" } });
  return out;
}

const JUNE_HEADER = ["Pledge ID", "Title", "Submitting entity", "Stakeholder type", "Joint pledge with", "Host country", "Region", "GCR objective", "Area of focus", "Type of pledge", "Amount (USD)", "Stage", "Update date", "GRF", "Pledge URL"];
const DECEMBER_HEADER = ["ID", "Pledge title", "Pledging entity", "Entity type", "Partners", "Countries", "Region", "GCR objectives", "Theme", "Type of contribution", "Amount", "Status", "Last updated", "Forum", "Multistakeholder pledge"];

const q = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

function juneCsv(pledges: DemoPledge[]): { text: string; rows: number } {
  const lines = [JUNE_HEADER.map(q).join(",")];
  let rows = 0;
  for (const p of pledges) {
    // the last pledge was made after June
    if (p.id === NEW_IN_DECEMBER) continue;
    // one pledge listed once per host country, as some exports do: the loader merges it back
    const perCountry = p.countries === "Dalmora; Norland" && p.id.endsWith("1") ? ["Dalmora", "Norland"] : [p.countries];
    for (const c of perCountry) {
      lines.push([p.id, p.title, p.entity, p.entityType, p.joint, c, p.region, p.objectives, p.area, p.type, p.amount, p.june.stage, p.june.update, p.grf, `https://example.org/pledges/${p.id}`].map(q).join(","));
      rows++;
    }
  }
  return { text: lines.join("\r\n") + "\r\n", rows };
}

async function decemberXlsx(pledges: DemoPledge[]): Promise<{ bytes: Uint8Array; rows: number }> {
  const wb = newWorkbook();
  const ws = wb.addWorksheet("Pledges");
  ws.addRow(DECEMBER_HEADER);
  ws.getRow(1).font = { bold: true };
  let rows = 0;
  for (const p of pledges) {
    if (!p.december) continue;
    const update = p.december.update ? new Date(`${p.december.update}T00:00:00Z`) : null;
    const row = ws.addRow([p.id, p.title, p.entity, p.entityType, p.joint || null, p.countries || null, p.region || null, p.objectives, p.area, p.type, p.amount || null, p.december.stage || null, update, p.grf, p.area === "Solutions" ? "Durable solutions MSP" : null]);
    if (update) row.getCell(13).numFmt = "yyyy-mm-dd";
    rows++;
  }
  ws.columns.forEach((c) => (c.width = 24));
  return { bytes: await workbookBytes(wb), rows };
}

async function followupXlsx(pledges: DemoPledge[]): Promise<{ bytes: Uint8Array; rows: number }> {
  const wb = newWorkbook();
  const ws = wb.addWorksheet("Follow-up");
  ws.addRow(["Pledge ID", "RRP sector", "Focal point's organisation", "Last contact", "Next step", "Notes"]);
  ws.getRow(1).font = { bold: true };
  const steps = ["Ask for a progress update before the RRP workshop", "Map the pledge to RRP protection activities", "Invite to the sector coordination meeting", "Request co-funding for the education response", "Follow up on the nationality law reform timeline"];
  const sectors = ["Protection", "Education", "Livelihoods", "Protection", "Basic needs"];
  let rows = 0;
  pledges
    .filter((p, i) => i % 2 === 0 && (p.countries.includes("Dalmora") || p.countries === "XDM" || p.countries === "Global"))
    .forEach((p, i) => {
      const row = ws.addRow([p.id.toLowerCase(), sectors[i % sectors.length], i % 3 ? "UNHCR" : p.entity, new Date(Date.UTC(2025, 10, 3 + i)), steps[i % steps.length], i === 0 ? "met the desk officer; details in the shared drive" : null]);
      row.getCell(4).numFmt = "yyyy-mm-dd";
      rows++;
    });
  return { bytes: await workbookBytes(wb), rows };
}

/** The demo's pledge files, under pledges/. */
export async function pledgeFiles(): Promise<PledgeDemoFile[]> {
  const pledges = demoPledges();
  const june = juneCsv(pledges);
  const december = await decemberXlsx(pledges);
  const followup = await followupXlsx(pledges);
  return [
    { path: "pledges/pledges_export_2025-06-30.csv", bytes: encodeText(june.text, "utf-8-bom"), rows: june.rows, what: "GRF pledge export, June (UTF-8 CSV with BOM; one pledge listed once per country, one without country)" },
    { path: "pledges/pledges_export_2025-12-31.xlsx", bytes: december.bytes, rows: december.rows, what: "GRF pledge export, December (XLSX, other header names; one unknown stage label, pledges dropped and added)" },
    { path: "pledges/pledges_followup.xlsx", bytes: followup.bytes, rows: followup.rows, what: "GCR focal point's follow-up sheet (RRP sector, organisation, last contact, next step, notes)" }
  ];
}
