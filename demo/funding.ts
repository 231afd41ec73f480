/**
 * Demo funding files for Dalmora: an FTS API flows response saved in three pages, the HDX requirements
 * per plan cluster, the cluster's own partner funding sheet (previous year) and a CBPF project export.
 * The flows hold FTS's traps on purpose: a parked parent with its yearly children, flows shared between
 * clusters, a pooled fund's incoming money (no cluster) and its internal grants, pledges, a refund and a
 * flow outside the plan; the partner sheet has an amount in a currency without a rate.
 */
import { YEAR } from "./config.ts";
import { PARTNERS, type Partner } from "./partners.ts";
import { csvFromValues, encodeText } from "./write-csv.ts";
import { newWorkbook, workbookBytes } from "./write-xlsx.ts";

export const DEMO_PLAN = { id: 9901, code: `HXDM${String(YEAR).slice(2)}`, name: `Dalmora ${YEAR}` } as const;

/** Plan clusters of the demo plan: id, name, AoR (null: not Protection), revised requirement. */
export const DEMO_CLUSTERS = [
  { id: 7101, name: "Protection", aor: "GP", requirement: 24_000_000 },
  { id: 7102, name: "Protection - Child Protection", aor: "CP", requirement: 11_000_000 },
  { id: 7103, name: "Protection - Gender-Based Violence", aor: "GBV", requirement: 9_500_000 },
  { id: 7104, name: "Protection - Mine Action", aor: "MA", requirement: 6_000_000 },
  { id: 7105, name: "Protection - Housing, Land and Property", aor: "HLP", requirement: 3_500_000 },
  { id: 7110, name: "Health", aor: null, requirement: 40_000_000 },
  { id: 7111, name: "Food Security", aor: null, requirement: 85_000_000 },
  { id: 7112, name: "Water, Sanitation and Hygiene", aor: null, requirement: 30_000_000 }
] as const;

const GLOBAL: Record<string, [number, string]> = {
  GP: [10, "Protection"],
  CP: [12, "Child Protection"],
  GBV: [13, "Gender-Based Violence"],
  HLP: [14, "Housing, Land and Property"],
  MA: [15, "Mine Action"],
  Health: [7, "Health"],
  "Food Security": [6, "Food Security"],
  WASH: [11, "Water Sanitation Hygiene"]
};

interface Org {
  name: string;
  types: string[];
  subTypes?: string[];
}

const gov = (country: string): Org => ({ name: `${country}, Government of`, types: ["Government"], subTypes: ["National government"] });
export const DONORS = {
  echo: { name: "European Commission's Humanitarian Aid and Civil Protection Department", types: ["Inter-governmental"] },
  usa: gov("United States of America"),
  germany: gov("Germany"),
  uk: gov("United Kingdom"),
  norway: gov("Norway"),
  sweden: gov("Sweden"),
  japan: gov("Japan"),
  cerf: { name: "Central Emergency Response Fund", types: ["Pooled fund"], subTypes: ["Global"] },
  dhf: { name: "Dalmora Humanitarian Fund", types: ["Pooled fund"], subTypes: ["Country-based"] }
} satisfies Record<string, Org>;

function orgOf(acronym: string): Org {
  const p = PARTNERS.find((x) => x.acronym === acronym) as Partner;
  if (p.type === "UN") return { name: p.name, types: ["UN agency"] };
  if (p.type === "INGO") return { name: p.name, types: ["NGO"], subTypes: ["International"] };
  if (p.type === "NNGO") return { name: p.name, types: ["NGO"], subTypes: [acronym === "AKE" || acronym === "UAFB" ? "Local" : "National"] };
  if (p.type === "Red Cross/Red Crescent") return { name: p.name, types: ["Red Cross/Red Crescent"], subTypes: ["National Society"] };
  return { name: p.name, types: ["Other"] };
}

