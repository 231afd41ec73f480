-- depends: pin_admin2
-- Country PiN: the sum of the admin2 rows per period × AoR (ALL included) × population group, plus a
-- population_group 'all' row summing every group.
SELECT period,
       population_group,
       aor,
       sum(population)::BIGINT AS population,
       sum(pin)::BIGINT AS pin,
       sum(pin_girls)::BIGINT AS pin_girls,
       sum(pin_boys)::BIGINT AS pin_boys,
       sum(pin_women)::BIGINT AS pin_women,
       sum(pin_men)::BIGINT AS pin_men,
       max(severity) AS max_severity,
       count(DISTINCT admin2_pcode) AS admin2_count,
       'sum of admin2 rows' AS method
FROM pin_admin2
WHERE population_group <> 'all' -- kept for the total row below
GROUP BY period, population_group, aor
UNION ALL
SELECT period,
       'all',
       aor,
       sum(population)::BIGINT,
       sum(pin)::BIGINT,
       sum(pin_girls)::BIGINT,
       sum(pin_boys)::BIGINT,
       sum(pin_women)::BIGINT,
       sum(pin_men)::BIGINT,
       max(severity),
       count(DISTINCT admin2_pcode),
       'sum of admin2 rows, all groups'
FROM pin_admin2
GROUP BY period, aor
