-- depends: funding_flows_current, funding_requirements_current
-- One row per plan × plan cluster (every cluster, not only Protection): FTS's own figure, to reconcile with.
-- funded_usd: Σ amount_usd of current flows whose destination names the plan and exactly one plan cluster —
--   this one — with status paid or commitment, whatever their boundary (incoming or internal) or flow type
--   (FTS's published totalFunding, to the dollar, on all 17 Afghanistan 2020 clusters). shared_usd: flows
--   naming this cluster with others (FTS's shared funding, apart). pledged_usd: pledges, apart.
-- requirement_usd: the cluster's revised requirement; coverage_pct = funded / requirement × 100 (1 decimal).
-- A plan's flows with no plan cluster form the row cluster 'Not specified' (cluster_id NULL).
WITH flows AS (
  SELECT f.*, trim(p.plan) AS one_plan
  FROM funding_flows_current AS f, unnest(string_split(f.plan_id, ',')) AS p(plan)
  WHERE f.plan_id IS NOT NULL
),
single AS (
  SELECT one_plan AS plan_id, plan_cluster_ids AS cluster_id, any_value(plan_clusters) AS cluster, any_value(year) AS year,
         sum(amount_usd) FILTER (WHERE status IN ('paid', 'commitment')) AS funded_usd,
         sum(amount_usd) FILTER (WHERE status = 'pledge') AS pledged_usd,
         count(*) AS flows
  FROM flows
  WHERE coalesce(cluster_count, 0) <= 1 AND (cluster_basis = 'plan cluster' OR plan_cluster_ids IS NULL)
  GROUP BY one_plan, plan_cluster_ids
),
shared AS (
  SELECT one_plan AS plan_id, trim(c.id) AS cluster_id, sum(amount_usd) AS shared_usd
  FROM flows, unnest(string_split(plan_cluster_ids, ',')) AS c(id)
  WHERE cluster_count > 1 AND status IN ('paid', 'commitment')
  GROUP BY ALL
),
req AS (
  SELECT plan_id, cluster_code AS cluster_id, any_value(cluster) AS cluster, any_value(year) AS year, any_value(aor) AS aor,
         sum(requirement_usd) AS requirement_usd, sum(published_funding_usd) AS published_funding_usd
  FROM funding_requirements_current
  WHERE plan_id IS NOT NULL AND cluster_code IS NOT NULL
  GROUP BY plan_id, cluster_code
)
SELECT coalesce(s.plan_id, r.plan_id) AS plan_id,
       coalesce(s.year, r.year) AS year,
       coalesce(s.cluster_id, r.cluster_id) AS cluster_id,
       coalesce(r.cluster, s.cluster, 'Not specified') AS cluster,
       r.aor,
       r.requirement_usd,
       coalesce(s.funded_usd, 0) AS funded_usd,
       CASE WHEN r.requirement_usd > 0 THEN round(100 * coalesce(s.funded_usd, 0) / r.requirement_usd, 1) END AS coverage_pct,
       coalesce(sh.shared_usd, 0) AS shared_usd,
       coalesce(s.pledged_usd, 0) AS pledged_usd,
       r.published_funding_usd,
       coalesce(s.flows, 0)::INTEGER AS flows
FROM single AS s
FULL JOIN req AS r ON r.plan_id = s.plan_id AND r.cluster_id = s.cluster_id
LEFT JOIN shared AS sh ON sh.plan_id = coalesce(s.plan_id, r.plan_id) AND sh.cluster_id = coalesce(s.cluster_id, r.cluster_id)
ORDER BY plan_id, cluster_id NULLS LAST
