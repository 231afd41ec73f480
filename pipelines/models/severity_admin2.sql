-- depends: severity_scores, population_structure, admin_areas
-- Area severity per period × admin2 × population group × AoR (and 'PRO' when a source publishes overall
-- protection). Indicator scores combine by the configured method (severity.method): max; mean (rounded
-- half-up); mean_top_half (mean of the highest ceil(n/2) scores, rounded half-up); threshold (the highest
-- phase k such that the share of indicators scoring ≥ k is at least severity.threshold: an area-level
-- fallback, as only area scores are available, not population shares). A directly rated severity for the
-- same cell takes precedence (method 'rated'). Rows for group 'all' apply to every population group of
-- the area found in population (or stay 'all' when there are none); rows for a specific group win over
-- them. In an area whose population has no group breakdown (only its total), a specific group's rows
-- describe the area as a whole and count under 'all' (still winning over the 'all' rows): otherwise the
-- area would show that group's severity beside a PiN that cannot count its people. Admin1-level inputs
-- are not pushed down to admin2.
WITH areas AS (
  SELECT pcode, any_value(admin1_pcode) AS admin1_pcode, min(level) AS level
  FROM admin_areas
  GROUP BY pcode
),
area_groups AS (
  SELECT DISTINCT pcode, population_group
  FROM population_structure
  WHERE population_group <> 'all' -- the groups the area is known to have
    AND population > 0
),
total_only AS (
  -- areas with a population total and no group breakdown
  SELECT DISTINCT pcode
  FROM population_structure
  WHERE population_group = 'all'
    AND population > 0
    AND pcode NOT IN (SELECT pcode FROM area_groups)
),
expanded AS (
  SELECT s.period,
         s.admin_pcode,
         CASE
           WHEN s.population_group <> 'all' AND s.admin_pcode IN (SELECT pcode FROM total_only) THEN 'all'
           ELSE coalesce(g.population_group, s.population_group)
         END AS population_group,
         s.aor,
         s.kind,
         coalesce(s.indicator_code, s.indicator) AS code,
         s.score,
         s.pin,
         s.population_group = 'all' AS from_all,
         s.loaded_at,
         s.row_number
  FROM severity_scores s
  LEFT JOIN areas a ON a.pcode = s.admin_pcode
  LEFT JOIN area_groups g
    ON  s.population_group = 'all' -- only 'all' rows fan out
    AND g.pcode = s.admin_pcode
  WHERE coalesce(s.admin_level, a.level) = 2 -- admin2 cells only
),
indicators AS (
  -- one score per cell × indicator: a specific group beats 'all', then the latest file, then the last row
  SELECT *, max(score) OVER (PARTITION BY period, admin_pcode, population_group, aor) AS cell_max
  FROM expanded
  WHERE kind = 'indicator'
    AND score BETWEEN 1 AND 5 -- unscorable or out-of-range rows are reported in pin_violations
  QUALIFY row_number() OVER (
    PARTITION BY period, admin_pcode, population_group, aor, code
    ORDER BY from_all, loaded_at DESC NULLS LAST, row_number DESC NULLS LAST
  ) = 1
),
scored AS (
  SELECT period, admin_pcode, population_group, aor,
         count(*) AS n,
         list_sort(list(code) FILTER (WHERE score = cell_max)) AS top_indicators,
         CASE getvariable('severity_method')
           WHEN 'max' THEN max(score)
           WHEN 'mean' THEN floor(avg(score) + 0.5)
           WHEN 'mean_top_half' THEN floor(list_avg(list_slice(list(score ORDER BY score DESC), 1, ceil(count(*) / 2)::INTEGER)) + 0.5)
           WHEN 'threshold' THEN greatest(1,
             CASE WHEN count(*) FILTER (WHERE score >= 2) / count(*) >= getvariable('severity_threshold') THEN 2 END,
             CASE WHEN count(*) FILTER (WHERE score >= 3) / count(*) >= getvariable('severity_threshold') THEN 3 END,
             CASE WHEN count(*) FILTER (WHERE score >= 4) / count(*) >= getvariable('severity_threshold') THEN 4 END,
             CASE WHEN count(*) FILTER (WHERE score >= 5) / count(*) >= getvariable('severity_threshold') THEN 5 END)
         END::INTEGER AS severity
  FROM indicators
  GROUP BY period, admin_pcode, population_group, aor
),
rated AS (
  SELECT period, admin_pcode, population_group, aor, score
  FROM expanded
  WHERE kind = 'rated'
    AND score BETWEEN 1 AND 5 -- out-of-range ratings are reported, not used
  QUALIFY row_number() OVER (
    PARTITION BY period, admin_pcode, population_group, aor
    ORDER BY from_all, loaded_at DESC NULLS LAST, row_number DESC NULLS LAST
  ) = 1
),
pins AS (
  -- a PiN the source publishes for the cell (HNO tables)
  SELECT period, admin_pcode, population_group, aor, pin, from_all
  FROM expanded
  WHERE pin IS NOT NULL
  QUALIFY row_number() OVER (
    PARTITION BY period, admin_pcode, population_group, aor
    ORDER BY from_all, kind = 'indicator', loaded_at DESC NULLS LAST, row_number DESC NULLS LAST
  ) = 1
),
cells AS (
  SELECT period, admin_pcode, population_group, aor FROM scored
  UNION
  SELECT period, admin_pcode, population_group, aor FROM rated
  UNION
  SELECT period, admin_pcode, population_group, aor FROM pins
)
SELECT c.period,
       a.admin1_pcode,
       c.admin_pcode AS admin2_pcode,
       c.population_group,
       c.aor,
       coalesce(r.score, s.severity)::INTEGER AS severity,
       CASE
         WHEN r.score IS NOT NULL THEN 'rated'
         WHEN s.severity IS NULL THEN 'none (source PiN only)'
         WHEN getvariable('severity_method') = 'threshold'
           THEN 'threshold ' || getvariable('severity_threshold') || ' on the share of indicators (area-level fallback: no population shares)'
         ELSE getvariable('severity_method')
       END AS method,
       coalesce(s.n, 0) AS n_indicators,
       s.top_indicators,
       s.severity AS indicator_severity,
       r.score::INTEGER AS rated_severity,
       p.pin AS source_pin,
       CASE
         WHEN p.pin IS NULL THEN NULL
         WHEN p.from_all AND c.population_group <> 'all' THEN 'all groups' -- to apportion over the groups
         ELSE 'group'
       END AS source_pin_scope
FROM cells c
LEFT JOIN scored s USING (period, admin_pcode, population_group, aor)
LEFT JOIN rated r USING (period, admin_pcode, population_group, aor)
LEFT JOIN pins p USING (period, admin_pcode, population_group, aor)
LEFT JOIN areas a ON a.pcode = c.admin_pcode
