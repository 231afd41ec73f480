// Funding flows after their types are read: where each row came from (FTS, CBPF, the cluster's own
// partner sheet), its amount in US dollars (converted only with a rate the file gives), the AoR it
// belongs to, repeated flow ids, and — once a file is in — whether a paged FTS response is complete.
import { literal } from "../../warehouse/sql.ts";
import { normalise } from "../normalise.ts";
import { insertSheetIssues, type RowCheck } from "../validate.ts";
import { aorCase } from "./aor.ts";
import type { KindDefinition, SheetContext } from "./kind.ts";
import type { PageMeta } from "./funding-fts-json.ts";

/** A dollar amount as people read it: 1,250,000 or 1,250.50. */
export const usdText = (x: string) => `CASE WHEN ${x} = round(${x}) THEN format('{:,.0f}', ${x}) ELSE format('{:,.2f}', ${x}) END`;

/**
 * The cluster names of a list cell as a SQL list: " | "-joined (our JSON flattening), or comma-joined as in the
 * HDX CSV exports, whose names may hold ", " themselves ("Housing, Land and Property,Protection").
 */
export const clusterList = (x: string) =>
  `CASE WHEN ${x} IS NULL THEN []::VARCHAR[] WHEN contains(${x}, ' | ') THEN string_split(${x}, ' | ')
        ELSE list_transform(string_split(replace(${x}, ', ', chr(1)), ','), e -> trim(replace(e, chr(1), ', '))) END`;

/** cbpf-window: allocation windows with a planned total (AllocationTypes), not grants */
type Source = "fts" | "cbpf" | "cbpf-contribution" | "cbpf-window" | "partner";

function sourceOf(ctx: SheetContext): Source {
  const mapped = ctx.mapping.fields;
  const header = (f: string) => {
    const i = mapped.get(f);
    return i === undefined ? "" : normalise(ctx.columns[i]?.header ?? "");
  };
  if (["page_meta", "flow_type", "boundary", "version", "plan_cluster_ids", "on_boundary"].some((f) => mapped.has(f))) return "fts";
  if (/totalusdplanned/.test(header("amount_usd"))) return "cbpf-window";
  if (/contribution/.test(header("flow_id")) || /^(paidamt|pledgeamt)$/.test(header("amount_usd"))) return "cbpf-contribution";
  if (/chf|prj|project code/.test(header("flow_id")) || /pooled/.test(header("src_org")) || /budget|prgbdg|bdg/.test(header("amount_usd"))) return "cbpf";
  return "partner";
}

async function addIssues(ctx: SheetContext, severity: string, rule: string, column: string, field: string, when: string, reason: string, from = "v"): Promise<void> {
  await ctx.conn.run(`${insertSheetIssues(ctx)} _row, ${literal(column)}, left(${ctx.raw(field)}, 500), ${literal(severity)}, ${literal(rule)}, ${reason}, NULL FROM ${from} WHERE ${when}`);
}

