-- depends: admin_areas, population_structure, pin_admin2, current_period, presence_admin2
-- The gaps list on the public basis (what `--audience public` builds publish as the gaps dataset): admin2
-- areas in need by the non-sensitive AoRs with no partner of a non-sensitive AoR present in the current
-- quarter. The sensitive AoRs are the config's sensitive.aors (variable sensitive_aors, set by the runner).
-- An area where only a GBV partner works is then a gap like any other, so the list says nothing about
-- where GBV partners are. In need: severity (max over non-sensitive AoRs) ≥ 3 or PiN > 0 in the current
-- severity period; the PiN is the max over non-sensitive AoRs per group, summed over groups, except that a
-- published overall (ALL) PiN above every AoR's is kept (it is not about a sensitive AoR). Without
-- severity data: population > 0. Same columns as gaps_admin2. The quarter is the config's current quarter
-- (not current_period's, which is empty without severity data).
WITH areas AS (
  SELECT pcode, any_value(name) AS name, any_value(admin1_pcode) AS admin1_pcode FROM admin_areas WHERE level = 2 GROUP BY pcode
),
area_population AS (
  -- the area's total, else the sum of its groups
  SELECT pcode,
         coalesce(any_value(population) FILTER (WHERE population_group = 'all'),
                  sum(population) FILTER (WHERE population_group <> 'all')) AS population
  FROM population_structure
  GROUP BY pcode
),
cells AS (
  SELECT admin2_pcode, population_group,
         max(severity) FILTER (WHERE aor <> 'ALL' AND NOT list_contains(getvariable('sensitive_aors'), upper(aor))) AS severity,
         max(pin) FILTER (WHERE aor <> 'ALL' AND NOT list_contains(getvariable('sensitive_aors'), upper(aor))) AS open_pin,
         max(pin) FILTER (WHERE aor <> 'ALL') AS aor_pin,
         max(pin) FILTER (WHERE aor = 'ALL') AS all_pin
  FROM pin_admin2
  WHERE period = (SELECT period FROM current_period)
  GROUP BY ALL
),
need AS (
  SELECT admin2_pcode, max(severity) AS severity,
         sum(CASE WHEN all_pin > coalesce(aor_pin, -1) THEN greatest(all_pin, coalesce(open_pin, 0)) ELSE open_pin END)::BIGINT AS pin
  FROM cells
  GROUP BY admin2_pcode
  HAVING count(open_pin) > 0 OR bool_or(all_pin > coalesce(aor_pin, -1))
),
present AS (
  SELECT DISTINCT admin2_pcode FROM presence_admin2
  WHERE quarter = getvariable('current_quarter') AND NOT list_contains(getvariable('sensitive_aors'), upper(aor)) AND admin2_pcode IS NOT NULL
),
scope AS (SELECT EXISTS (SELECT 1 FROM need) AS has_severity)
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
         WHEN m.has_severity AND n.severity >= 3 THEN 'severity ' || n.severity || ' and no partner of a non-sensitive AoR present in ' || getvariable('current_quarter')
         WHEN m.has_severity THEN 'PiN ' || n.pin || ' and no partner of a non-sensitive AoR present in ' || getvariable('current_quarter')
         ELSE 'population ' || round(p.population)::BIGINT || ' (no severity data) and no partner of a non-sensitive AoR present in ' || getvariable('current_quarter')
       END AS reason,
       CASE WHEN m.has_severity THEN 'severity ≥ 3 or PiN > 0 (non-sensitive AoRs)' ELSE 'population > 0 (no severity data)' END AS rule
FROM areas a
CROSS JOIN scope m
LEFT JOIN area_population p ON p.pcode = a.pcode
LEFT JOIN need n ON n.admin2_pcode = a.pcode
WHERE a.pcode NOT IN (SELECT admin2_pcode FROM present) -- no non-sensitive partner there this quarter
  AND CASE WHEN m.has_severity THEN n.severity >= 3 OR n.pin > 0 ELSE p.population > 0 END -- in need
ORDER BY n.severity DESC NULLS LAST, n.pin DESC NULLS LAST, p.population DESC NULLS LAST, a.pcode
