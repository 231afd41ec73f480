-- depends: funding_flows, ingest_files
-- One row per funding flow as it stands now, from the current version of every loaded file.
-- A flow loaded several times (a newer FTS export, the API JSON and the HDX CSV of the same flows) is one
-- row: FTS flows and CBPF projects are keyed by source + flow id, and the latest copy wins — newest
-- updatedAt, then highest versionId, then the copy that names the plan's own clusters (API JSON), then the
-- file loaded last. Partner-sheet rows have no id and each stays a row.
-- year: the destination usage year, else the budget year, else the year of the flow's date.
-- month: first of the month of the flow's date, moved to January of `year` when dated before it (FTS
--   records multi-year money under its first date: it reaches the response in its usage year).
-- parent_replaced: a parent flow (childFlowIds, typically Parked with amount 0) whose children are
--   loaded too; the children carry the money, so the parent is never counted (no parent + children).
-- counted: paid or commitment, an amount in USD, not a replaced parent — what "funded" sums.
-- recipient_type / donor_type: UN, INGO, NNGO/local (NGO sub-type National or Local, CBPF "National NGO",
--   CSOs and women-led organisations), RCRC, government, pooled fund, NGO (unspecified) (FTS CSV exports
--   give "NGO" without its sub-type), other.
-- fund_type: CBPF or CERF when the source is a pooled fund (CERF by name or the sub-type Global);
--   fund_ref: the CBPF fund id of project exports that do not name the fund (PFId).
WITH loaded AS (
  SELECT file_hash, max(loaded_at) AS loaded_at
  FROM ingest_files
  WHERE status = 'loaded' -- rows of replaced file versions are gone; this keeps torn leftovers out too
  GROUP BY file_hash
),
ranked AS (
  SELECT f.*,
         l.loaded_at,
         row_number() OVER (
           PARTITION BY CASE WHEN f.flow_id IS NOT NULL AND f.source <> 'partner' THEN f.source || ':' || f.flow_id
                             ELSE f.file_hash || ':' || coalesce(f.sheet, '') || ':' || f.row_number END
           ORDER BY TRY_CAST(f.updated_at AS TIMESTAMP) DESC NULLS LAST, f.version DESC NULLS LAST,
                    (f.plan_clusters IS NOT NULL) DESC, l.loaded_at DESC, f.row_number
         ) AS copy
  FROM funding_flows AS f
  JOIN loaded AS l USING (file_hash)
),
cur AS (
  SELECT * EXCLUDE (copy),
         coalesce(usage_year, budget_year, year(flow_date)) AS year
  FROM ranked
  WHERE copy = 1
),
children AS (
  SELECT DISTINCT parent_flow_id AS flow_id FROM cur WHERE parent_flow_id IS NOT NULL
),
typed AS (
  SELECT cur.*,
         (cur.child_flow_ids IS NOT NULL AND cur.flow_id IN (SELECT flow_id FROM children)) AS parent_replaced,
         lower(coalesce(dest_org_type, '')) AS t,
         lower(coalesce(dest_org_subtype, '')) AS s,
         lower(coalesce(src_org_type, '')) AS st,
         lower(coalesce(src_org_subtype, '')) AS ss
  FROM cur
)
SELECT flow_id, source, version, updated_at, year,
       CASE WHEN flow_date IS NULL THEN NULL
            WHEN year IS NOT NULL AND year(flow_date) < year THEN make_date(year, 1, 1)
            ELSE date_trunc('month', flow_date)::DATE END AS month,
       flow_date, status, flow_type, contribution_type, method, boundary, on_boundary,
       amount_usd, original_amount, original_currency, exchange_rate, amount_flag,
       parent_flow_id, child_flow_ids, parent_replaced,
       status IN ('paid', 'commitment') AND amount_usd IS NOT NULL AND NOT parent_replaced AS counted,
       src_org AS donor, src_org_type, src_org_subtype,
       CASE WHEN st LIKE '%pooled%' THEN 'pooled fund'
            -- partner sheets name the fund without a type: "Dalmora Humanitarian Fund", "CERF", "CBPF"
            WHEN st = '' AND regexp_matches(lower(coalesce(src_org, '')), 'humanitarian fund|pooled fund|central emergency response|(^| )(cerf|cbpf|chf|shf|ehf|rhpf)( |$)') THEN 'pooled fund'
            WHEN st LIKE '%government%' THEN 'government'
            WHEN st LIKE '%un agency%' THEN 'UN'
            WHEN st LIKE '%red cross%' OR st LIKE '%red crescent%' THEN 'RCRC'
            WHEN st LIKE '%private%' THEN 'private'
            WHEN st LIKE '%inter-governmental%' OR st LIKE '%intergovernmental%' THEN 'inter-governmental'
            WHEN st = '' THEN NULL
            ELSE 'other' END AS donor_type,
       CASE WHEN st LIKE '%pooled%' OR source = 'cbpf'
              OR (st = '' AND regexp_matches(lower(coalesce(src_org, '')), 'humanitarian fund|pooled fund|central emergency response|(^| )(cerf|cbpf|chf|shf|ehf|rhpf)( |$)')) THEN
              CASE WHEN ss LIKE '%global%' OR regexp_matches(lower(coalesce(src_org, '')), '(^| )cerf( |$)|central emergency response') THEN 'CERF' ELSE 'CBPF' END
       END AS fund_type,
       dest_org AS recipient, dest_org_type, dest_org_subtype,
       CASE WHEN source = 'cbpf' AND t IN ('1', '2', '3', '4') THEN ['NNGO/local', 'INGO', 'UN', 'other'][t::INTEGER]
            WHEN t LIKE '%pooled%' THEN 'pooled fund'
            WHEN regexp_matches(t, 'red cross|red crescent|croix|croissant|rcrc|ifrc|icrc|national society') THEN 'RCRC'
            WHEN regexp_matches(t, '(^| )(un|onu)( |$)|un agency|united nations|nations unies') THEN 'UN'
            WHEN regexp_matches(t, 'government|gouvernement|ministry|ministere|^gov') THEN 'government'
            -- "international" contains "national": national and local are matched as whole words
            WHEN regexp_matches(t, '(^| )(nngo|lngo|cso|cbo|wlo|ongn|ong nationale|ong locale|national ngo|local ngo)( |$)|women.led|civil society|societe civile')
              OR (regexp_matches(t, 'ngo|(^| )ong( |$)') AND regexp_matches(s, '(^|[ ,])(national|local)( |,|$)')) THEN 'NNGO/local'
            WHEN regexp_matches(t, '(^| )(ingo|ongi)( |$)|international ngo|ong internationale')
              OR (regexp_matches(t, 'ngo|(^| )ong( |$)') AND s LIKE '%international%') THEN 'INGO'
            WHEN regexp_matches(t, 'ngo|(^| )ong( |$)') THEN 'NGO (unspecified)'
            WHEN t = '' THEN NULL
            ELSE 'other' END AS recipient_type,
       dest_locations, dest_plan, plan_id, plan_code, plan_cluster_ids, plan_clusters, global_cluster_ids,
       dest_global_clusters, dest_clusters, cluster_basis, cluster_count, protection_scope, aor, aor_list,
       json_extract_string(extra, '$.PFId') AS fund_ref,
       description, page_meta, file_hash, sheet, row_number
FROM typed
