-- depends: pledges, pledge_followup, ingest_files
-- One row per GRF pledge × export (export_date): the pledge as that export gave it, its progress stage, how
-- the stage moved since the previous export, and whether it concerns this operation.
-- Input: when two loaded files hold the same export date (a CSV and an XLSX of one export), the pledge
--   comes from the most recently loaded file (then its highest row).
-- stage: exactly one of Planning stage, In progress, Fulfilled, No update; the loaders matched the label
--   without regard to case; No update is a pledge its entity never reported on, never "planning".
-- previous_export / previous_stage: the export loaded just before this one by date, and the pledge's stage
--   in it (NULL when the pledge was not in it).
-- stage_change: 'first export' (no earlier export loaded), 'new in this export' (not in the previous one),
--   'unchanged', 'advanced' (Planning stage → In progress → Fulfilled), 'went back', 'first update' (No update
--   before, a stage now), 'no longer reported' (a stage before, No update now).
-- months_since_update: whole months from last_update to the export date (NULL when never updated).
-- stalled: not Fulfilled and no progress update for more than pledges.stalledMonths months (default 6) before
--   the export date; a pledge never updated is stalled.
-- scope: 'global' (a country cell or the region says Global/worldwide), 'country', 'regional' (a region and no
--   country) or 'unspecified' (neither: the loader warned).
-- for_operation: the operation's country (name, ISO3, ISO2 or pledges.countryNames) is among the host
--   countries; or the pledge is global and one of its areas/themes contains a protection theme
--   (pledges.protectionThemes: protection capacity, asylum capacity, statelessness, legal identity, GBV,
--   child protection); or its region is one of pledges.regions. for_operation_rule names the rules met.
-- rrp_sector, focal_organisation, last_contact, next_step: the follow-up sheet's row for the pledge id (the
--   most recently loaded file, then the latest contact).
WITH src AS (
  SELECT p.*
  FROM pledges AS p
  JOIN ingest_files AS f
    ON f.file_hash = p.file_hash
   AND f.kind = 'pledges'
   AND f.status = 'loaded' -- replaced versions never count
  QUALIFY row_number() OVER (PARTITION BY p.pledge_id, p.export_date ORDER BY f.loaded_at DESC, p.row_number DESC) = 1
),
exports AS (
  SELECT export_date, lag(export_date) OVER (ORDER BY export_date) AS previous_export
  FROM (SELECT DISTINCT export_date FROM src)
),
followup AS (
  SELECT u.pledge_id, u.rrp_sector, u.focal_organisation, u.last_contact, u.next_step
  FROM pledge_followup AS u
  JOIN ingest_files AS f
    ON f.file_hash = u.file_hash
   AND f.status = 'loaded'
  QUALIFY row_number() OVER (PARTITION BY u.pledge_id ORDER BY f.loaded_at DESC, u.last_contact DESC NULLS LAST, u.row_number DESC) = 1
),
keyed AS (
  SELECT src.*,
         list_filter(list_transform(countries, c -> pa_norm(c)), c -> c IS NOT NULL) AS country_keys,
         pa_norm(region) AS region_key,
         -- a region cell may list several ("East and Horn of Africa; Southern Africa")
         list_filter(list_transform(string_split_regex(coalesce(region, ''), '[;|]'), x -> pa_norm(x)), x -> x IS NOT NULL) AS region_keys,
         list_filter(list_transform(areas, a -> pa_norm(a)), a -> a IS NOT NULL) AS area_keys
  FROM src
),
scoped AS (
  SELECT keyed.*,
         coalesce(list_has_any(country_keys, ['global', 'worldwide', 'world', 'all countries', 'mondial', 'monde', 'tous les pays', 'mundial', 'todos los paises'])
           OR region_key IN ('global', 'worldwide', 'mondial', 'mundial'), FALSE) AS is_global,
         coalesce(list_has_any(country_keys, getvariable('pledge_country_names')), FALSE) AS host_match,
         coalesce(list_has_any(region_keys, getvariable('pledge_regions')), FALSE)
           OR coalesce(list_has_any(country_keys, getvariable('pledge_regions')), FALSE) AS region_match,
         coalesce(len(list_filter(area_keys, a -> len(list_filter(getvariable('pledge_themes'), t -> contains(a, t))) > 0)) > 0, FALSE) AS theme_match
  FROM keyed
),
ranked AS (
  SELECT s.*,
         CASE s.stage WHEN 'Planning stage' THEN 1 WHEN 'In progress' THEN 2 WHEN 'Fulfilled' THEN 3 END AS stage_rank,
         e.previous_export
  FROM scoped AS s
  JOIN exports AS e USING (export_date)
)
SELECT r.pledge_id,
       r.export_date,
       r.previous_export,
       r.title,
       r.description,
       r.submitting_entity,
       r.entity_type,
       r.grf_year,
       r.pledge_type,
       r.multistakeholder_pledge,
       r.region,
       r.countries,
       r.gcr_objectives,
       r.areas,
       r.joint_with,
       r.amount_usd,
       r.amount_text,
       r.last_update,
       r.stage,
       prev.stage AS previous_stage,
       CASE
         WHEN r.previous_export IS NULL THEN 'first export'
         WHEN prev.stage IS NULL THEN 'new in this export'
         WHEN prev.stage = r.stage THEN 'unchanged'
         WHEN prev.stage = 'No update' THEN 'first update'
         WHEN r.stage = 'No update' THEN 'no longer reported'
         WHEN r.stage_rank > CASE prev.stage WHEN 'Planning stage' THEN 1 WHEN 'In progress' THEN 2 WHEN 'Fulfilled' THEN 3 END THEN 'advanced'
         ELSE 'went back'
       END AS stage_change,
       date_sub('month', r.last_update, r.export_date) AS months_since_update,
       r.stage <> 'Fulfilled'
         AND (r.last_update IS NULL
              OR r.last_update < r.export_date - to_months(CAST(coalesce(getvariable('pledge_stalled_months'), 6) AS INTEGER))) AS stalled,
       CASE
         WHEN r.is_global THEN 'global'
         WHEN len(r.countries) > 0 THEN 'country'
         WHEN r.region IS NOT NULL THEN 'regional'
         ELSE 'unspecified'
       END AS scope,
       r.host_match OR (r.is_global AND r.theme_match) OR r.region_match AS for_operation,
       nullif(concat_ws('; ',
         CASE WHEN r.host_match THEN 'host country' END,
         CASE WHEN r.is_global AND r.theme_match THEN 'global, protection theme' END,
         CASE WHEN r.region_match THEN 'region' END), '') AS for_operation_rule,
       u.rrp_sector,
       u.focal_organisation,
       u.last_contact,
       u.next_step,
       'stalled: not fulfilled and no progress update for more than ' || CAST(coalesce(getvariable('pledge_stalled_months'), 6) AS INTEGER)
         || ' months before the export date' AS rule
FROM ranked AS r
LEFT JOIN src AS prev
  ON prev.pledge_id = r.pledge_id
 AND prev.export_date = r.previous_export
LEFT JOIN followup AS u
  ON u.pledge_id = r.pledge_id
ORDER BY r.export_date, r.pledge_id