export async function prepareFlows(ctx: SheetContext): Promise<void> {
  const { conn } = ctx;
  const source = sourceOf(ctx);
  await conn.run(`ALTER TABLE v ADD COLUMN source VARCHAR DEFAULT ${literal(source)};
    ALTER TABLE v ADD COLUMN amount_flag VARCHAR;
    ALTER TABLE v ADD COLUMN cluster_basis VARCHAR;
    ALTER TABLE v ADD COLUMN protection_scope VARCHAR;
    ALTER TABLE v ADD COLUMN cluster_count INTEGER;
    ALTER TABLE v ADD COLUMN aor_list VARCHAR`);

  // amounts: US dollars as given; else the original amount, converted only with the file's own rate
  // (FTS: original amount ÷ exchange rate = USD; 119,700 CHF at 1.007 → 118,868)
  await conn.run(`UPDATE v SET original_currency = nullif(upper(trim(original_currency)), '') WHERE original_currency IS NOT NULL;
    UPDATE v SET amount_usd = CASE
        WHEN original_currency IS NULL OR original_currency = 'USD' THEN original_amount
        WHEN exchange_rate > 0 THEN round(original_amount / exchange_rate, 2)
      END
      WHERE amount_usd IS NULL AND original_amount IS NOT NULL;
    UPDATE v SET amount_flag = 'no-rate' WHERE amount_usd IS NULL AND original_amount IS NOT NULL;
    UPDATE v SET amount_flag = 'refund' WHERE amount_usd < 0 OR (amount_usd IS NULL AND original_amount < 0)`);
  // the cluster's tracker lists money received: without a status column every row is paid
  if (source === "partner" && !ctx.mapping.fields.has("status")) {
    await conn.run(`UPDATE v SET status = 'paid' WHERE status IS NULL`);
    ctx.issue({ severity: "info", rule: "status-assumed", column: "status", reason: "no status column: every amount is read as paid (funding received)" });
  }
  if (source === "partner" && !ctx.mapping.fields.has("original_currency") && !ctx.mapping.fields.has("amount_usd")) {
    ctx.issue({ severity: "info", rule: "currency-assumed", column: "amount", reason: "no currency column: amounts are read as US dollars" });
  }

  // the AoR: from the plan's own clusters when the flow names any (FTS's plan view), else the global
  // clusters, else the partner sheet's AoR column; each name mapped with the loaders' AoR patterns
  const basis = `CASE WHEN plan_clusters IS NOT NULL THEN 'plan cluster'
      WHEN dest_global_clusters IS NOT NULL THEN 'global cluster'
      WHEN source = 'partner' AND aor IS NOT NULL THEN 'partner sheet'
      WHEN dest_clusters IS NOT NULL THEN 'cluster'
      ELSE 'none' END`;
  await conn.run(`CREATE OR REPLACE TEMP TABLE flow_attr AS
    WITH d AS (SELECT DISTINCT plan_clusters, dest_global_clusters, dest_clusters, aor, source FROM v),
    b AS (SELECT *, ${basis} AS basis FROM d),
    l AS (SELECT *, CASE basis WHEN 'plan cluster' THEN ${clusterList("plan_clusters")}
                               WHEN 'global cluster' THEN ${clusterList("dest_global_clusters")}
                               WHEN 'partner sheet' THEN [aor]
                               WHEN 'cluster' THEN ${clusterList("dest_clusters")}
                               ELSE []::VARCHAR[] END AS names FROM b),
    a AS (SELECT *, list_transform(names, e -> ${aorCase("e")}) AS aors FROM l)
    SELECT plan_clusters, dest_global_clusters, dest_clusters, aor AS aor_in, source, basis, len(names) AS n,
           len(list_filter(aors, x -> x IS NOT NULL)) AS np,
           list_distinct(list_filter(aors, x -> x IS NOT NULL)) AS distinct_aors
    FROM a`);
  await conn.run(`ALTER TABLE v ADD COLUMN aor_text VARCHAR; UPDATE v SET aor_text = aor;
    UPDATE v SET cluster_basis = f.basis, cluster_count = f.n,
      protection_scope = CASE
        WHEN f.n = 0 THEN CASE WHEN f.source = 'partner' THEN 'protection' ELSE 'unspecified' END
        WHEN f.np = 0 THEN 'other'
        WHEN f.np = f.n AND len(f.distinct_aors) = 1 THEN 'single'
        WHEN f.np = f.n THEN 'protection'
        ELSE 'mixed-shared' END,
      aor = CASE WHEN f.np = f.n AND len(f.distinct_aors) = 1 THEN f.distinct_aors[1] END,
      aor_list = nullif(array_to_string(list_sort(f.distinct_aors), ','), '')
    FROM flow_attr f
    WHERE v.plan_clusters IS NOT DISTINCT FROM f.plan_clusters AND v.dest_global_clusters IS NOT DISTINCT FROM f.dest_global_clusters
      AND v.dest_clusters IS NOT DISTINCT FROM f.dest_clusters AND v.aor_text IS NOT DISTINCT FROM f.aor_in AND v.source = f.source;
    DROP TABLE flow_attr`);
  if (source === "cbpf") {
    const n = Number((await conn.runAndReadAll(`SELECT count(*) FROM v WHERE protection_scope = 'unspecified'`)).getRows()[0]![0]);
    if (n) ctx.issue({ severity: "info", rule: "cbpf-no-cluster", column: null, reason: `${n.toLocaleString("en-US")} pooled-fund projects name no cluster: kept in the pooled-fund totals, in no AoR` });
  }

  // the same FTS flow twice in one export: a later version wins; the same version twice must agree
  if (source === "fts") {
    await conn.run(`CREATE OR REPLACE TEMP TABLE flow_repeats AS
      SELECT _row, r_flow_id, flow_id, version, amount_usd,
             first_value(_row) OVER w AS first_row, first_value(amount_usd) OVER w AS first_amount,
             first_value(version) OVER w AS first_version, row_number() OVER w AS rn
      FROM v WHERE flow_id IS NOT NULL
      WINDOW w AS (PARTITION BY flow_id ORDER BY version DESC NULLS LAST, _row)
      QUALIFY count(*) OVER (PARTITION BY flow_id) > 1`);
    const ver = (x: string) => `coalesce(' version ' || CAST(${x} AS BIGINT), '')`;
    await addIssues(ctx, "skipped", "flow-older-version", "id", "flow_id", `rn > 1 AND version < first_version`,
      `'flow ' || flow_id || ${ver("version")} || ' is superseded by' || ${ver("first_version")} || ' at row ' || first_row || '; not loaded'`, "flow_repeats");
    await addIssues(ctx, "skipped", "flow-repeated", "id", "flow_id", `rn > 1 AND version IS NOT DISTINCT FROM first_version AND amount_usd IS NOT DISTINCT FROM first_amount`,
      `'flow ' || flow_id || ' repeats row ' || first_row || ' (same version and amount); not loaded twice'`, "flow_repeats");
    await addIssues(ctx, "error", "flow-repeated-amount", "id", "flow_id", `rn > 1 AND version IS NOT DISTINCT FROM first_version AND amount_usd IS DISTINCT FROM first_amount`,
      `'flow ' || flow_id || ${ver("version")} || ' appears again with amount ' || coalesce(${usdText("amount_usd")}, 'none') || ' USD; row ' || first_row || ' has ' || coalesce(${usdText("first_amount")}, 'none') || ' USD. The export disagrees with itself: only row ' || first_row || ' loaded'`, "flow_repeats");
    await conn.run(`DROP TABLE flow_repeats`);
  }
}

