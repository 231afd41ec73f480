-- depends: admin_areas, population_structure, pin_admin2, current_period, presence_admin2
-- Admin2 areas in need with no partner present in the current quarter. In need: overall (ALL) severity
-- ≥ 3 or PiN > 0 in the current severity period when severity data exist; otherwise population > 0.
WITH areas AS (
  SELECT pcode, any_value(name) AS name, any_value(admin1_pcode) AS admin1_pcode
  FROM admin_areas
  WHERE level = 2
  GROUP BY pcode
),
area_population AS (
  -- the area's total, else the sum of its groups
  SELECT pcode,
         coalesce(any_value(population) FILTER (WHERE population_group = 'all'),
                  sum(population) FILTER (WHERE population_group <> 'all')) AS population
  FROM population_structure
  GROUP BY pcode
),
need AS (
  SELECT admin2_pcode, max(severity) AS severity, sum(pin)::BIGINT AS pin
  FROM pin_admin2
  WHERE aor = 'ALL'
    AND period = (SELECT period FROM current_period)
  GROUP BY admin2_pcode
),
present AS (
  SELECT DISTINCT admin2_pcode
  FROM presence_admin2
  WHERE quarter = getvariable('current_quarter')
),
scope AS (
  SELECT EXISTS (SELECT 1 FROM need) AS has_severity
)
SELECT getvariable('current_quarter') AS quarter,
       CASE WHEN m.has_severity THEN (SELECT period FROM current_period) END AS period,
       a.pcode AS admin2_pcode,
       a.admin1_pcode,
       a.name,
       round(p.population)::BIGINT AS population,
       n.severity,
       n.pin,
       0 AS partners,
       CASE
         WHEN m.has_severity AND n.severity >= 3 THEN 'severity ' || n.severity || ' and no partner present in ' || getvariable('current_quarter')
         WHEN m.has_severity THEN 'PiN ' || n.pin || ' and no partner present in ' || getvariable('current_quarter')
         ELSE 'population ' || round(p.population)::BIGINT || ' (no severity data) and no partner present in ' || getvariable('current_quarter')
       END AS reason,
       CASE WHEN m.has_severity THEN 'severity ≥ 3 or PiN > 0' ELSE 'population > 0 (no severity data)' END AS rule
FROM areas a
CROSS JOIN scope m
LEFT JOIN area_population p ON p.pcode = a.pcode
LEFT JOIN need n ON n.admin2_pcode = a.pcode
WHERE a.pcode NOT IN (SELECT admin2_pcode FROM present WHERE admin2_pcode IS NOT NULL) -- nobody there this quarter
  AND CASE WHEN m.has_severity THEN n.severity >= 3 OR n.pin > 0 ELSE p.population > 0 END -- in need
ORDER BY n.severity DESC NULLS LAST, n.pin DESC NULLS LAST, p.population DESC NULLS LAST, a.pcode
