-- depends: pin_aor_admin2, pin_admin2, severity_scores
-- Rows that break the PiN rules: an AoR PiN above the overall (ALL) PiN or above a published overall
-- protection (PRO) PiN; a PiN above population (source figures are capped, the violation keeps the
-- uncapped value); population missing for an area with severity; severity outside 1–5 in the inputs.
WITH overall AS (
  SELECT period, admin2_pcode, population_group, pin
  FROM pin_admin2
  WHERE aor = 'ALL'
),
published AS (
  SELECT period, admin2_pcode, population_group, pin
  FROM pin_aor_admin2
  WHERE aor = 'PRO'
)
SELECT a.period, a.admin2_pcode, a.population_group, a.aor,
       'aor pin above overall pin' AS "check",
       a.aor || ' PiN ' || a.pin || ' > ALL PiN ' || o.pin AS detail
FROM pin_admin2 a
JOIN overall o USING (period, admin2_pcode, population_group)
WHERE a.aor <> 'ALL'
  AND a.pin > o.pin
UNION ALL
SELECT a.period, a.admin2_pcode, a.population_group, a.aor,
       'aor pin above published overall pin',
       a.aor || ' PiN ' || a.pin || ' > published PRO PiN ' || p.pin
FROM pin_aor_admin2 a
JOIN published p USING (period, admin2_pcode, population_group)
WHERE a.aor <> 'PRO'
  AND a.pin > p.pin
UNION ALL
SELECT period, admin2_pcode, population_group, aor,
       'pin above population',
       'PiN ' || pin_raw || ' > population ' || population || ' (capped at population)'
FROM pin_aor_admin2
WHERE pin_raw > population
UNION ALL
SELECT period, admin2_pcode, population_group, aor,
       'pin above population',
       'ALL PiN ' || pin || ' > population ' || population
FROM pin_admin2
WHERE aor = 'ALL'
  AND pin > population
UNION ALL
SELECT period, admin2_pcode, population_group, aor,
       'population missing',
       'severity ' || severity || ' but no population for ' || admin2_pcode || ' × ' || population_group
FROM pin_aor_admin2
WHERE population IS NULL
  AND severity IS NOT NULL
UNION ALL
SELECT period, admin_pcode, population_group, aor,
       'severity outside 1–5',
       coalesce(kind || ' ' || indicator_code, kind) || ': severity ' || coalesce(CAST(score AS VARCHAR), 'missing')
         || ' (row ' || coalesce(CAST(row_number AS VARCHAR), '?') || ')'
FROM severity_scores
WHERE coalesce(score NOT BETWEEN 1 AND 5, method = 'not scorable')
