-- depends: admin_areas, pin_admin2, current_period, reach_admin2
-- Response against need per admin2 in the current quarter, all groups together: overall severity (max
-- over the groups that have a population, so that severity and PiN describe the same people), overall
-- PiN and people reached (ALL rows, summed over groups; reached 0 where no partner reported any),
-- coverage = reached / pin (NULL when pin = 0). flag: 'no response' (pin > 0, nobody reached),
-- 'low response' (coverage < 0.25), 'reached above pin' (coverage > 1, to be checked before display),
-- 'population missing' (a group rated 3+ has no population, so its PiN cannot be computed; see
-- pin_violations).
WITH areas AS (
  SELECT pcode, any_value(name) AS name, any_value(admin1_pcode) AS admin1_pcode
  FROM admin_areas
  WHERE level = 2
  GROUP BY pcode
),
need AS (
  SELECT admin2_pcode,
         any_value(admin1_pcode) AS admin1_pcode,
         -- a group without population has no PiN: its severity would sit beside a PiN that leaves it out
         coalesce(max(severity) FILTER (WHERE pin IS NOT NULL), max(severity)) AS severity,
         sum(pin)::BIGINT AS pin,
         max(severity) FILTER (WHERE pin IS NULL) AS unpopulated_severity
  FROM pin_admin2
  WHERE aor = 'ALL'
    AND period = (SELECT period FROM current_period)
  GROUP BY admin2_pcode
),
reach AS (
  SELECT admin2_pcode, any_value(admin1_pcode) AS admin1_pcode, sum(targeted)::BIGINT AS targeted, sum(reached)::BIGINT AS reached
  FROM reach_admin2
  WHERE aor = 'ALL'
    AND quarter = getvariable('current_quarter')
    AND admin2_pcode IS NOT NULL -- rows without an admin2 cannot be compared with an area's need
  GROUP BY admin2_pcode
),
universe AS (
  SELECT pcode FROM areas
  UNION
  SELECT admin2_pcode FROM need
  UNION
  SELECT admin2_pcode FROM reach
)
SELECT getvariable('current_quarter') AS quarter,
       (SELECT period FROM current_period) AS period,
       coalesce(a.admin1_pcode, n.admin1_pcode, r.admin1_pcode) AS admin1_pcode,
       u.pcode AS admin2_pcode,
       a.name,
       n.severity,
       n.pin,
       r.targeted,
       coalesce(r.reached, 0)::BIGINT AS reached,
       CASE WHEN n.pin > 0 THEN coalesce(r.reached, 0) / n.pin END AS coverage,
       CASE
         WHEN n.pin > 0 AND coalesce(r.reached, 0) = 0 THEN 'no response'
         WHEN n.pin > 0 AND r.reached / n.pin < 0.25 THEN 'low response'
         WHEN n.pin > 0 AND r.reached > n.pin THEN 'reached above pin'
         WHEN n.unpopulated_severity >= 3 THEN 'population missing'
       END AS flag,
       'reached: ALL max summed over groups; pin: ALL summed over groups' AS method
FROM universe u
LEFT JOIN areas a ON a.pcode = u.pcode
LEFT JOIN need n ON n.admin2_pcode = u.pcode
LEFT JOIN reach r ON r.admin2_pcode = u.pcode
