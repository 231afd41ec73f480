-- depends: reach_admin2, reach_org_admin2
-- Admin1 totals: the sum of the admin2 maxima (admin2 areas do not overlap), per quarter × AoR (ALL
-- included) × population group, plus a population_group 'all' row summing every group.
WITH sums AS (
  SELECT quarter,
         admin1_pcode,
         CASE WHEN grouping(population_group) = 1 THEN 'all' ELSE population_group END AS population_group,
         aor,
         sum(targeted)::BIGINT AS targeted,
         sum(reached)::BIGINT AS reached,
         count(DISTINCT admin2_pcode) AS admin2_count
  FROM reach_admin2
  GROUP BY GROUPING SETS ((quarter, admin1_pcode, aor, population_group), (quarter, admin1_pcode, aor))
),
orgs AS (
  SELECT quarter, admin1_pcode, population_group, aor, org_lead FROM reach_org_admin2
  UNION ALL
  SELECT quarter, admin1_pcode, population_group, 'ALL', org_lead FROM reach_org_admin2
),
partners AS (
  -- partners are counted once per admin1, not summed over its admin2 areas
  SELECT quarter,
         admin1_pcode AS admin1_pcode,
         CASE WHEN grouping(population_group) = 1 THEN 'all' ELSE population_group END AS population_group,
         aor,
         count(DISTINCT org_lead) AS partners
  FROM orgs
  GROUP BY GROUPING SETS ((quarter, admin1_pcode, aor, population_group), (quarter, admin1_pcode, aor))
)
SELECT s.quarter,
       s.admin1_pcode,
       s.population_group,
       s.aor,
       s.targeted,
       s.reached,
       coalesce(p.partners, 0) AS partners,
       s.admin2_count,
       'sum of admin2 maxima' AS method
FROM sums s
LEFT JOIN partners p
  ON  p.quarter = s.quarter
  AND p.admin1_pcode IS NOT DISTINCT FROM s.admin1_pcode
  AND p.population_group = s.population_group
  AND p.aor = s.aor
