-- depends: risk_trends, reach_country, pin_country, pin_admin2, incidents, funding_coverage, ingest_files
-- One row per quarter × figure: the PAU's key figures, each with the table it comes from and its "as of"
-- date (the load date of the newest file of the kind behind it). Quarters: every quarter with risk
-- ratings, 5W reach or incidents. value is NULL when the source has nothing for the quarter (the page says
-- "missing"; never 0).
-- pin: overall protection PiN (aor ALL, all groups) of the severity period matching the quarter (the
--   period equal to the quarter, else the quarter's year); targeted / reached: people targeted and reached,
--   counted once (country sum of admin2 maxima across AoRs, aor ALL, all groups); partners: distinct lead
--   organisations reporting in the quarter; admin2_severity_3plus: admin2 areas whose overall severity
--   (worst population group) is 3 or more in that period; incidents: protection-monitoring incidents in
--   the quarter; risks_high: GPC risks rated 4–5 at country level; funding_coverage_pct: protection
--   funding coverage of the quarter's year (funding_coverage, aor ALL), when funding tables are loaded.
WITH quarters AS (
  SELECT quarter FROM risk_trends
  UNION SELECT quarter FROM reach_country
  UNION SELECT quarter FROM incidents
),
periods AS (
  -- the severity period for each quarter: the quarter itself, else its year
  SELECT q.quarter,
         coalesce(max(p.period) FILTER (WHERE p.period = q.quarter), max(p.period) FILTER (WHERE p.period = left(q.quarter, 4))) AS period
  FROM quarters q
  LEFT JOIN (SELECT DISTINCT period FROM pin_country) p ON p.period IN (q.quarter, left(q.quarter, 4))
  GROUP BY q.quarter
),
loaded AS (
  SELECT kind, max(loaded_at)::DATE AS as_of FROM ingest_files WHERE status = 'loaded' GROUP BY kind
),
severe AS (
  SELECT period, count(*) AS n
  FROM (SELECT period, admin2_pcode, max(severity) AS severity FROM pin_admin2 WHERE aor = 'ALL' GROUP BY ALL)
  WHERE severity >= 3
  GROUP BY period
),
figures AS (
  SELECT q.quarter, 1 AS ord, 'pin' AS figure, 'People in need of protection' AS label,
         (SELECT pin FROM pin_country c WHERE c.period = p.period AND c.aor = 'ALL' AND c.population_group = 'all') AS value,
         'people' AS unit, 'pin_country' AS source_table, 'severity' AS kind,
         'overall protection PiN (max across AoRs), severity period ' || coalesce(p.period, 'missing') AS method
  FROM quarters q JOIN periods p USING (quarter)
  UNION ALL
  SELECT q.quarter, 2, 'targeted', 'People targeted',
         (SELECT targeted FROM reach_country r WHERE r.quarter = q.quarter AND r.aor = 'ALL' AND r.population_group = 'all'),
         'people', 'reach_country', '5w', 'sum of admin2 maxima across AoRs and partners (counted once)'
  FROM quarters q
  UNION ALL
  SELECT q.quarter, 3, 'reached', 'People reached',
         (SELECT reached FROM reach_country r WHERE r.quarter = q.quarter AND r.aor = 'ALL' AND r.population_group = 'all'),
         'people', 'reach_country', '5w', 'sum of admin2 maxima across AoRs and partners (counted once)'
  FROM quarters q
  UNION ALL
  SELECT q.quarter, 4, 'partners', 'Partners reporting',
         (SELECT partners FROM reach_country r WHERE r.quarter = q.quarter AND r.aor = 'ALL' AND r.population_group = 'all'),
         'organisations', 'reach_country', '5w', 'distinct lead organisations in the 5W of the quarter'
  FROM quarters q
  UNION ALL
  SELECT q.quarter, 5, 'admin2_severity_3plus', 'Admin2 areas at severity 3+',
         (SELECT n FROM severe s WHERE s.period = p.period),
         'areas', 'pin_admin2', 'severity', 'overall severity (worst group), severity period ' || coalesce(p.period, 'missing')
  FROM quarters q JOIN periods p USING (quarter)
  UNION ALL
  SELECT q.quarter, 6, 'incidents', 'Protection incidents monitored',
         (SELECT sum(incidents) FROM incidents i WHERE i.quarter = q.quarter),
         'incidents', 'incidents', 'incidents', 'sum of monthly incident counts in the quarter'
  FROM quarters q
  UNION ALL
  SELECT q.quarter, 7, 'risks_high', 'Protection risks rated high or extreme (4–5)',
         (SELECT count(*) FILTER (WHERE level >= 4) FROM risk_trends t WHERE t.quarter = q.quarter AND t.area_level = 0),
         'risks', 'risk_trends', 'risks', 'country-level ratings (country rating, else max over admin1)'
  FROM quarters q
  WHERE q.quarter IN (SELECT quarter FROM risk_trends)
  UNION ALL
  SELECT q.quarter, 8, 'funding_coverage_pct', 'Protection funding coverage',
         (SELECT max(coverage_pct) FROM funding_coverage f WHERE CAST(f.year AS VARCHAR) = left(q.quarter, 4) AND f.aor = 'ALL'),
         'percent', 'funding_coverage', 'funding', 'funded / requirement of the year, all protection (FTS)'
  FROM quarters q
)
SELECT f.quarter, f.ord, f.figure, f.label, CAST(f.value AS DOUBLE) AS value, f.unit, f.source_table,
       CASE WHEN f.value IS NOT NULL THEN l.as_of END AS as_of, f.method
FROM figures f
LEFT JOIN loaded l ON l.kind = f.kind
ORDER BY f.quarter, f.ord
