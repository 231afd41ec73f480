// Funding: FTS flows (API JSON or CSV export), CBPF project lists → funding_flows;
// FTS requirements and funding per plan/cluster → funding_requirements.
import { z } from "zod";
import { category, number, text, year, date } from "../fields.ts";
import { recordsSheet } from "../read/json.ts";
import type { Sheet } from "../read/sheet.ts";
import type { KindDefinition } from "./kind.ts";

const STATUS = { paid: ["paid", "paye", "disbursed"], commitment: ["commitment", "committed", "engagement", "approved"], pledge: ["pledge", "pledged", "promesse"] };

export const FlowRow = z.object({
  flow_id: text({ aliases: ["id", "flow id", "chfprojectcode", "project code", "refcode", "prjcode", "contributioncode"], hxl: ["#x_flow+id"] }),
  status: category(STATUS, { aliases: ["status", "statut", "flow status"] }),
  flow_type: text({ aliases: ["flowtype", "flow type"] }),
  boundary: text({ aliases: ["boundary"] }),
  on_boundary: text({ aliases: ["onboundary"] }),
  amount_usd: number({ aliases: ["amountusd", "amount usd", "budget", "amount", "montant usd", "totalusdplanned", "paidamt", "prgbdg", "programme budget", "admlocclustbdg1"], hxl: ["#value+funding+usd", "#value+usd"] }),
  parent_flow_id: text({ aliases: ["parentflowid", "parent flow id"] }),
  child_flow_ids: text({ aliases: ["childflowids", "child flow ids"] }),
  budget_year: year({ aliases: ["budgetyear", "budget year", "allocationyear", "allocation year", "year", "allyr", "fiscalyear", "ayr"] }),
  flow_date: date({ aliases: ["date", "decisiondate", "flow date"] }),
  src_org: text({ aliases: ["srcorganization", "source organization", "donor", "bailleur", "pooledfundname", "pooled fund name", "donorname", "allnm"], hxl: ["#org+funder", "#org+funding"] }),
  src_org_type: text({ aliases: ["srcorganizationtypes", "source organization type"] }),
  dest_org: text({ aliases: ["destorganization", "destination organization", "organizationname", "organization name", "recipient", "orgnm"], hxl: ["#org+impl"] }),
  dest_org_type: text({ aliases: ["destorganizationtypes", "destination organization type", "organizationtype", "organization type", "orgtypeid"] }),
  dest_org_subtype: text({ aliases: ["destorganizationsubtypes", "organizationsubtypes"] }),
  dest_global_clusters: text({ aliases: ["destglobalclusters", "global cluster", "globalcluster"] }),
  dest_clusters: text({ aliases: ["destclusters", "cluster", "clusters", "clustername"] }),
  dest_locations: text({ aliases: ["destlocations", "destination locations", "location", "admloc1"] }),
  dest_plan: text({ aliases: ["destplan", "destination plan", "plan"] }),
  shared_cluster: text({ aliases: ["__shared_cluster"] }),
  description: text({ aliases: ["description", "projecttitle", "project title", "prjtitle"] })
});

type Obj = { type?: string; name?: string; behavior?: string; organizationTypes?: string[]; organizationSubTypes?: string[] };

function flattenFlow(f: Record<string, unknown>): Record<string, unknown> {
  const src = (f.sourceObjects as Obj[] | undefined) ?? [];
  const dst = (f.destinationObjects as Obj[] | undefined) ?? [];
  const names = (objs: Obj[], type: string) => objs.filter((o) => o.type === type).map((o) => o.name).join(", ") || null;
  const org = dst.find((o) => o.type === "Organization");
  return {
    id: f.id,
    status: f.status,
    flowType: f.flowType,
    boundary: f.boundary,
    onBoundary: f.onBoundary,
    amountUSD: f.amountUSD,
    parentFlowId: f.parentFlowId ?? null,
    childFlowIds: Array.isArray(f.childFlowIds) && f.childFlowIds.length ? (f.childFlowIds as unknown[]).join(",") : null,
    budgetYear: f.budgetYear ?? null,
    date: f.date ?? f.decisionDate ?? null,
    srcOrganization: names(src, "Organization"),
    srcOrganizationTypes: src.find((o) => o.type === "Organization")?.organizationTypes?.join(", ") ?? null,
    destOrganization: names(dst, "Organization"),
    destOrganizationTypes: org?.organizationTypes?.join(", ") ?? null,
    destOrganizationSubTypes: org?.organizationSubTypes?.join(", ") ?? null,
    destGlobalClusters: names(dst, "GlobalCluster"),
    destClusters: names(dst, "Cluster"),
    destLocations: names(dst, "Location"),
    destPlan: names(dst, "Plan"),
    __shared_cluster: dst.some((o) => (o.type === "GlobalCluster" || o.type === "Cluster") && o.behavior === "shared") ? "yes" : "no",
    description: f.description ?? null
  };
}

