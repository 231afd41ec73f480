-- depends: severity_admin2, population_structure
-- PiN per period × admin2 × population group × AoR (and the published 'PRO' rows), before the overall
-- row and the sex/age split. PiN = population × severity.pinShares[severity], rounded half-up to whole
-- people and never above population. A PiN the source publishes wins (capped at population); one
-- published for all groups together is apportioned over the groups by their population (largest
-- remainder). pin_raw keeps the uncapped figure for pin_violations.
WITH pop AS (
  SELECT pcode, population_group, round(population)::BIGINT AS population
  FROM population_structure
),
group_totals AS (
  SELECT pcode, sum(population) AS groups_population
  FROM pop
  WHERE population_group <> 'all'
  GROUP BY pcode
),
cells AS (
  SELECT s.*,
         p.population,
         CASE WHEN s.source_pin_scope = 'all groups' THEN s.source_pin * p.population / nullif(g.groups_population, 0) END AS share_raw
  FROM severity_admin2 s
  LEFT JOIN pop p ON p.pcode = s.admin2_pcode AND p.population_group = s.population_group
  LEFT JOIN group_totals g ON g.pcode = s.admin2_pcode
),
apportioned AS (
  -- largest remainder: the groups' parts of an all-groups PiN add up to it
  SELECT *,
         floor(share_raw) + CASE
           WHEN row_number() OVER (PARTITION BY period, admin2_pcode, aor, share_raw IS NULL ORDER BY share_raw - floor(share_raw) DESC, population_group)
                <= round(sum(share_raw) OVER (PARTITION BY period, admin2_pcode, aor, share_raw IS NULL)) - sum(floor(share_raw)) OVER (PARTITION BY period, admin2_pcode, aor, share_raw IS NULL)
           THEN 1 ELSE 0 END AS source_pin_group
  FROM cells
),
raw AS (
  SELECT *,
         CASE
           WHEN source_pin_scope = 'all groups' THEN source_pin_group
           WHEN source_pin IS NOT NULL THEN floor(source_pin + 0.5)
           WHEN severity IS NOT NULL THEN floor(population * getvariable('pin_shares')[severity] + 0.5)
         END::BIGINT AS pin_raw
  FROM apportioned
)
SELECT period,
       admin1_pcode,
       admin2_pcode,
       population_group,
       aor,
       severity,
       population,
       pin_raw,
       CASE WHEN population IS NULL THEN (CASE WHEN source_pin IS NOT NULL THEN pin_raw END) ELSE least(pin_raw, population) END AS pin,
       CASE
         WHEN source_pin IS NOT NULL THEN
           CASE WHEN source_pin_scope = 'all groups' THEN 'source PiN for all groups, apportioned by group population' ELSE 'source PiN' END
           || CASE WHEN pin_raw > population THEN ', capped at population' ELSE '' END
         WHEN severity IS NULL THEN 'no severity'
         WHEN population IS NULL THEN 'population missing'
         ELSE 'population × pinShares[' || severity || '] (' || getvariable('pin_shares')[severity] || ')'
       END AS method
FROM raw
