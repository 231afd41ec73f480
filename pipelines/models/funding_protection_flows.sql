-- depends: funding_flows_current, funding_requirements_current
-- One row per current flow that touches Protection (the cluster-wide requirement or one of its AoRs):
-- protection_scope 'single' (all its clusters are one AoR: counted in that AoR and in ALL), 'protection'
-- (several AoRs, or a partner-sheet row without an AoR: counted in ALL only), 'mixed-shared' (Protection
-- and other clusters: FTS's shared funding; shown apart as shared_usd, never counted as funded, since the
-- amount is for the set of clusters and no split is documented).
-- funded_usd: amount_usd of counted flows (paid + commitment, not a parked parent whose children are
--   loaded); pledged_usd: amount_usd of pledges (shown apart, never added in).
-- in_plan: the flow names a plan whose protection requirements are loaded for its year, or no plan
--   requirement is loaded for that year (then every protection flow counts); off-plan flows are shown apart.
-- source_used: FTS flows for a year when any are loaded, else the cluster's partner sheet (both would count
--   the same money twice); CBPF project lists and contributions are pooled-fund detail, never coverage.
-- nngo_channel: 'direct' (a national or local NGO is the destination of a flow from a donor), 'pooled fund'
--   (its source is a pooled fund: pass-through, shown on its own line), NULL for other recipients.
WITH plans AS (
  SELECT year, list(DISTINCT plan_id) FILTER (WHERE plan_id IS NOT NULL) AS plan_ids
  FROM funding_requirements_current
  WHERE aor IS NOT NULL
  GROUP BY year
),
fts_years AS (
  SELECT DISTINCT year FROM funding_flows_current WHERE source = 'fts'
)
SELECT f.flow_id, f.source, f.year, f.month, f.flow_date, f.status, f.flow_type, f.boundary,
       f.protection_scope, f.aor, f.aor_list, f.cluster_basis, f.cluster_count,
       f.amount_usd, f.original_amount, f.original_currency, f.amount_flag,
       CASE WHEN f.counted THEN f.amount_usd ELSE 0 END AS funded_usd,
       CASE WHEN f.status = 'pledge' THEN coalesce(f.amount_usd, 0) ELSE 0 END AS pledged_usd,
       f.parent_replaced,
       CASE WHEN p.plan_ids IS NULL OR len(p.plan_ids) = 0 OR f.source = 'partner' THEN TRUE
            WHEN f.plan_id IS NULL THEN FALSE
            ELSE list_has_any(p.plan_ids, string_split(f.plan_id, ',')) END AS in_plan,
       f.plan_id, f.plan_code, f.plan_clusters, f.dest_global_clusters,
       coalesce(f.donor, '(donor not given)') AS donor, f.donor_type, f.fund_type,
       coalesce(f.recipient, '(recipient not given)') AS recipient, f.recipient_type, f.dest_org_type, f.dest_org_subtype,
       CASE WHEN f.recipient_type = 'NNGO/local' AND (f.donor_type = 'pooled fund' OR f.fund_type IS NOT NULL) THEN 'pooled fund'
            WHEN f.recipient_type = 'NNGO/local' THEN 'direct' END AS nngo_channel,
       f.dest_locations, f.description, f.file_hash, f.row_number
FROM funding_flows_current AS f
LEFT JOIN plans AS p ON p.year = f.year
WHERE f.protection_scope IN ('single', 'protection', 'mixed-shared')
  AND coalesce(f.boundary, '') <> 'outgoing' -- money leaving the country is not funding of its response
  AND f.source IN ('fts', 'partner')
  AND (f.source = 'fts' OR f.year NOT IN (SELECT year FROM fts_years))