/** One demo flow, before it is written as FTS JSON. */
export interface DemoFlow {
  id: number;
  amount: number;
  status: "paid" | "commitment" | "pledge";
  flowType?: "Standard" | "Parked" | "Pass through";
  boundary: "incoming" | "internal";
  from: Org;
  to: Org;
  /** plan-cluster names (from DEMO_CLUSTERS) or, for off-plan flows, global-cluster keys */
  clusters: string[];
  inPlan?: boolean;
  date: string;
  parent?: number;
  children?: number[];
  currency?: [string, number, number];
}

const c = (aor: string) => DEMO_CLUSTERS.find((x) => x.aor === aor)!.name;
const D = DONORS;
let nextId = 910_001;
const f = (amount: number, status: DemoFlow["status"], from: Org, to: string | Org, clusters: string[], date: string, extra: Partial<DemoFlow> = {}): DemoFlow => ({
  id: nextId++,
  amount,
  status,
  boundary: "incoming",
  from,
  to: typeof to === "string" ? orgOf(to) : to,
  clusters,
  inPlan: true,
  date: `${YEAR}-${date}`,
  ...extra
});

export const DEMO_FLOWS: DemoFlow[] = (() => {
  nextId = 910_001;
  const flows: DemoFlow[] = [
    // General Protection
    f(2_400_000, "paid", D.echo, "UNHCR", [c("GP")], "01-20", { currency: ["EUR", 2_208_000, 0.92] }),
    f(1_500_000, "paid", D.usa, "UNHCR", [c("GP")], "02-14"),
    f(850_000, "commitment", D.germany, "NDC", [c("GP")], "03-03", { currency: ["EUR", 782_000, 0.92] }),
    f(620_000, "paid", D.uk, "GRA", [c("GP")], "04-22", { currency: ["GBP", 496_000, 0.8] }),
    f(410_000, "paid", D.norway, "ACP", [c("GP")], "05-05", { currency: ["NOK", 4_387_000, 10.7] }),
    f(380_000, "paid", D.sweden, "ODDH", [c("GP")], "06-11", { currency: ["SEK", 4_066_000, 10.7] }),
    f(-50_000, "paid", D.uk, "GRA", [c("GP")], "09-30", { currency: ["GBP", -40_000, 0.8] }), // a refund of unspent money
    f(900_000, "pledge", D.japan, "UNHCR", [c("GP")], "10-01", { currency: ["JPY", 135_000_000, 150] }),
    // Child Protection
    f(1_200_000, "paid", D.usa, "UNICEF", [c("CP")], "02-01"),
    f(560_000, "commitment", D.echo, "CFI", [c("CP")], "03-18", { currency: ["EUR", 515_200, 0.92] }),
    f(240_000, "paid", D.norway, "JSM", [c("CP")], "07-07", { currency: ["NOK", 2_568_000, 10.7] }),
    f(300_000, "pledge", D.germany, "UNICEF", [c("CP")], "11-15"),
    // GBV
    f(950_000, "paid", D.usa, "UNFPA", [c("GBV")], "01-28"),
    f(330_000, "paid", D.sweden, "REFEL", [c("GBV")], "04-04", { currency: ["SEK", 3_531_000, 10.7] }),
    // Mine Action
    f(1_100_000, "paid", D.japan, "UNMAS", [c("MA")], "03-25", { currency: ["JPY", 165_000_000, 150] }),
    f(420_000, "commitment", D.germany, "DAI", [c("MA")], "08-19"),
    // HLP
    f(280_000, "paid", D.norway, "HLAN", [c("HLP")], "05-30"),
    f(150_000, "paid", D.sweden, "ADJ", [c("HLP")], "09-09")
  ];
  // a multi-year agreement: a parked parent (0 USD) and its yearly children, which carry the money
  const parentId = nextId++;
  const kids = [nextId++, nextId++];
  flows.push(
    { id: parentId, amount: 0, status: "commitment", flowType: "Parked", boundary: "incoming", from: D.uk, to: orgOf("WSII"), clusters: [c("GBV")], inPlan: true, date: `${YEAR}-01-10`, children: kids },
    { id: kids[0]!, amount: 700_000, status: "paid", boundary: "incoming", from: D.uk, to: orgOf("WSII"), clusters: [c("GBV")], inPlan: true, date: `${YEAR}-01-10`, parent: parentId },
    { id: kids[1]!, amount: 450_000, status: "commitment", boundary: "incoming", from: D.uk, to: orgOf("WSII"), clusters: [c("GBV")], inPlan: true, date: `${YEAR}-07-10`, parent: parentId }
  );
  flows.push(
    // shared: Protection with Health (FTS's shared funding: never counted in either)
    f(600_000, "paid", D.echo, "IRR", [c("GP"), "Health"], "05-12"),
    // shared between two Protection AoRs: in the protection total, in neither AoR
    f(500_000, "paid", D.usa, "IRR", [c("GP"), c("CP")], "06-02"),
    // the country-based pooled fund: donors' money comes in with no cluster...
    f(3_000_000, "paid", D.germany, D.dhf, [], "02-20"),
    f(2_000_000, "paid", D.sweden, D.dhf, [], "03-10"),
    // ...and goes out as internal grants with a cluster (to national NGOs mostly)
    f(350_000, "paid", D.dhf, "APFK", [c("GBV")], "04-15", { boundary: "internal" }),
    f(300_000, "paid", D.dhf, "ESPOIR", [c("CP")], "04-15", { boundary: "internal" }),
    f(250_000, "paid", D.dhf, "AKE", [c("CP")], "04-15", { boundary: "internal" }),
    f(200_000, "commitment", D.dhf, "ICD", [c("MA")], "08-01", { boundary: "internal" }),
    f(400_000, "paid", D.dhf, "SOLMO", [c("GP")], "04-15", { boundary: "internal" }),
    // CERF grants UN agencies only
    f(1_000_000, "paid", D.cerf, "IOM", [c("GP")], "03-01"),
    // a protection flow to the country outside the plan (no plan, global cluster only)
    f(275_000, "paid", D.norway, "CRI", ["GP"], "06-20", { inPlan: false }),
    // other clusters
    f(5_000_000, "paid", D.usa, "IOM", ["Health"], "02-02"),
    f(7_500_000, "commitment", D.echo, "IOM", ["Food Security"], "03-03"),
    f(1_800_000, "paid", D.uk, "UNICEF", ["WASH"], "04-04")
  );
  return flows;
})();

