-- depends: ccpm_responses
-- One row per CCPM round × respondent_group ('all', 'partner', 'coordinator'): respondents (with at least one
-- answer), scored answers, not-scored answers (Don't know, N/A), unrecognised answers, the languages the
-- answers came in and the round before (text order), for the page's headline and comparison.
WITH grouped AS (
  SELECT *, 'all' AS respondent_group FROM ccpm_responses
  UNION ALL
  SELECT *, respondent_role FROM ccpm_responses
),
per AS (
  SELECT round, respondent_group,
         count(DISTINCT respondent_id) AS respondents,
         count(*) FILTER (WHERE answer_status = 'scored') AS scored_answers,
         count(*) FILTER (WHERE answer_status = 'excluded') AS excluded_answers,
         count(*) FILTER (WHERE answer_status = 'unrecognised') AS unrecognised_answers,
         string_agg(DISTINCT language, ', ' ORDER BY language) AS languages
  FROM grouped
  GROUP BY ALL
)
SELECT per.*,
       (SELECT max(r.round) FROM ccpm_responses r WHERE r.round < per.round) AS previous_round
FROM per
ORDER BY round, respondent_group
