-- depends: activities_current
-- reach_org_admin2 at the grain of one reporting month: one organisation in one admin2 × population
-- group × AoR × month. activities_current holds one row per report key and month, so within a month a
-- cumulative indicator's value and a new indicator's count are both that row's figure; locations of one
-- activity are different places (summed); then the maximum over the organisation's activities and
-- indicators, never the sum.
WITH per_indicator AS (
  SELECT a.reporting_month AS month,
         a.quarter,
         a.org_lead,
         any_value(a.org_type) AS org_type,
         coalesce(a.activity_code, a.activity) AS activity_key,
         a.indicator,
         a.aor,
         a.admin1_pcode AS admin1_pcode,
         a.admin2_pcode,
         coalesce(a.population_group, 'unspecified') AS population_group,
         sum(a.targeted) AS targeted,
         sum(a.reached) AS reached
  FROM activities_current a
  WHERE a.reporting_month IS NOT NULL
  GROUP BY a.reporting_month, a.quarter, a.org_lead, coalesce(a.activity_code, a.activity), a.indicator, a.aor, a.admin1_pcode, a.admin2_pcode, coalesce(a.population_group, 'unspecified')
)
SELECT month,
       quarter,
       admin1_pcode,
       admin2_pcode,
       population_group,
       aor,
       org_lead,
       mode(org_type) AS org_type,
       max(targeted)::BIGINT AS targeted,
       max(reached)::BIGINT AS reached,
       count(*) AS indicators,
       'max over the organisation''s activities, within the month' AS method
FROM per_indicator
GROUP BY month, quarter, admin1_pcode, admin2_pcode, population_group, aor, org_lead
