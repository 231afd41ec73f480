-- depends: funding_protection_flows, funding_requirements_current
-- One row per year × aor (GP, CP, GBV, MA, HLP, or ALL for the whole protection requirement).
-- Rule (FTS's plan-cluster rule, ../shared/domain/funding.md, checked to the dollar on Afghanistan 2020):
-- funded_usd = Σ amount_usd of in-plan flows with status paid or commitment whose clusters are all this
-- AoR's (for ALL: all Protection AoRs, each flow once); incoming and internal flows both count (in a plan
-- view FTS counts a pooled fund's grants, whose incoming money usually names no cluster); a parked parent
-- is replaced by its loaded children; refunds (negative) reduce it.
-- requirement_usd: Σ revised requirements of the plan clusters of this AoR for the year (Protection and
--   Protection COVID-19 both → GP); NULL when none is loaded. coverage_pct = funded / requirement × 100
--   (1 decimal; NULL without a requirement; may exceed 100). unmet_usd = max(requirement − funded, 0).
-- pledged_usd: pledges, shown apart, never added in. shared_usd: flows shared with other clusters (or, for
--   an AoR row, with other AoRs) — FTS's "shared funding", apart. off_plan_usd: protection flows outside the
--   plans whose requirement is loaded, apart.
-- nngo_direct_usd / nngo_direct_share: funded to national and local NGOs directly from donors, over funded;
--   nngo_pooled_usd / nngo_pooled_share: to them through pooled funds (pass-through, not "direct").
--   target_share: the GPC minimum of 25 % of Protection & AoR funding to NNGOs through direct funding.
-- method: how funded was attributed (plan cluster / global cluster / partner sheet) and the source.
WITH aors AS (
  SELECT * FROM (VALUES ('GP'), ('CP'), ('GBV'), ('MA'), ('HLP'), ('ALL')) AS t(aor)
),
req AS (
  SELECT year, aor, sum(requirement_usd) AS requirement_usd FROM funding_requirements_current WHERE aor IS NOT NULL GROUP BY year, aor
  UNION ALL
  SELECT year, 'ALL', sum(requirement_usd) FROM funding_requirements_current WHERE aor IS NOT NULL GROUP BY year
),
-- each flow under its own AoR (single scope) and under ALL (single and protection scopes); shared flows
-- under every AoR they name and under ALL, as shared only
expanded AS (
  SELECT f.*, f.aor AS row_aor, FALSE AS shared FROM funding_protection_flows f WHERE f.protection_scope = 'single'
  UNION ALL
  SELECT f.*, 'ALL', FALSE FROM funding_protection_flows f WHERE f.protection_scope IN ('single', 'protection')
  UNION ALL
  SELECT f.*, 'ALL', TRUE FROM funding_protection_flows f WHERE f.protection_scope = 'mixed-shared'
  UNION ALL
  SELECT f.*, a.aor, TRUE FROM funding_protection_flows f, aors a
  WHERE f.protection_scope IN ('protection', 'mixed-shared') AND a.aor <> 'ALL' AND list_contains(string_split(f.aor_list, ','), a.aor)
),
sums AS (
  SELECT year, row_aor AS aor,
         sum(funded_usd) FILTER (WHERE in_plan AND NOT shared) AS funded_usd,
         sum(pledged_usd) FILTER (WHERE in_plan AND NOT shared) AS pledged_usd,
         sum(funded_usd) FILTER (WHERE in_plan AND shared) AS shared_usd,
         sum(funded_usd) FILTER (WHERE NOT in_plan AND NOT shared) AS off_plan_usd,
         sum(funded_usd) FILTER (WHERE in_plan AND NOT shared AND nngo_channel = 'direct') AS nngo_direct_usd,
         sum(funded_usd) FILTER (WHERE in_plan AND NOT shared AND nngo_channel = 'pooled fund') AS nngo_pooled_usd,
         count(*) FILTER (WHERE in_plan AND NOT shared AND funded_usd <> 0) AS flows,
         string_agg(DISTINCT cluster_basis || ' (' || source || ')', ', ' ORDER BY cluster_basis || ' (' || source || ')') FILTER (WHERE in_plan AND NOT shared) AS basis
  FROM expanded
  WHERE year IS NOT NULL
  GROUP BY year, row_aor
),
keys AS (
  SELECT year, aor FROM req UNION SELECT year, aor FROM sums UNION SELECT DISTINCT year, 'ALL' FROM sums
)
SELECT k.year, k.aor,
       r.requirement_usd,
       coalesce(s.funded_usd, 0) AS funded_usd,
       CASE WHEN r.requirement_usd > 0 THEN round(100 * coalesce(s.funded_usd, 0) / r.requirement_usd, 1) END AS coverage_pct,
       CASE WHEN r.requirement_usd IS NOT NULL THEN greatest(r.requirement_usd - coalesce(s.funded_usd, 0), 0) END AS unmet_usd,
       coalesce(s.pledged_usd, 0) AS pledged_usd,
       coalesce(s.shared_usd, 0) AS shared_usd,
       coalesce(s.off_plan_usd, 0) AS off_plan_usd,
       coalesce(s.nngo_direct_usd, 0) AS nngo_direct_usd,
       CASE WHEN s.funded_usd > 0 THEN round(coalesce(s.nngo_direct_usd, 0) / s.funded_usd, 4) END AS nngo_direct_share,
       coalesce(s.nngo_pooled_usd, 0) AS nngo_pooled_usd,
       CASE WHEN s.funded_usd > 0 THEN round(coalesce(s.nngo_pooled_usd, 0) / s.funded_usd, 4) END AS nngo_pooled_share,
       0.25 AS target_share,
       coalesce(s.flows, 0)::INTEGER AS flows,
       'paid + commitment by ' || coalesce(s.basis, 'no flows loaded') || '; shared, pledged and off-plan apart' AS method
FROM keys AS k
LEFT JOIN req AS r ON r.year = k.year AND r.aor = k.aor
LEFT JOIN sums AS s ON s.year = k.year AND s.aor = k.aor
ORDER BY k.year, CASE k.aor WHEN 'ALL' THEN 0 WHEN 'GP' THEN 1 WHEN 'CP' THEN 2 WHEN 'GBV' THEN 3 WHEN 'MA' THEN 4 ELSE 5 END
