-- depends: risk_ratings_current, risk_list, incidents
-- One row per quarter × area_pcode × risk_key for every rated risk (level 1–5; N/A ratings have no row,
-- never level 0). area_level: 0 country, 1 admin1, 2 admin2. The country row's area_pcode is the
-- country's admin0 p-code (its ISO2 code, COD convention; getvariable('country_pcode')).
-- level: the rating. For the country, decided per quarter × risk: the country-level rating where a
--   file gives one (method 'country rating'), otherwise the maximum over the admin1 ratings (method
--   'max over admin1 ratings'); with neither, the maximum over the admin2 ratings (method says so).
-- previous_level: the same area's level for the same risk in the immediately preceding quarter.
-- trend: 'new' (rated now, not rated in the preceding quarter), 'worsening' (level up), 'improving'
--   (level down), 'stable'; NULL when the preceding quarter has no ratings at all, for any area: a
--   trend needs two quarters.
-- areas_high: the number of areas one level below rated 4 or 5 for that risk in that quarter (country
--   row: admin1 areas; admin1 row: its admin2 areas; admin2 rows: NULL, there is no level below).
-- rank: 1 = most serious risk of that area and quarter: level descending, then areas_high descending,
--   then the GPC's official order 1–15 (risk_number).
-- incidents: protection-monitoring incidents of that risk in the quarter in the area (country: all);
--   NULL when no incidents at all are loaded for the quarter; incidents_reported: the count the rating
--   file itself gave.
-- population_groups: affected groups as the rating gave them (country roll-up: those of the admin1
--   ratings at the country level).
WITH rated AS (
  SELECT * FROM risk_ratings_current WHERE level IS NOT NULL
),
country_given AS (
  SELECT * FROM rated WHERE area_level = 0
),
by_admin1 AS (
  SELECT quarter, risk_key, max(level) AS level,
         string_agg(DISTINCT population_groups, '; ') FILTER (WHERE is_max) AS population_groups,
         sum(incidents_reported) AS incidents_reported
  FROM (SELECT *, level = max(level) OVER (PARTITION BY quarter, risk_key) AS is_max FROM rated WHERE area_level = 1)
  GROUP BY quarter, risk_key
),
by_admin2 AS (
  SELECT quarter, risk_key, max(level) AS level,
         string_agg(DISTINCT population_groups, '; ') FILTER (WHERE is_max) AS population_groups,
         sum(incidents_reported) AS incidents_reported
  FROM (SELECT *, level = max(level) OVER (PARTITION BY quarter, risk_key) AS is_max FROM rated WHERE area_level = 2)
  GROUP BY quarter, risk_key
),
country AS (
  SELECT quarter, getvariable('country_pcode') AS area_pcode, 0 AS area_level, CAST(NULL AS VARCHAR) AS admin1_pcode, risk_key, level,
         population_groups, incidents_reported, 'country rating' AS method
  FROM country_given
  UNION ALL
  SELECT a.quarter, getvariable('country_pcode'), 0, NULL, a.risk_key, a.level, a.population_groups, a.incidents_reported, 'max over admin1 ratings'
  FROM by_admin1 a
  WHERE NOT EXISTS (SELECT 1 FROM country_given g WHERE g.quarter = a.quarter AND g.risk_key = a.risk_key)
  UNION ALL
  SELECT b.quarter, getvariable('country_pcode'), 0, NULL, b.risk_key, b.level, b.population_groups, b.incidents_reported, 'max over admin2 ratings (no country or admin1 rating)'
  FROM by_admin2 b
  WHERE NOT EXISTS (SELECT 1 FROM country_given g WHERE g.quarter = b.quarter AND g.risk_key = b.risk_key)
    AND NOT EXISTS (SELECT 1 FROM by_admin1 a WHERE a.quarter = b.quarter AND a.risk_key = b.risk_key)
),
areas AS (
  SELECT * FROM country
  UNION ALL
  SELECT quarter, area_pcode, area_level, admin1_pcode, risk_key, level, population_groups, incidents_reported,
         CASE area_level WHEN 1 THEN 'admin1 rating' ELSE 'admin2 rating' END
  FROM rated
  WHERE area_level IN (1, 2)
),
high AS (
  -- areas rated 4–5 one level below each area: admin1 areas for the country, admin2 areas for an admin1
  SELECT quarter, risk_key, getvariable('country_pcode') AS parent, count(*) FILTER (WHERE level >= 4) AS n
  FROM rated WHERE area_level = 1 GROUP BY ALL
  UNION ALL
  SELECT quarter, risk_key, admin1_pcode, count(*) FILTER (WHERE level >= 4)
  FROM rated WHERE area_level = 2 GROUP BY ALL
),
quarters AS (
  SELECT DISTINCT quarter FROM rated
),
with_previous AS (
  SELECT a.*,
         CASE WHEN right(a.quarter, 1) = '1'
              THEN CAST(CAST(left(a.quarter, 4) AS INTEGER) - 1 AS VARCHAR) || 'Q4'
              ELSE left(a.quarter, 5) || CAST(CAST(right(a.quarter, 1) AS INTEGER) - 1 AS VARCHAR)
         END AS previous_quarter
  FROM areas a
),
incident_quarters AS (
  SELECT DISTINCT quarter FROM incidents
),
incident_sums AS (
  SELECT quarter, risk_key, getvariable('country_pcode') AS area_pcode, sum(incidents) AS n FROM incidents GROUP BY ALL
  UNION ALL
  SELECT quarter, risk_key, admin1_pcode, sum(incidents) FROM incidents WHERE admin1_pcode IS NOT NULL GROUP BY ALL
  UNION ALL
  SELECT quarter, risk_key, admin2_pcode, sum(incidents) FROM incidents WHERE admin2_pcode IS NOT NULL GROUP BY ALL
),
scored AS (
  SELECT w.quarter,
         w.area_pcode,
         w.area_level,
         w.admin1_pcode,
         w.risk_key,
         l.risk_number,
         l.risk_name,
         l.risk_short,
         w.level,
         p.level AS previous_level,
         CASE
           WHEN w.previous_quarter NOT IN (SELECT quarter FROM quarters) THEN NULL -- no ratings at all last quarter
           WHEN p.level IS NULL THEN 'new'
           WHEN w.level > p.level THEN 'worsening'
           WHEN w.level < p.level THEN 'improving'
           ELSE 'stable'
         END AS trend,
         CASE WHEN w.area_level < 2 THEN coalesce(h.n, 0) END AS areas_high,
         CASE WHEN w.quarter IN (SELECT quarter FROM incident_quarters) THEN CAST(coalesce(i.n, 0) AS BIGINT) END AS incidents,
         w.incidents_reported,
         w.population_groups,
         w.method
  FROM with_previous w
  JOIN risk_list l USING (risk_key)
  LEFT JOIN areas p ON p.quarter = w.previous_quarter AND p.area_pcode = w.area_pcode AND p.risk_key = w.risk_key
  LEFT JOIN high h ON h.quarter = w.quarter AND h.risk_key = w.risk_key AND h.parent = w.area_pcode AND w.area_level < 2
  LEFT JOIN incident_sums i ON i.quarter = w.quarter AND i.risk_key = w.risk_key AND i.area_pcode = w.area_pcode
)
SELECT quarter, area_pcode, area_level, admin1_pcode, risk_key, risk_number, risk_name, risk_short,
       level, previous_level, trend,
       row_number() OVER (PARTITION BY quarter, area_pcode ORDER BY level DESC, coalesce(areas_high, 0) DESC, risk_number) AS rank,
       areas_high, incidents, incidents_reported, population_groups, method
FROM scored
ORDER BY quarter, area_level, area_pcode, rank
