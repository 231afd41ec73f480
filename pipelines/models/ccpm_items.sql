-- depends: ccpm_questions, ingest_files
-- One row per CCPM round × item: each function (level 'function', item '2') and each sub-item (level
-- 'sub_item', item '2.1') of the questionnaire the round's survey exports were read with (files still
-- loaded only), with its English and French words, how many questions it has and its place in the
-- questionnaire (position: the first question's). The item list is data, not code: a country's own
-- questionnaire (ccpm.questionnaire in the config) adds or rewords items.
WITH q AS (
  SELECT *
  FROM ccpm_questions
  WHERE file_hash IN (SELECT file_hash FROM ingest_files WHERE status = 'loaded') -- current file versions only
)
SELECT round,
       'sub_item' AS level,
       sub_item AS item,
       "function",
       any_value(sub_item_en ORDER BY position) AS item_en,
       any_value(sub_item_fr ORDER BY position) AS item_fr,
       any_value(function_en ORDER BY position) AS function_en,
       count(DISTINCT question_code) AS n_questions,
       min(position) AS position
FROM q
GROUP BY round, sub_item, "function"
UNION ALL
SELECT round,
       'function' AS level,
       "function" AS item,
       "function",
       any_value(function_en ORDER BY position) AS item_en,
       any_value(function_fr ORDER BY position) AS item_fr,
       any_value(function_en ORDER BY position) AS function_en,
       count(DISTINCT question_code) AS n_questions,
       min(position) AS position
FROM q
GROUP BY round, "function"
