-- depends: pin_admin2
-- The severity/PiN period compared with the current quarter (config currentQuarter): the period equal
-- to the quarter, else the latest period of the quarter's year, else the latest period not after it,
-- else the latest period.
WITH periods AS (
  SELECT DISTINCT period FROM pin_admin2
),
ranked AS (
  SELECT period,
         CASE
           WHEN period = getvariable('current_quarter') THEN 1
           WHEN left(period, 4) = left(getvariable('current_quarter'), 4) THEN 2
           WHEN left(period, 4) < left(getvariable('current_quarter'), 4) THEN 3
           ELSE 4
         END AS preference
  FROM periods
)
SELECT getvariable('current_quarter') AS quarter,
       period,
       CASE preference
         WHEN 1 THEN 'period equals the current quarter'
         WHEN 2 THEN 'latest period of the current quarter''s year'
         WHEN 3 THEN 'latest period before the current quarter''s year'
         ELSE 'latest period (all after the current quarter)'
       END AS rule
FROM ranked
ORDER BY preference, period DESC
LIMIT 1
