-- depends: funding_protection_flows, funding_coverage
-- One row per year × aor (GP…HLP, ALL) × month (first of month) from the first to the last month with
-- funding: funded_usd that month (paid + commitment, in-plan, attributed as in funding_coverage; a flow
-- dated before its usage year counts in January of that year), cumulative_usd = running sum from
-- January, requirement_usd of the year and cumulative_coverage_pct = cumulative / requirement × 100.
WITH rows AS (
  SELECT year, aor, month, funded_usd FROM funding_protection_flows WHERE protection_scope = 'single' AND in_plan AND month IS NOT NULL
  UNION ALL
  SELECT year, 'ALL', month, funded_usd FROM funding_protection_flows WHERE protection_scope IN ('single', 'protection') AND in_plan AND month IS NOT NULL
),
g AS (
  SELECT year, aor, month, sum(funded_usd) AS funded_usd FROM rows WHERE year IS NOT NULL GROUP BY ALL
),
span AS (
  SELECT year, aor, min(month) AS first_month, max(month) AS last_month FROM g GROUP BY ALL
),
months AS (
  SELECT s.year, s.aor, unnest(generate_series(s.first_month::TIMESTAMP, s.last_month::TIMESTAMP, INTERVAL 1 MONTH))::DATE AS month
  FROM span AS s
)
SELECT m.year, m.aor, m.month,
       coalesce(g.funded_usd, 0) AS funded_usd,
       sum(coalesce(g.funded_usd, 0)) OVER (PARTITION BY m.year, m.aor ORDER BY m.month) AS cumulative_usd,
       c.requirement_usd,
       CASE WHEN c.requirement_usd > 0 THEN round(100 * sum(coalesce(g.funded_usd, 0)) OVER (PARTITION BY m.year, m.aor ORDER BY m.month) / c.requirement_usd, 1) END AS cumulative_coverage_pct
FROM months AS m
LEFT JOIN g ON g.year = m.year AND g.aor = m.aor AND g.month = m.month
LEFT JOIN funding_coverage AS c ON c.year = m.year AND c.aor = m.aor
ORDER BY m.year, m.aor, m.month
