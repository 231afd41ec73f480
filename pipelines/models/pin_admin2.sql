-- depends: pin_aor_admin2, population_structure
-- PiN per period × admin2 × population group × AoR, plus aor 'ALL' (overall protection) = the maximum
-- over GP, CP, GBV, MA, HLP and a published 'PRO' figure for that area and group, never the sum; its
-- severity is the maximum severity. Sex/age split (girls, boys, women, men) from the population's
-- structure for the area and group, else the area's 'all' group, else 50/50 by sex and 40/60
-- children/adults; largest-remainder rounding so that the four parts add up exactly to pin.
WITH aor_rows AS (
  SELECT period, admin1_pcode, admin2_pcode, population_group, aor, severity, population, pin, method
  FROM pin_aor_admin2
  WHERE aor <> 'PRO' -- published overall protection only feeds the ALL row
),
cell_max AS (
  SELECT *, max(pin) OVER (PARTITION BY period, admin2_pcode, population_group) AS max_pin
  FROM pin_aor_admin2
),
all_rows AS (
  SELECT period, admin1_pcode, admin2_pcode, population_group,
         'ALL' AS aor,
         max(severity) AS severity,
         max(population) AS population,
         max(pin) AS pin,
         'max over ' || CASE WHEN bool_or(aor = 'PRO') THEN 'AoRs and published PRO' ELSE 'AoRs' END
           || coalesce(' (' || nullif(string_agg(aor, ', ' ORDER BY aor) FILTER (WHERE pin = max_pin), '') || ')', '') AS method
  FROM cell_max
  GROUP BY period, admin1_pcode, admin2_pcode, population_group
),
rows AS (
  SELECT *, row_number() OVER () AS row_id
  FROM (SELECT * FROM aor_rows UNION ALL SELECT * FROM all_rows)
),
structured AS (
  SELECT r.*,
         CASE
           WHEN g.has_structure THEN [g.girls, g.boys, g.women, g.men]
           WHEN a.has_structure THEN [a.girls, a.boys, a.women, a.men]
           ELSE [0.2, 0.2, 0.3, 0.3]
         END AS parts,
         CASE
           WHEN g.has_structure THEN 'population structure of the group'
           WHEN a.has_structure THEN 'population structure of the area (all groups)'
           ELSE 'default 50/50 sex, 40/60 children/adults'
         END AS split
  FROM rows r
  LEFT JOIN population_structure g ON g.pcode = r.admin2_pcode AND g.population_group = r.population_group
  LEFT JOIN population_structure a ON a.pcode = r.admin2_pcode AND a.population_group = 'all'
),
raw_parts AS (
  SELECT row_id, pin,
         unnest(range(1, 5)) AS part,
         unnest(list_transform(parts, x -> pin * x / list_sum(parts))) AS raw
  FROM structured
  WHERE pin IS NOT NULL
),
rounded AS (
  SELECT row_id, part,
         floor(raw)::BIGINT + CASE
           WHEN row_number() OVER (PARTITION BY row_id ORDER BY raw - floor(raw) DESC, part)
                <= any_value(pin) OVER (PARTITION BY row_id) - sum(floor(raw)) OVER (PARTITION BY row_id)
           THEN 1 ELSE 0 END AS n
  FROM raw_parts
),
split AS (
  SELECT row_id,
         any_value(n) FILTER (WHERE part = 1) AS pin_girls,
         any_value(n) FILTER (WHERE part = 2) AS pin_boys,
         any_value(n) FILTER (WHERE part = 3) AS pin_women,
         any_value(n) FILTER (WHERE part = 4) AS pin_men
  FROM rounded
  GROUP BY row_id
)
SELECT s.period,
       s.admin1_pcode,
       s.admin2_pcode,
       s.population_group,
       s.aor,
       s.severity,
       s.population,
       s.pin,
       p.pin_girls,
       p.pin_boys,
       p.pin_women,
       p.pin_men,
       s.method || '; split: ' || s.split AS method
FROM structured s
LEFT JOIN split p USING (row_id)