const PAGE_SIZE = 15;

function flowJson(fl: DemoFlow): Record<string, unknown> {
  const planCluster = (name: string) => DEMO_CLUSTERS.find((x) => x.name === name);
  const dest: Record<string, unknown>[] = [
    { type: "Organization", id: String(1000 + fl.id % 997), name: fl.to.name, behavior: "single", organizationTypes: fl.to.types, ...(fl.to.subTypes ? { organizationSubTypes: fl.to.subTypes } : {}) }
  ];
  const shared = fl.clusters.length > 1 ? "shared" : "single";
  for (const name of fl.clusters) {
    const pc = planCluster(name) ?? (fl.inPlan ? DEMO_CLUSTERS.find((x) => x.name === name || (name === "WASH" && x.id === 7112)) : undefined);
    const global = pc ? GLOBAL[pc.aor ?? (pc.name === "Water, Sanitation and Hygiene" ? "WASH" : pc.name)] : GLOBAL[name];
    if (global) dest.push({ type: "GlobalCluster", id: String(global[0]), name: global[1], behavior: shared });
    if (pc && fl.inPlan) dest.push({ type: "Cluster", id: String(pc.id), name: pc.name, behavior: shared });
  }
  dest.push({ type: "Location", id: "999", name: "Dalmora", behavior: "single" }, { type: "UsageYear", id: "46", name: String(YEAR), behavior: "single" });
  if (fl.inPlan) dest.push({ type: "Plan", id: String(DEMO_PLAN.id), name: DEMO_PLAN.name, behavior: "single" });
  return {
    id: String(fl.id),
    amountUSD: fl.amount,
    budgetYear: String(YEAR),
    childFlowIds: fl.children ?? null,
    contributionType: "financial",
    createdAt: `${fl.date}T09:00:00.000Z`,
    date: `${fl.date}T00:00:00Z`,
    decisionDate: null,
    description: `Demo flow ${fl.id}`,
    ...(fl.currency ? { originalAmount: fl.currency[1], originalCurrency: fl.currency[0], exchangeRate: fl.currency[2] } : {}),
    flowType: fl.flowType ?? "Standard",
    method: "Traditional aid",
    parentFlowId: fl.parent !== undefined ? String(fl.parent) : null,
    status: fl.status,
    updatedAt: `${fl.date}T09:00:00.000Z`,
    versionId: 1,
    sourceObjects: [
      { type: "Organization", id: String(2000 + fl.id % 991), name: fl.from.name, behavior: "single", organizationTypes: fl.from.types, ...(fl.from.subTypes ? { organizationSubTypes: fl.from.subTypes } : {}) },
      { type: "UsageYear", id: "46", name: String(YEAR), behavior: "single" }
    ],
    destinationObjects: dest,
    boundary: fl.boundary,
    onBoundary: "single"
  };
}

