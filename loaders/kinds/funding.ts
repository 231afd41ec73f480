// Funding: FTS flows (API JSON pages, HDX CSV/XLSX exports), CBPF projects and contributions, and the
// cluster-kept partner funding sheet → funding_flows; FTS requirements and funding per plan/cluster →
// funding_requirements. How a flow is attributed to an AoR is decided at ingest (funding-flows.ts).
import { z } from "zod";
import { category, number, text, year, date } from "../fields.ts";
import { recordsSheet } from "../read/json.ts";
import type { Sheet } from "../read/sheet.ts";
import type { KindDefinition } from "./kind.ts";
import { ftsFlowSheets } from "./funding-fts-json.ts";
import { checkPages, flowChecks, prepareFlows } from "./funding-flows.ts";
import { checkRequirementScope, prepareRequirements } from "./funding-requirements.ts";

const STATUS = { paid: ["paid", "paye", "disbursed", "received", "recu"], commitment: ["commitment", "committed", "engagement", "approved", "signed"], pledge: ["pledge", "pledged", "promesse"] };

export const FlowRow = z.object({
  flow_id: text({ aliases: ["id", "flow id", "chfprojectcode", "project code", "refcode", "prjcode", "contributioncode"], hxl: ["#x_flow+id", "#activity+id+fts_internal-appeal-project"] }),
  version: number({ aliases: ["__version", "versionid", "version id"] }),
  updated_at: text({ aliases: ["__updated", "updatedat", "updated at"], hxl: ["#date+updated"] }),
  status: category(STATUS, { aliases: ["status", "statut", "flow status"], hxl: ["#status+text"] }),
  flow_type: text({ aliases: ["flowtype", "flow type"] }),
  contribution_type: text({ aliases: ["contributiontype", "contribution type"] }),
  method: text({ aliases: ["method", "funding method"], hxl: ["#financial+method"] }),
  boundary: text({ aliases: ["boundary"], hxl: ["#financial+direction-type"] }),
  on_boundary: text({ aliases: ["onboundary"], hxl: ["#financial+direction+type"] }),
  amount_usd: number({ aliases: ["amountusd", "amount usd", "usd amount", "budget", "montant usd", "totalusdplanned", "paidamt", "prgbdg", "programme budget", "admlocclustbdg1"], hxl: ["#value+funding+usd-required", "#value+usd-required"] }),
  original_amount: number({ aliases: ["originalamount", "original amount", "amount", "montant", "amount received"], hxl: ["#value+funding+total-usd-currency"] }),
  original_currency: text({ aliases: ["originalcurrency", "original currency", "currency", "devise", "monnaie"], hxl: ["#value+funding+total+currency"] }),
  exchange_rate: number({ aliases: ["exchangerate", "exchange rate", "taux de change", "fx rate"], hxl: ["#financial+fx"] }),
  parent_flow_id: text({ aliases: ["parentflowid", "parent flow id"] }),
  child_flow_ids: text({ aliases: ["childflowids", "child flow ids"] }),
  budget_year: year({ aliases: ["budgetyear", "budget year", "allocationyear", "allocation year", "year", "allyr", "fiscalyear", "ayr"], hxl: ["#date+year+budget"] }),
  usage_year: year({ aliases: ["__usage_year", "destusageyearstart", "usage year"], hxl: ["#date+year+start+impl"] }),
  usage_years: text({ aliases: ["__usage_years"] }),
  flow_date: date({ aliases: ["date", "decisiondate", "flow date", "date received"], hxl: ["#date-year-reported-decision-created-updated-start-end"] }),
  src_org: text({ aliases: ["srcorganization", "source organization", "donor", "bailleur", "pooledfundname", "pooled fund name", "donorname", "allnm"], hxl: ["#org+funder-type", "#org+funding-type"] }),
  src_org_type: text({ aliases: ["srcorganizationtypes", "source organization type", "donor type"], hxl: ["#org+type+funder"] }),
  src_org_subtype: text({ aliases: ["__src_subtypes"] }),
  src_locations: text({ aliases: ["srclocations"] }),
  dest_org: text({ aliases: ["destorganization", "destination organization", "organizationname", "organization name", "recipient", "orgnm", "partner", "partenaire", "partner name"], hxl: ["#org+impl-type"] }),
  dest_org_type: text({ aliases: ["destorganizationtypes", "destination organization type", "organizationtype", "organization type", "orgtypeid", "type", "partner type", "type de partenaire"], hxl: ["#org+type+impl"] }),
  dest_org_subtype: text({ aliases: ["destorganizationsubtypes", "organizationsubtypes"] }),
  dest_global_clusters: text({ aliases: ["destglobalclusters", "global cluster", "globalcluster"], hxl: ["#sector+cluster+name+list"] }),
  global_cluster_ids: text({ aliases: ["__global_cluster_ids"] }),
  plan_clusters: text({ aliases: ["__plan_clusters"] }),
  plan_cluster_ids: text({ aliases: ["__plan_cluster_ids"] }),
  dest_clusters: text({ aliases: ["destclusters", "cluster", "clusters", "clustername"] }),
  aor: text({ aliases: ["aor", "area of responsibility", "sub sector", "subsector", "sous secteur", "domaine de responsabilite"] }),
  dest_locations: text({ aliases: ["destlocations", "destination locations", "location", "admloc1"], hxl: ["#country+iso3+impl"] }),
  dest_plan: text({ aliases: ["destplan", "destination plan", "plan"], hxl: ["#activity+appeal+name"] }),
  plan_id: text({ aliases: ["__plan_id", "destplanid"], hxl: ["#activity+appeal+id+fts_internal"] }),
  plan_code: text({ aliases: ["destplancode"], hxl: ["#activity+appeal+id+external"] }),
  shared_cluster: text({ aliases: ["__shared_cluster"] }),
  description: text({ aliases: ["description", "projecttitle", "project title", "prjtitle"] }),
  page_meta: text({ aliases: ["__page_meta"] })
});