function flowsFromJson(doc: unknown): Sheet[] | null {
  const flows = (doc as { data?: { flows?: unknown } })?.data?.flows;
  if (!Array.isArray(flows)) return null;
  return [recordsSheet((flows as Record<string, unknown>[]).map(flattenFlow), "flows")];
}

export const funding: KindDefinition = {
  name: "funding",
  label: "funding flows",
  table: "funding_flows",
  schema: FlowRow,
  signature: [["amount_usd", "src_org", "dest_org"], ["amount_usd", "dest_org", "status"], ["amount_usd", "dest_org", "dest_clusters"], ["amount_usd", "src_org", "budget_year"], ["amount_usd", "dest_org", "flow_id"], ["amount_usd", "flow_id", "budget_year"]],
  fromJson: flowsFromJson,
  checks: () => [{ rule: "amount-missing", severity: "error", field: "amount_usd", when: "amount_usd IS NULL", reason: `'no amount in USD'` }]
};

export const RequirementRow = z.object({
  plan_code: text({ aliases: ["code", "plan code", "appeal code"], hxl: ["#activity+appeal+id+external"] }),
  plan_name: text({ aliases: ["name", "plan name", "appeal name"], hxl: ["#activity+appeal+name"] }),
  country_code: text({ aliases: ["countrycode", "country code", "iso3"], hxl: ["#country+code"] }),
  year: year({ aliases: ["year", "annee"], hxl: ["#date+year"] }),
  cluster_code: text({ aliases: ["clustercode", "cluster code"], hxl: ["#sector+cluster+code"] }),
  cluster: text({ aliases: ["cluster", "cluster name"], hxl: ["#sector+cluster+name"] }),
  requirements: number({ aliases: ["requirements", "revised requirements", "revisedrequirements", "besoins"], hxl: ["#value+funding+required+usd"] }),
  funding: number({ aliases: ["funding", "financement", "funding total"], hxl: ["#value+funding+total+usd"] })
});

function requirementsFromJson(doc: unknown): Sheet[] | null {
  const data = (doc as { data?: { requirements?: { objects?: unknown[] }; report3?: { fundingTotals?: { objects?: { singleFundingObjects?: unknown[] }[] } } } })?.data;
  const objs = data?.requirements?.objects;
  if (!Array.isArray(objs)) return null;
  const funded = new Map<string, number>();
  for (const group of data?.report3?.fundingTotals?.objects ?? []) {
    for (const o of (group.singleFundingObjects ?? []) as { name?: string; totalFunding?: number }[]) if (o.name) funded.set(o.name, o.totalFunding ?? 0);
  }
  const rows = (objs as { name?: string; id?: unknown; revisedRequirements?: number; origRequirements?: number }[]).map((o) => ({
    cluster: o.name,
    clusterCode: o.id,
    requirements: o.revisedRequirements ?? o.origRequirements ?? null,
    funding: o.name ? funded.get(o.name) ?? null : null
  }));
  return [recordsSheet(rows, "requirements")];
}

export const requirements: KindDefinition = {
  name: "requirements",
  label: "funding requirements",
  table: "funding_requirements",
  schema: RequirementRow,
  signature: [["requirements", "funding"], ["requirements", "cluster"]],
  fromJson: requirementsFromJson
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