/** The flows as the FTS API returns them, split into pages that share one envelope. */
export function ftsPages(flows = DEMO_FLOWS, pageSize = PAGE_SIZE): string[] {
  const incoming = flows.filter((x) => x.boundary === "incoming");
  const envelope = {
    incoming: { flowCount: incoming.length, fundingTotal: incoming.filter((x) => x.status !== "pledge").reduce((s, x) => s + x.amount, 0), pledgeTotal: incoming.filter((x) => x.status === "pledge").reduce((s, x) => s + x.amount, 0) },
    outgoing: { flowCount: 0, fundingTotal: 0, pledgeTotal: 0 },
    internal: { flowCount: flows.length - incoming.length }
  };
  const pages: string[] = [];
  const n = Math.ceil(flows.length / pageSize);
  for (let p = 1; p <= n; p++) {
    const meta: Record<string, unknown> = { language: "en", count: flows.length };
    if (p < n) meta.nextLink = `https://api.hpc.tools/v1/public/fts/flow?locationid=999&year=${YEAR}&limit=${pageSize}&page=${p + 1}`;
    pages.push(JSON.stringify({ status: "ok", data: { ...envelope, flows: flows.slice((p - 1) * pageSize, p * pageSize).map(flowJson) }, meta }, null, 1));
  }
  return pages;
}

const REQ_HEADER = ["countryCode", "id", "name", "code", "startDate", "endDate", "year", "clusterCode", "cluster", "requirements", "funding", "percentFunded"];

function requirementsCsv(): string {
  const rows: (string | number)[][] = [];
  for (const y of [YEAR - 1, YEAR]) {
    const plan = y === YEAR ? DEMO_PLAN : { id: 9801, code: `HXDM${String(y).slice(2)}`, name: `Dalmora ${y}` };
    for (const cl of DEMO_CLUSTERS) {
      const req = y === YEAR ? cl.requirement : Math.round(cl.requirement * 0.9);
      rows.push(["XDM", plan.id, plan.name, plan.code, `${y}-01-01`, `${y}-12-31`, y, cl.id - (y === YEAR ? 0 : 100), cl.name, req, "", ""]);
    }
    rows.push(["XDM", plan.id, plan.name, plan.code, `${y}-01-01`, `${y}-12-31`, y, "", "Not specified", "", "", ""]);
  }
  return csvFromValues(REQ_HEADER, rows);
}

