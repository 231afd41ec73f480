-- depends: risk_trends, activities_current
-- One row per quarter × admin1/admin2 area × risk rated 4 or 5: the 5W response to it. A matching activity
-- is a 5W row of that quarter in the area (admin2 row: its admin2; admin1 row: any admin2 of it, or the
-- admin1 itself) whose AoR is one the risk maps to (config pau.riskResponse, default the AoRs "most
-- concerned" of the GPC risk list) and, where the mapping lists activity names, whose activity or code
-- contains one of them (case-insensitive). Planned activities do not count.
-- partners: distinct lead organisations with a matching activity; activities: distinct activities.
-- five_w_loaded: whether any 5W row exists for the quarter (without it every area looks uncovered).
WITH mapping AS (
  SELECT m.risk_key, m.aor, m.activity_match FROM (SELECT unnest(getvariable('risk_response')) AS m)
),
high AS (
  SELECT quarter, area_pcode, area_level, admin1_pcode, risk_key, risk_number, risk_short, level, trend
  FROM risk_trends
  WHERE level >= 4
    AND area_level IN (1, 2)
),
acts AS (
  SELECT quarter, admin1_pcode, admin2_pcode AS admin2_pcode, aor, org_lead,
         lower(coalesce(activity, '') || ' ' || coalesce(activity_code, '')) AS what,
         coalesce(activity, activity_code) AS activity
  FROM activities_current
  WHERE quarter IS NOT NULL
    AND coalesce(status, '') <> 'planned' -- planned work is not a response yet
),
matched AS (
  SELECT h.quarter, h.area_pcode, h.risk_key, a.org_lead, a.activity
  FROM high h
  JOIN mapping m ON m.risk_key = h.risk_key
  JOIN acts a
    ON a.quarter = h.quarter
   AND a.aor = m.aor
   AND (m.activity_match IS NULL OR contains(a.what, m.activity_match))
   AND CASE h.area_level WHEN 2 THEN a.admin2_pcode = h.area_pcode ELSE a.admin1_pcode = h.area_pcode END
)
SELECT h.quarter, h.area_pcode, h.area_level, h.admin1_pcode, h.risk_key, h.risk_number, h.risk_short, h.level, h.trend,
       (SELECT string_agg(DISTINCT aor, ', ' ORDER BY aor) FROM mapping m WHERE m.risk_key = h.risk_key) AS response_aors,
       count(DISTINCT x.org_lead) AS partners,
       count(DISTINCT x.activity) AS activities,
       h.quarter IN (SELECT DISTINCT quarter FROM acts) AS five_w_loaded
FROM high h
LEFT JOIN matched x USING (quarter, area_pcode, risk_key)
GROUP BY ALL
ORDER BY h.quarter, h.area_level, h.area_pcode, h.risk_number
