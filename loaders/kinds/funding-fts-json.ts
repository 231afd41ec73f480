// FTS API flow responses (`fts/flow?...`, `custom-search`): each flow's nested source and destination
// objects flattened into one record, and the response envelope kept with every flow so that a page of
// a paged response that was never loaded can be seen (the envelope's totals cover the whole query).
import { recordsSheet } from "../read/json.ts";
import type { Sheet } from "../read/sheet.ts";

interface FtsObject {
  type?: string;
  id?: unknown;
  name?: unknown;
  behavior?: string;
  organizationTypes?: string[];
  organizationSubTypes?: string[];
}

interface Envelope {
  data?: {
    flows?: unknown;
    incoming?: { flowCount?: number; fundingTotal?: number; pledgeTotal?: number };
    outgoing?: { flowCount?: number; fundingTotal?: number; pledgeTotal?: number };
    internal?: { flowCount?: number };
  };
  meta?: { count?: number; nextLink?: string };
}

/** What a page says about the whole query: the same text on every page of one query. */
export interface PageMeta {
  /** identifies the query: a key of its totals (the API host in nextLink may differ between copies) */
  query: string;
  /** 1-based page number when the envelope says it (from nextLink), else null */
  page: number | null;
  /** flows the whole query returns */
  count: number | null;
  incoming: number | null;
  internal: number | null;
  outgoing: number | null;
  flowsInPage: number;
  last: boolean;
}

const ORG = "Organization";
/** plan-cluster names hold commas ("Water, Sanitation and Hygiene"): lists of names use " | " */
const NAME_SEP = " | ";

function pageNumber(link: string | undefined): number | null {
  if (!link) return null;
  // `page=3` in the API link, `-page-3.json` in saved copies; the next link names the page after this one
  const m = /[?&]page=(\d+)/.exec(link) ?? /page[-_]?(\d+)(?:\.json)?$/i.exec(link);
  return m ? Number(m[1]) - 1 : null;
}

/**
 * The query's totals as letters only (FNV-1a, one letter per 4 bits): a funding total such as 725591299 in the
 * cell would read as a phone number to the personal-data check, which would then refuse the whole column.
 */
function queryKey(totals: string): string {
  let h = 0x811c9dc5;
  let g = 0x1b873593;
  for (let i = 0; i < totals.length; i++) {
    h = Math.imul(h ^ totals.charCodeAt(i), 0x01000193) >>> 0;
    g = Math.imul(g ^ totals.charCodeAt(i), 0x5bd1e995) >>> 0;
  }
  return [h, g].map((x) => x.toString(16).padStart(8, "0").replace(/[0-9a-f]/g, (c) => "abcdefghijklmnop"[parseInt(c, 16)]!)).join("");
}

export function pageMetaOf(doc: Envelope): PageMeta {
  const d = doc.data ?? {};
  const flows = Array.isArray(d.flows) ? d.flows.length : 0;
  const count = typeof doc.meta?.count === "number" ? doc.meta.count : null;
  const incoming = d.incoming?.flowCount ?? null;
  const internal = d.internal?.flowCount ?? null;
  const outgoing = d.outgoing?.flowCount ?? null;
  const last = !doc.meta?.nextLink;
  const query = queryKey([count, incoming, d.incoming?.fundingTotal ?? null, internal, outgoing, d.outgoing?.fundingTotal ?? null].join("/"));
  return { query, page: last && count !== null && count === flows ? 1 : pageNumber(doc.meta?.nextLink), count, incoming, internal, outgoing, flowsInPage: flows, last };
}

const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

function flattenFlow(f: Record<string, unknown>, meta: string): Record<string, unknown> {
  const src = (Array.isArray(f.sourceObjects) ? f.sourceObjects : []) as FtsObject[];
  const dst = (Array.isArray(f.destinationObjects) ? f.destinationObjects : []) as FtsObject[];
  const of = (objs: FtsObject[], type: string) => objs.filter((o) => o.type === type);
  const names = (objs: FtsObject[], type: string, sep = ", ") => of(objs, type).map((o) => str(o.name)).join(sep) || null;
  const ids = (objs: FtsObject[], type: string) => of(objs, type).map((o) => str(o.id)).join(",") || null;
  const srcOrg = of(src, ORG)[0];
  const dstOrg = of(dst, ORG)[0];
  const years = of(dst, "UsageYear").map((o) => Number(o.name)).filter(Number.isFinite).sort();
  const plans = of(dst, "Plan");
  return {
    id: f.id,
    __version: f.versionId ?? null,
    __updated: f.updatedAt ?? null,
    status: f.status,
    flowType: f.flowType,
    contributionType: f.contributionType ?? null,
    method: f.method ?? null,
    boundary: f.boundary,
    onBoundary: f.onBoundary,
    amountUSD: f.amountUSD,
    originalAmount: f.originalAmount ?? null,
    originalCurrency: f.originalCurrency ?? null,
    exchangeRate: f.exchangeRate ?? null,
    parentFlowId: f.parentFlowId ?? null,
    childFlowIds: Array.isArray(f.childFlowIds) && f.childFlowIds.length ? (f.childFlowIds as unknown[]).join(",") : null,
    budgetYear: f.budgetYear ?? null,
    date: f.date ?? f.decisionDate ?? null,
    srcOrganization: names(src, ORG, NAME_SEP),
    srcOrganizationTypes: srcOrg?.organizationTypes?.join(", ") ?? null,
    __src_subtypes: srcOrg?.organizationSubTypes?.join(", ") ?? null,
    srcLocations: names(src, "Location", NAME_SEP),
    destOrganization: names(dst, ORG, NAME_SEP),
    destOrganizationTypes: dstOrg?.organizationTypes?.join(", ") ?? null,
    destOrganizationSubTypes: dstOrg?.organizationSubTypes?.join(", ") ?? null,
    destGlobalClusters: names(dst, "GlobalCluster", NAME_SEP),
    __global_cluster_ids: ids(dst, "GlobalCluster"),
    __plan_clusters: names(dst, "Cluster", NAME_SEP),
    __plan_cluster_ids: ids(dst, "Cluster"),
    destLocations: names(dst, "Location", NAME_SEP),
    destPlan: names(dst, "Plan", NAME_SEP),
    __plan_id: plans.length ? plans.map((o) => str(o.id)).join(",") : null,
    __usage_year: years[0] ?? null,
    __usage_years: years.length ? years.join(",") : null,
    __shared_cluster: dst.some((o) => (o.type === "GlobalCluster" || o.type === "Cluster") && o.behavior === "shared") ? "yes" : "no",
    description: f.description ?? null,
    __page_meta: meta
  };
}

export function ftsFlowSheets(doc: unknown): Sheet[] | null {
  const env = doc as Envelope;
  const flows = env?.data?.flows;
  if (!Array.isArray(flows)) return null;
  const meta = JSON.stringify(pageMetaOf(env));
  return [recordsSheet((flows as Record<string, unknown>[]).map((f) => flattenFlow(f, meta)), "flows")];
}
