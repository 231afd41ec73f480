-- depends: ccpm_responses, ccpm_questions, ingest_files
-- One row per CCPM round × question × respondent_group ('all', 'partner', 'coordinator') × answer: how many
-- respondents gave that answer (n) and its share of those who answered the question in the group (share, 0-1).
-- Not-scored answers (Don't know, N/A) and answers the scale does not know (answer_status 'unrecognised') are
-- listed too (all unrecognised ones as one 'Unrecognised answer'). The minimum-respondents rule applies as for scores: with fewer than ccpm.minRespondents
-- respondents answering the question in the group, n and share are NULL and withheld is TRUE (a coordinator's
-- own answers are not shown one by one). answer_order sorts the best answer first, not-scored ones last.
WITH grouped AS (
  SELECT *, 'all' AS respondent_group FROM ccpm_responses
  UNION ALL
  SELECT *, respondent_role AS respondent_group FROM ccpm_responses
),
counts AS (
  -- an unrecognised answer's text stays in the ingest report: here it is one line, whatever was typed
  SELECT round, question_code, sub_item, "function", answer_scale, respondent_group, answer,
         CASE WHEN answer_status = 'unrecognised' THEN 'Unrecognised answer' ELSE answer_label END AS answer_label, answer_status,
         any_value(answer_value) AS answer_value, count(*) AS n
  FROM grouped
  GROUP BY ALL
),
totals AS (
  SELECT round, question_code, respondent_group, count(*) AS n_question
  FROM grouped
  GROUP BY ALL
),
questions AS (
  SELECT round, question_code, any_value(question_en ORDER BY position) AS question_en, any_value(question_fr ORDER BY position) AS question_fr,
         min(position) AS position
  FROM ccpm_questions
  WHERE file_hash IN (SELECT file_hash FROM ingest_files WHERE status = 'loaded')
  GROUP BY ALL
)
SELECT c.round, c.question_code, c.sub_item, c."function", q.question_en, q.question_fr, q.position, c.answer_scale,
       c.respondent_group, c.answer, c.answer_label, c.answer_status, c.answer_value,
       row_number() OVER (
         PARTITION BY c.round, c.question_code, c.respondent_group
         ORDER BY c.answer_status = 'unrecognised', c.answer_value IS NULL, c.answer_value DESC, c.answer_label
       ) AS answer_order,
       t.n_question < getvariable('ccpm_min_respondents') AS withheld,
       CASE WHEN t.n_question >= getvariable('ccpm_min_respondents') THEN c.n END AS n,
       CASE WHEN t.n_question >= getvariable('ccpm_min_respondents') THEN t.n_question END AS n_question,
       CASE WHEN t.n_question >= getvariable('ccpm_min_respondents') THEN c.n / t.n_question END AS share
FROM counts c
JOIN totals t USING (round, question_code, respondent_group)
LEFT JOIN questions q USING (round, question_code)
ORDER BY c.round, q.position, c.respondent_group, answer_order
