-- depends: activities_current
-- Country trend per month × AoR (ALL included): the month's figure per organisation × activity ×
-- indicator × admin2 × group (summed over locations), the maximum across activities and organisations
-- (and AoRs for ALL) per admin2 × group, then summed. Cumulative indicators contribute their
-- year-to-date value of that month, new indicators that month's count.
WITH per_indicator AS (
  SELECT a.reporting_month AS month,
         a.quarter,
         a.org_lead,
         coalesce(a.activity_code, a.activity) AS activity_key,
         a.indicator,
         a.aor,
         a.admin1_pcode,
         a.adm2_pcode AS admin2_pcode,
         coalesce(a.population_group, 'unspecified') AS population_group,
         sum(a.targeted) AS targeted,
         sum(a.reached) AS reached
  FROM activities_current a
  WHERE a.reporting_month IS NOT NULL -- presence-only rows have no month
  GROUP BY ALL
),
cells AS (
  SELECT month, quarter, admin1_pcode, admin2_pcode, population_group, aor,
         max(targeted) AS targeted, max(reached) AS reached
  FROM per_indicator
  GROUP BY ALL
  UNION ALL
  SELECT month, quarter, admin1_pcode, admin2_pcode, population_group, 'ALL',
         max(targeted), max(reached)
  FROM per_indicator
  GROUP BY month, quarter, admin1_pcode, admin2_pcode, population_group
),
partners AS (
  SELECT month, aor, count(DISTINCT org_lead) AS partners FROM per_indicator GROUP BY ALL
  UNION ALL
  SELECT month, 'ALL', count(DISTINCT org_lead) FROM per_indicator GROUP BY month
)
SELECT c.month,
       c.quarter,
       c.aor,
       sum(c.targeted)::BIGINT AS targeted,
       sum(c.reached)::BIGINT AS reached,
       any_value(p.partners) AS partners,
       count(DISTINCT c.admin2_pcode) AS admin2_count,
       'max per admin2 × group within the month, then sum' AS method
FROM cells c
JOIN partners p USING (month, aor)
GROUP BY c.month, c.quarter, c.aor