export function flowChecks(): RowCheck[] {
  return [
    { rule: "amount-missing", severity: "error", field: "amount_usd", when: "amount_usd IS NULL AND original_amount IS NULL", reason: `'no amount (in US dollars or in the original currency)'` },
    {
      rule: "currency-no-rate",
      severity: "warning",
      field: "original_amount",
      when: "amount_flag = 'no-rate'",
      reason: `'amount ' || ${usdText("original_amount")} || ' ' || original_currency || ' has no exchange rate to US dollars: kept in ' || original_currency || ', left out of the USD totals (no rate is guessed)'`
    },
    {
      rule: "refund",
      severity: "warning",
      field: "amount_usd",
      when: "amount_flag = 'refund'",
      reason: `'negative amount ' || coalesce(${usdText("amount_usd")} || ' USD', ${usdText("original_amount")} || ' ' || coalesce(original_currency, '')) || ' kept as a refund (signed): it reduces the totals it falls in'`
    },
    {
      rule: "no-cluster",
      severity: "warning",
      field: "dest_org",
      when: "protection_scope = 'unspecified' AND source = 'fts'",
      reason: `'flow ' || coalesce(flow_id, '') || ' names no cluster: counted as ''Not specified'', in no AoR and not in protection coverage'`
    },
    {
      rule: "aor-not-protection",
      severity: "warning",
      field: "aor",
      when: "source = 'partner' AND protection_scope = 'other'",
      reason: `'AoR ''' || aor_text || ''' is not a Protection AoR (expected General Protection, Child Protection, GBV, Mine Action or HLP): kept, in no AoR'`
    }
  ];
}

/** After an FTS page is stored: the pages of its query loaded so far against the envelope's totals. */
export const checkPages: NonNullable<KindDefinition["afterFile"]> = async (ctx) => {
  const own = (await ctx.conn.runAndReadAll(`SELECT any_value(page_meta) FROM funding_flows WHERE file_hash = $h AND page_meta IS NOT NULL`, { h: ctx.fileHash })).getRows()[0]?.[0];
  if (typeof own !== "string") return;
  const meta = JSON.parse(own) as PageMeta;
  if (meta.count === null) return;
  // the pages of this query loaded so far (one envelope per file); a page's own flow count, not distinct ids:
  // a flow repeated within a page must not look like a missing page
  const pages = (
    await ctx.conn.runAndReadAll(
      `SELECT DISTINCT file_hash, page_meta FROM funding_flows
       WHERE page_meta IS NOT NULL AND json_extract_string(page_meta, '$.query') = $q
         AND (file_hash = $h OR file_hash IN (SELECT file_hash FROM ingest_files WHERE status = 'loaded'))`,
      { q: meta.query, h: ctx.fileHash }
    )
  ).getRowObjectsJS() as { page_meta: string }[];
  const metas = pages.map((p) => JSON.parse(p.page_meta) as PageMeta);
  // the same page loaded twice (two copies of one download) counts once
  const byPage = new Map(metas.map((m, i) => [m.page ?? `file ${i}`, m]));
  const loaded = [...byPage.values()].reduce((s, m) => s + m.flowsInPage, 0);
  // a page with a next link may be followed by the next file: only the last page (or a complete set) speaks
  if (!meta.last || loaded >= meta.count) return;
  const size = Math.max(...metas.filter((m) => !m.last).map((m) => m.flowsInPage), 0);
  const known = new Set(metas.map((m) => m.page).filter((p): p is number => p !== null));
  const lastPage = size > 0 ? Math.ceil(meta.count / size) : null;
  const missing = lastPage ? Array.from({ length: lastPage - 1 }, (_, i) => i + 1).filter((p) => !known.has(p)) : [];
  const parts = [meta.incoming !== null ? `${meta.incoming.toLocaleString("en-US")} incoming` : null, meta.internal !== null ? `${meta.internal.toLocaleString("en-US")} internal` : null].filter(Boolean).join(", ");
  ctx.issue({
    severity: "warning",
    rule: "page-missing",
    column: null,
    reason: `incomplete FTS response: its envelope counts ${meta.count.toLocaleString("en-US")} flows${parts ? ` (${parts})` : ""}, the ${byPage.size} page${byPage.size === 1 ? "" : "s"} loaded hold ${loaded.toLocaleString("en-US")}${missing.length ? `: page${missing.length === 1 ? "" : "s"} ${missing.join(", ")} missing` : ""}; load the missing page${missing.length === 1 ? "" : "s"} or the funding figures will be short`
  });
};