export const funding: KindDefinition = {
  name: "funding",
  label: "funding flows",
  table: "funding_flows",
  schema: FlowRow,
  signature: [
    ["amount_usd", "src_org", "dest_org"],
    ["amount_usd", "dest_org", "status"],
    ["amount_usd", "dest_org", "dest_clusters"],
    ["amount_usd", "src_org", "budget_year"],
    ["amount_usd", "dest_org", "flow_id"],
    ["amount_usd", "flow_id", "budget_year"],
    // the cluster-kept partner funding sheet: partner, type, donor, amount, currency, date, AoR
    ["original_amount", "src_org", "dest_org"],
    ["original_amount", "dest_org", "aor"]
  ],
  fromJson: ftsFlowSheets,
  prepare: prepareFlows,
  checks: flowChecks,
  afterFile: checkPages
};

export const RequirementRow = z.object({
  plan_id: text({ aliases: ["id", "plan id", "planid"], hxl: ["#activity+appeal+id+fts_internal"] }),
  plan_code: text({ aliases: ["code", "plan code", "appeal code"], hxl: ["#activity+appeal+id+external"] }),
  plan_name: text({ aliases: ["name", "plan name", "appeal name"], hxl: ["#activity+appeal+name"] }),
  country_code: text({ aliases: ["countrycode", "country code", "iso3"], hxl: ["#country+code"] }),
  year: year({ aliases: ["year", "annee"], hxl: ["#date+year"] }),
  cluster_code: text({ aliases: ["clustercode", "cluster code"], hxl: ["#sector+cluster+code"] }),
  cluster: text({ aliases: ["cluster", "cluster name"], hxl: ["#sector+cluster+name"] }),
  requirements: number({ aliases: ["requirements", "revised requirements", "revisedrequirements", "besoins"], hxl: ["#value+funding+required+usd"] }),
  funding: number({ aliases: ["funding", "financement", "funding total"], hxl: ["#value+funding+total+usd"] })
});

interface GroupedResponse {
  data?: {
    requirements?: { objects?: { id?: unknown; name?: string; revisedRequirements?: number; origRequirements?: number }[] };
    report3?: { fundingTotals?: { objects?: { singleFundingObjects?: { id?: unknown; name?: string; totalFunding?: number }[] }[] } };
  };
}

function requirementsFromJson(doc: unknown, fileName: string): Sheet[] | null {
  const data = (doc as GroupedResponse)?.data;
  const objs = data?.requirements?.objects;
  if (!Array.isArray(objs)) return null;
  // the grouped response does not name its plan or year: saved copies carry them in the file name (plan929, 2020)
  const planId = /plan(?:id)?[-_]?(\d+)/i.exec(fileName)?.[1] ?? null;
  const funded = new Map<string, number>();
  for (const group of data?.report3?.fundingTotals?.objects ?? []) {
    for (const o of group.singleFundingObjects ?? []) funded.set(o.id !== undefined ? `id:${String(o.id)}` : `name:${o.name}`, o.totalFunding ?? 0);
  }
  const rows = objs.map((o) => ({
    "plan id": planId,
    cluster: o.name,
    clusterCode: o.id,
    requirements: o.revisedRequirements ?? o.origRequirements ?? null,
    funding: funded.get(`id:${String(o.id)}`) ?? null
  }));
  return [recordsSheet(rows, "requirements")];
}

export const requirements: KindDefinition = {
  name: "requirements",
  label: "funding requirements",
  table: "funding_requirements",
  schema: RequirementRow,
  signature: [["requirements", "funding"], ["requirements", "cluster"]],
  fromJson: requirementsFromJson,
  prepare: prepareRequirements,
  afterFile: checkRequirementScope
};

export const ReferenceRow = z.object({
  code: text({ aliases: ["id", "code", "acronym", "clustcode", "clustid", "pfid", "orgtypeid", "hrinfo id", "locationid", "fundtypeid", "allocationtypeid", "pcode", "iso3", "allsrcid", "allsrccode"] }),
  name: text({ aliases: ["name", "preferred term", "clustnm", "pfname", "orgtypenm", "allocationtitle", "allocationsourcenm", "title", "allnm"] })
});

export const reference: KindDefinition = {
  name: "reference",
  label: "reference list",
  table: "reference_lists",
  schema: ReferenceRow,
  signature: [["code", "name"]],
  async insert(ctx) {
    const res = await ctx.conn.run(`INSERT INTO reference_lists SELECT '${ctx.fileName.replace(/'/g, "''")}', code, name, '${ctx.fileHash}', ${ctx.sheet === null ? "NULL" : `'${ctx.sheet.replace(/'/g, "''")}'`}, _row, extra FROM v WHERE _row NOT IN (SELECT _row FROM rej)`);
    return Number(res.rowsChanged);
  }
};
