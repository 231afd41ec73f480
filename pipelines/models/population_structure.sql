-- depends: population, ingest_files
-- Population per area × group (one source: the latest reference year, then the most recently loaded
-- file), with its sex × age structure (girls, boys, women, men) when the source gives one. Age bands:
-- 'children'/'adults' as given; numeric bands ('00_04', '15_17', '60plus') split at 18 in proportion to
-- the years of the band below 18 ('15_19' counts 3/5 as children); other bands are not used.
WITH files AS (
  SELECT file_hash, max(loaded_at) AS loaded_at FROM ingest_files GROUP BY file_hash
),
versions AS (
  SELECT DISTINCT p.pcode, p.population_group, p.file_hash, p.reference_year, f.loaded_at
  FROM population p
  LEFT JOIN files f USING (file_hash)
),
chosen AS (
  SELECT pcode, population_group, file_hash, reference_year
  FROM versions
  QUALIFY row_number() OVER (
    PARTITION BY pcode, population_group
    ORDER BY reference_year DESC NULLS LAST, loaded_at DESC NULLS LAST, file_hash DESC
  ) = 1
),
bands AS (
  SELECT p.pcode,
         p.population_group,
         any_value(p.admin_level) AS admin_level,
         any_value(c.reference_year) AS reference_year,
         p.sex,
         lower(p.age_band) AS band,
         sum(p.population) AS v
  FROM population p
  JOIN chosen c USING (pcode, population_group, file_hash)
  GROUP BY p.pcode, p.population_group, p.sex, lower(p.age_band)
),
classified AS (
  SELECT *,
         CASE
           WHEN band = 'children' THEN 1.0
           WHEN band = 'adults' THEN 0.0
           WHEN regexp_full_match(band, '\d+_\d+') THEN
             greatest(0, least(CAST(split_part(band, '_', 2) AS INTEGER), 17) - CAST(split_part(band, '_', 1) AS INTEGER) + 1)
             / (CAST(split_part(band, '_', 2) AS INTEGER) - CAST(split_part(band, '_', 1) AS INTEGER) + 1)
           WHEN regexp_full_match(band, '\d+_?plus') AND CAST(regexp_extract(band, '^(\d+)', 1) AS INTEGER) >= 18 THEN 0.0
         END AS child_fraction,
         band IN ('children', 'adults') AS explicit
  FROM bands
),
by_sex AS (
  SELECT pcode, population_group, sex,
         any_value(admin_level) AS admin_level,
         any_value(reference_year) AS reference_year,
         sum(v) FILTER (WHERE band = 'total') AS total,
         -- explicit children/adults columns win over fine bands of the same sex
         CASE WHEN bool_or(explicit)
              THEN sum(v) FILTER (WHERE band = 'children')
              ELSE sum(v * child_fraction) FILTER (WHERE child_fraction IS NOT NULL) END AS children,
         CASE WHEN bool_or(explicit)
              THEN sum(v) FILTER (WHERE band = 'adults')
              ELSE sum(v * (1 - child_fraction)) FILTER (WHERE child_fraction IS NOT NULL) END AS adults
  FROM classified
  GROUP BY pcode, population_group, sex
),
completed AS (
  -- one of children/adults given with the total: the other is the difference
  SELECT pcode, population_group, sex, admin_level, reference_year, total,
         coalesce(children, total - adults) AS children,
         coalesce(adults, total - children) AS adults
  FROM by_sex
),
wide AS (
  SELECT pcode,
         population_group,
         any_value(admin_level) AS admin_level,
         any_value(reference_year) AS reference_year,
         any_value(total) FILTER (WHERE sex = 't') AS t_total,
         any_value(total) FILTER (WHERE sex = 'f') AS f_total,
         any_value(total) FILTER (WHERE sex = 'm') AS m_total,
         any_value(children) FILTER (WHERE sex = 'f') AS girls,
         any_value(children) FILTER (WHERE sex = 'm') AS boys,
         any_value(adults) FILTER (WHERE sex = 'f') AS women,
         any_value(adults) FILTER (WHERE sex = 'm') AS men,
         any_value(children) FILTER (WHERE sex = 't') AS t_children,
         any_value(adults) FILTER (WHERE sex = 't') AS t_adults
  FROM completed
  GROUP BY pcode, population_group
)
SELECT pcode,
       admin_level,
       population_group,
       coalesce(t_total, f_total + m_total, girls + boys + women + men, t_children + t_adults) AS population,
       girls,
       boys,
       women,
       men,
       coalesce(girls + boys + women + men > 0, false) AS has_structure,
       reference_year
FROM wide
