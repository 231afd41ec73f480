-- depends: ccpm_responses, ccpm_items
-- One row per CCPM round × item (a function '2' or a sub-item '2.1') × respondent_group ('all' = partners and
-- coordinators together, as the UNICEF CCPM guidance scores; 'partner'; 'coordinator'). The rule, step by step:
-- 1. each answer is a value in [0, 1] from its scale (set at ingest: Yes 1, No 0; Never 0, Rarely 1/3, Fairly
--    often 2/3, Very regularly 1; Don't know and N/A are not scored);
-- 2. a respondent's score for a sub-item is the mean of their scored answers in it;
-- 3. the sub-item's score is the median over its respondents (an even number: the mean of the two middle ones);
-- 4. a function's score is the median (ccpm.functionAggregate: or the mean) of its sub-items' scores; a withheld
--    sub-item does not enter it;
-- 5. band on the 0-1 score, half-open: > 0.75 Good, > 0.50 Satisfactory, > 0.25 Unsatisfactory, else Weak
--    (compared after rounding to 9 decimals, so 3/4 made of thirds is 0.75, not 0.7500000001).
-- n_respondents: respondents with at least one scored answer in the item; n_answers: scored answers. With fewer
-- respondents than ccpm.minRespondents (default 5) in the item × group, score_pct and band are NULL, status is
-- 'insufficient responses' and reason says why. previous_score_pct: the same item × group in the round before
-- (rounds in text order), NULL when it was not scored; change_pct: the change in percentage points.
WITH grouped AS (
  SELECT round, respondent_id, "function", sub_item, answer_value, 'all' AS respondent_group FROM ccpm_responses
  UNION ALL
  SELECT round, respondent_id, "function", sub_item, answer_value, respondent_role FROM ccpm_responses
),
scored AS (
  SELECT * FROM grouped WHERE answer_value IS NOT NULL -- Don't know, N/A, unrecognised answers do not count
),
respondent_sub AS (
  SELECT round, respondent_group, "function", sub_item, respondent_id, avg(answer_value) AS respondent_score, count(*) AS answers
  FROM scored
  GROUP BY ALL
),
sub AS (
  SELECT round, respondent_group, sub_item AS item, median(respondent_score) AS raw_score,
         count(*) AS n_respondents, sum(answers) AS n_answers
  FROM respondent_sub
  GROUP BY ALL
),
frame AS (
  -- every item of the round's questionnaire, for every group that answered in the round (a sub-item nobody
  -- scored is listed as withheld, not left out)
  SELECT i.round, i.level, i.item, i."function", i.item_en, i.item_fr, i.position, g.respondent_group
  FROM ccpm_items i
  JOIN (SELECT DISTINCT round, respondent_group FROM grouped) g ON g.round = i.round
),
sub_scores AS (
  SELECT f.*, s.raw_score, coalesce(s.n_respondents, 0) AS n_respondents, coalesce(s.n_answers, 0) AS n_answers,
         coalesce(s.n_respondents, 0) >= getvariable('ccpm_min_respondents') AS enough,
         NULL::BIGINT AS n_sub_items
  FROM frame f
  LEFT JOIN sub s ON s.round = f.round AND s.respondent_group = f.respondent_group AND s.item = f.item
  WHERE f.level = 'sub_item'
),
function_respondents AS (
  SELECT round, respondent_group, "function", count(DISTINCT respondent_id) AS n_respondents, count(*) AS n_answers
  FROM scored
  GROUP BY ALL
),
function_raw AS (
  SELECT round, respondent_group, "function",
         CASE getvariable('ccpm_function_aggregate') WHEN 'mean' THEN avg(raw_score) ELSE median(raw_score) END AS raw_score,
         count(*) AS n_sub_items
  FROM sub_scores
  WHERE enough -- a withheld sub-item does not enter its function's score
  GROUP BY ALL
),
function_scores AS (
  SELECT f.*, fr.raw_score, coalesce(r.n_respondents, 0) AS n_respondents, coalesce(r.n_answers, 0) AS n_answers,
         coalesce(r.n_respondents, 0) >= getvariable('ccpm_min_respondents') AND fr.raw_score IS NOT NULL AS enough,
         coalesce(fr.n_sub_items, 0) AS n_sub_items
  FROM frame f
  LEFT JOIN function_raw fr ON fr.round = f.round AND fr.respondent_group = f.respondent_group AND fr."function" = f.item
  LEFT JOIN function_respondents r ON r.round = f.round AND r.respondent_group = f.respondent_group AND r."function" = f.item
  WHERE f.level = 'function'
),
scores AS (
  SELECT *,
         CASE WHEN enough THEN round(raw_score, 9) END AS score
  FROM (SELECT * FROM sub_scores UNION ALL BY NAME SELECT * FROM function_scores)
),
rounds AS (
  SELECT round, row_number() OVER (ORDER BY round) AS round_rank FROM (SELECT DISTINCT round FROM ccpm_items)
),
ranked AS (
  SELECT s.*, r.round_rank FROM scores s JOIN rounds r ON r.round = s.round
)
SELECT c.round,
       c.level,
       c.item,
       c."function",
       c.item_en,
       c.item_fr,
       c.position,
       c.respondent_group,
       round(100 * c.score, 1) AS score_pct,
       CASE
         WHEN c.score IS NULL THEN NULL
         WHEN c.score > 0.75 THEN 'Good'
         WHEN c.score > 0.50 THEN 'Satisfactory'
         WHEN c.score > 0.25 THEN 'Unsatisfactory'
         ELSE 'Weak'
       END AS band,
       CASE
         WHEN c.score IS NULL THEN 'insufficient responses'
         WHEN c.score > 0.75 THEN 'Good'
         WHEN c.score > 0.50 THEN 'Satisfactory, needs minor improvement'
         WHEN c.score > 0.25 THEN 'Unsatisfactory, needs major improvement'
         ELSE 'Weak'
       END AS band_words,
       c.n_respondents,
       c.n_answers,
       c.n_sub_items,
       CASE WHEN c.score IS NULL THEN 'insufficient responses' ELSE 'scored' END AS status,
       CASE
         WHEN c.score IS NOT NULL THEN NULL
         WHEN c.n_respondents < getvariable('ccpm_min_respondents')
           THEN c.n_respondents || ' respondent' || CASE WHEN c.n_respondents = 1 THEN '' ELSE 's' END
                || ' with a scored answer; at least ' || getvariable('ccpm_min_respondents') || ' needed'
         ELSE 'every sub-item withheld (too few respondents)'
       END AS reason,
       p.round AS previous_round,
       round(100 * p.score, 1) AS previous_score_pct,
       round(100 * (c.score - p.score), 1) AS change_pct,
       'answers 0-1 by scale (Don''t know/N/A not scored); respondent mean per sub-item; median over respondents; '
         || 'function = ' || getvariable('ccpm_function_aggregate') || ' of its scored sub-items; '
         || 'bands > 75 Good, > 50 Satisfactory, > 25 Unsatisfactory, else Weak; '
         || 'at least ' || getvariable('ccpm_min_respondents') || ' respondents per item and group' AS method
FROM ranked c
LEFT JOIN ranked p
  ON p.round_rank = c.round_rank - 1 -- the round before
 AND p.item = c.item
 AND p.level = c.level
 AND p.respondent_group = c.respondent_group
ORDER BY c.round, c.position, c.level, c.respondent_group
