-- CCPM (cluster coordination performance monitoring): the questionnaire each survey export was read with (not a
-- provenance table: its rows are the questionnaire's lines, kept per file and removed with the file), the
-- answers (one row per respondent × question, respondents anonymous: a surrogate id and the organisation type
-- only), and the action plan adopted at the CCPM workshop.
CREATE TABLE ccpm_questions (
  round VARCHAR NOT NULL,
  question_code VARCHAR NOT NULL,   -- 1.1.2
  sub_item VARCHAR NOT NULL,        -- 1.1
  "function" VARCHAR NOT NULL,      -- 1
  function_en VARCHAR,
  function_fr VARCHAR,
  sub_item_en VARCHAR,
  sub_item_fr VARCHAR,
  question_en VARCHAR,
  question_fr VARCHAR,
  answer_scale VARCHAR NOT NULL,    -- yes_no | frequency | a scale of the config
  asked_of VARCHAR NOT NULL,        -- all | partner | coordinator
  position INTEGER NOT NULL,        -- order in the questionnaire
  file_hash VARCHAR NOT NULL,       -- the survey export read with this questionnaire
  sheet VARCHAR,
  row_number INTEGER                -- the questionnaire's line
);

CREATE TABLE ccpm_responses (
  round VARCHAR NOT NULL,
  respondent_id VARCHAR NOT NULL,   -- surrogate (hash of file and row): never a name, e-mail or organisation
  respondent_role VARCHAR NOT NULL, -- partner | coordinator
  org_type VARCHAR,                 -- UN | INGO | NNGO | Government | RCRC | Other
  question_code VARCHAR NOT NULL,
  sub_item VARCHAR NOT NULL,
  "function" VARCHAR NOT NULL,
  answer_scale VARCHAR NOT NULL,
  answer VARCHAR,                   -- the scale's answer code (yes, fairly_often, dont_know…); NULL when unrecognised
  answer_label VARCHAR,             -- the scale's English label, else the text as typed
  answer_value DOUBLE,              -- 0–1; NULL: not scored (don't know, not applicable, unrecognised)
  answer_status VARCHAR NOT NULL,   -- scored | excluded | unrecognised
  language VARCHAR,                 -- en | fr: the language the label was written in
  file_hash VARCHAR NOT NULL,
  sheet VARCHAR,
  row_number INTEGER
);

CREATE TABLE ccpm_actions (
  round VARCHAR,
  sub_item VARCHAR,                 -- 2.1 (or a function, 2)
  action VARCHAR NOT NULL,
  responsible VARCHAR,              -- coordinator, SAG, partner, CLA, OCHA, global cluster
  deadline DATE,
  support_needed VARCHAR,
  status VARCHAR NOT NULL,          -- not_started | in_progress | done
  review_date DATE,
  progress VARCHAR,
  file_hash VARCHAR NOT NULL,
  sheet VARCHAR,
  row_number INTEGER,
  extra JSON
);
