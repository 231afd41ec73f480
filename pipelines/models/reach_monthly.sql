-- depends: activities_current
-- Country trend per month × AoR (ALL included): the month's figure per organisation × activity ×
-- indicator × admin2 × group (summed over locations), the maximum across activities and organisations
-- (and AoRs for ALL) per admin2 × group, then summed. Cumulative indicators contribute their
-- year-to-date value of that month, new indicators that month's count.
-- reached_in_month: the people a month adds, for a per-month chart: a new indicator's count, or a
-- cumulative indicator's rise over its previous month of the same year (never below 0: a lower
-- year-to-date figure is a correction, not people un-reached); then the same maximum and sum.
WITH per_indicator_raw AS (
  SELECT a.reporting_month AS month,
         a.quarter,
         a.org_lead,
         coalesce(a.activity_code, a.activity) AS activity_key,
         a.indicator,
         a.aor,
         a.admin1_pcode,
         a.admin2_pcode AS admin2_pcode,
         coalesce(a.population_group, 'unspecified') AS population_group,
         sum(a.targeted) AS targeted,
         a.reporting_rule,
         sum(a.reached) AS reached
  FROM activities_current a
  WHERE a.reporting_month IS NOT NULL -- presence-only rows have no month
  GROUP BY ALL
),
per_indicator AS (
  SELECT *,
         CASE
           WHEN reporting_rule = 'cumulative' THEN greatest(reached - coalesce(lag(reached) OVER (
             PARTITION BY org_lead, activity_key, indicator, aor, admin2_pcode, population_group, year(month)
             ORDER BY month), 0), 0)
           ELSE reached
         END AS reached_in_month
  FROM per_indicator_raw
),
cells AS (
  SELECT month, quarter, admin1_pcode, admin2_pcode, population_group, aor,
         max(targeted) AS targeted, max(reached) AS reached, max(reached_in_month) AS reached_in_month
  FROM per_indicator
  GROUP BY month, quarter, admin1_pcode, admin2_pcode, population_group, aor
  UNION ALL
  SELECT month, quarter, admin1_pcode, admin2_pcode, population_group, 'ALL',
         max(targeted), max(reached), max(reached_in_month)
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
       sum(c.reached_in_month)::BIGINT AS reached_in_month,
       any_value(p.partners) AS partners,
       count(DISTINCT c.admin2_pcode) AS admin2_count,
       'max per admin2 × group within the month, then sum' AS method
FROM cells c
JOIN partners p USING (month, aor)
GROUP BY c.month, c.quarter, c.aor