/** The cluster's own funding tracker for the previous year (before FTS caught up): one row per grant. */
export const PARTNER_SHEET: (string | number | null)[][] = [
  ["Association pour la Promotion de la Femme de Kandaro", "NNGO", "Norway, Government of", 180_000, "USD", `${YEAR - 1}-03-15`, "GBV"],
  ["Jeunesse Solidaire de Maréna", "National NGO", "Dalmora Humanitarian Fund", 120_000, "USD", `${YEAR - 1}-04-02`, "Child Protection"],
  ["Office of the United Nations High Commissioner for Refugees", "UN", "European Union", 1_450_000, "USD", `${YEAR - 1}-02-10`, "General Protection"],
  ["Nordic Displacement Council", "INGO", "Germany, Government of", 400_000, "USD", `${YEAR - 1}-05-20`, "HLP"],
  ["Initiative Communautaire pour le Déminage", "NNGO", "Japan, Government of", 95_000, "USD", `${YEAR - 1}-06-30`, "Mine Action"],
  // a grant in CFA francs with no exchange rate: kept in XOF and flagged, never converted with a guessed rate
  ["Union des Associations Féminines de Bandiagoura", "Local NGO", "Ambassade de France", 25_000_000, "XOF", `${YEAR - 1}-07-12`, "VBG"]
];

async function partnerSheetBytes(): Promise<Uint8Array> {
  const wb = newWorkbook();
  const ws = wb.addWorksheet("Funding received", { views: [{ state: "frozen", ySplit: 1 }] });
  ws.addRow(["Partner", "Partner type", "Donor", "Amount", "Currency", "Date received", "AoR"]).font = { bold: true };
  for (const r of PARTNER_SHEET) ws.addRow(r.map((v, i) => (i === 5 && typeof v === "string" ? new Date(`${v}T00:00:00Z`) : v)));
  ws.getColumn(4).numFmt = "#,##0";
  ws.getColumn(6).numFmt = "yyyy-mm-dd";
  return workbookBytes(wb);
}

/** CBPF project export (long OData names): the Dalmora Humanitarian Fund's approved projects. */
function cbpfCsv(): string {
  const rows = DEMO_FLOWS.filter((x) => x.boundary === "internal").map((x, i) => {
    const cl = DEMO_CLUSTERS.find((k) => k.name === x.clusters[0])!;
    const type = x.to.types[0] === "NGO" ? (x.to.subTypes?.[0] === "International" ? "International NGO" : "National NGO") : "UN Agency";
    return ["Dalmora Humanitarian Fund", `XDM-${String(YEAR).slice(2)}/DHF/SA1/${cl.aor}/${type === "National NGO" ? "NNGO" : "INGO"}/${1001 + i}`, YEAR, `${YEAR} 1st Standard Allocation`, x.to.name, type, cl.name, x.amount];
  });
  return csvFromValues(["PooledFundName", "ChfProjectCode", "AllocationYear", "AllocationType", "OrganizationName", "OrganizationType", "Cluster", "Budget"], rows);
}

export interface DemoFile {
  path: string;
  bytes: Uint8Array;
  rows: number;
  what: string;
}

export async function buildFundingFiles(): Promise<DemoFile[]> {
  const pages = ftsPages();
  const files: DemoFile[] = pages.map((p, i) => ({
    path: `funding/fts_flows_xdm_${YEAR}_page${i + 1}.json`,
    bytes: Buffer.from(p, "utf8"),
    rows: JSON.parse(p).data.flows.length,
    what: `FTS API flows response, page ${i + 1} of ${pages.length} (parked parent + children, shared flows, pooled fund incoming/internal, pledges, a refund, an off-plan flow)`
  }));
  const req = requirementsCsv();
  files.push({ path: `funding/fts_requirements_funding_cluster_xdm.csv`, bytes: encodeText(req, "utf-8"), rows: req.trim().split("\n").length - 1, what: "FTS requirements per plan cluster (HDX format), two plan years" });
  files.push({ path: `funding/xdm_protection_partner_funding_${YEAR - 1}.xlsx`, bytes: await partnerSheetBytes(), rows: PARTNER_SHEET.length, what: "Cluster-kept partner funding sheet (previous year; one amount in XOF without a rate)" });
  const cbpf = cbpfCsv();
  files.push({ path: `funding/cbpf_projects_xdm_${YEAR}.csv`, bytes: encodeText(cbpf, "utf-8"), rows: cbpf.trim().split("\n").length - 1, what: "CBPF project export of the Dalmora Humanitarian Fund (same grants as the FTS internal flows)" });
  return files;
}
