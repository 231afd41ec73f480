-- depends: reach_admin2, reach_org_admin2
-- Country totals: the sum of the admin2 maxima per quarter × AoR (ALL included) × population group,
-- plus a population_group 'all' row summing every group.
WITH sums AS (
  SELECT quarter,
         CASE WHEN grouping(population_group) = 1 THEN 'all' ELSE population_group END AS population_group,
         aor,
         sum(targeted)::BIGINT AS targeted,
         sum(reached)::BIGINT AS reached,
         count(DISTINCT admin2_pcode) AS admin2_count
  FROM reach_admin2
  GROUP BY GROUPING SETS ((quarter, aor, population_group), (quarter, aor))
),
orgs AS (
  SELECT quarter, population_group, aor, org_lead FROM reach_org_admin2
  UNION ALL
  SELECT quarter, population_group, 'ALL', org_lead FROM reach_org_admin2
),
partners AS (
  SELECT quarter,
         CASE WHEN grouping(population_group) = 1 THEN 'all' ELSE population_group END AS population_group,
         aor,
         count(DISTINCT org_lead) AS partners
  FROM orgs
  GROUP BY GROUPING SETS ((quarter, aor, population_group), (quarter, aor))
)
SELECT s.quarter,
       s.population_group,
       s.aor,
       s.targeted,
       s.reached,
       coalesce(p.partners, 0) AS partners,
       s.admin2_count,
       'sum of admin2 maxima' AS method
FROM sums s
LEFT JOIN partners p USING (quarter, population_group, aor)
