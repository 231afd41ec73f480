// SQL macros that turn messy spreadsheet text into typed values. Parsing lives in SQL so that a
// million-row file is validated set-wise in DuckDB, not cell by cell in JavaScript.
import type { DuckDBConnection } from "@duckdb/node-api";

const WS = String.raw`[\s\x{00A0}\x{2007}\x{202F}\x{2009}]`;

export const MACROS = String.raw`
-- Trimmed text with inner runs of whitespace (including non-breaking spaces) collapsed; '' → NULL.
-- The regular expression only runs on the few cells that hold such whitespace: contains() is far cheaper.
CREATE OR REPLACE TEMP MACRO pa_text(x) AS CASE
  WHEN x IS NULL THEN NULL
  WHEN contains(x, '  ') OR contains(x, chr(160)) OR contains(x, chr(9)) OR contains(x, chr(10)) OR contains(x, chr(13))
    OR contains(x, chr(8239)) OR contains(x, chr(8199)) OR contains(x, chr(8201))
    THEN nullif(trim(regexp_replace(x, '${WS}+', ' ', 'g')), '')
  ELSE nullif(trim(x), '')
END;

-- Values partners type for "nothing": N/A, dashes, Excel errors, <Null> (t already through pa_text).
CREATE OR REPLACE TEMP MACRO pa_is_blankish_t(t) AS length(t) <= 9 AND upper(t) IN
  ('N/A', 'NA', 'N.A.', 'N/D', 'ND', '-', '--', '–', '—', '<NULL>', 'NULL', 'NONE', 'NIL', 'NAN', '#N/A', '#N/D', '#REF!', '#VALUE!', '#DIV/0!', '#NAME?', '#NUM!', '#NULL!', '#VALEUR!', '#NOM?');
CREATE OR REPLACE TEMP MACRO pa_clean_t(t) AS CASE WHEN pa_is_blankish_t(t) THEN NULL ELSE t END;
CREATE OR REPLACE TEMP MACRO pa_clean(x) AS pa_clean_t(pa_text(x));

-- Lower-case ASCII words: for matching headers, categories and names.
CREATE OR REPLACE TEMP MACRO pa_norm(x) AS nullif(trim(regexp_replace(lower(strip_accents(x)), '[^a-z0-9]+', ' ', 'g')), '');

-- Numbers with thousands separators (1,250 / 1 250 / 1.250 / 1'250) and decimal commas (0,5).
CREATE OR REPLACE TEMP MACRO pa_num_text(s) AS TRY_CAST(
  CASE
    WHEN regexp_full_match(s, '[-+]?\d{1,3}(,\d{3})+(\.\d+)?') THEN replace(s, ',', '')
    WHEN regexp_full_match(s, '[-+]?\d{1,3}(\.\d{3})+(,\d+)?') THEN replace(replace(s, '.', ''), ',', '.')
    WHEN regexp_full_match(s, '[-+]?\d+,\d+') THEN replace(s, ',', '.')
    ELSE s
  END AS DOUBLE);
-- The *_t macros take text already cleaned by pa_clean (a column, not an expression): nested macros
-- expand textually, so passing expressions down several levels multiplies binding time.
CREATE OR REPLACE TEMP MACRO pa_num_t(t) AS CASE
  WHEN t IS NULL THEN NULL
  WHEN NOT (contains(t, ',') OR contains(t, ' ') OR contains(t, '''') OR contains(t, chr(160)) OR contains(t, chr(8239))) THEN TRY_CAST(t AS DOUBLE)
  ELSE pa_num_text(regexp_replace(t, '(${WS}|'')+', '', 'g'))
END;
CREATE OR REPLACE TEMP MACRO pa_num(x) AS pa_num_t(pa_clean(x));

-- Whole counts: "1.250" is one thousand two hundred and fifty here, never 1.25 people.
CREATE OR REPLACE TEMP MACRO pa_count_t(t) AS CASE
  WHEN contains(t, '.') AND regexp_full_match(t, '[-+]?\d{1,3}(\.\d{3})+') THEN TRY_CAST(replace(t, '.', '') AS DOUBLE)
  ELSE pa_num_t(t)
END;
CREATE OR REPLACE TEMP MACRO pa_count(x) AS pa_count_t(pa_clean(x));

-- A date from year, month and day, or NULL when there is no such day (month 13, 31 February): make_date
-- raises "Date out of range" instead, which would abort the whole file for one bad cell. A month or day out of
-- range prints as no date ('2025-13-01', '2025-02-31' and '2025--1-01' do not cast). Each argument is named
-- once or twice: macros expand textually and these nest, so binding time grows with every repetition.
CREATE OR REPLACE TEMP MACRO pa_make_date(y, m, d) AS CASE
  WHEN y BETWEEN 1 AND 9999 THEN TRY_CAST(printf('%04d-%02d-%02d', CAST(y AS INTEGER), TRY_CAST(m AS INTEGER), TRY_CAST(d AS INTEGER)) AS DATE) END;

-- Month names in English and French (accents already stripped, lower case) → 1..12.
-- One regular expression and one map lookup: m is named once (see pa_make_date).
CREATE OR REPLACE TEMP MACRO pa_month_num(m) AS map_extract_value(MAP {
    'jan': 1, 'feb': 2, 'fev': 2, 'mar': 3, 'apr': 4, 'avr': 4, 'may': 5, 'mai': 5, 'juin': 6, 'jun': 6,
    'juil': 7, 'jul': 7, 'aug': 8, 'aou': 8, 'sep': 9, 'oct': 10, 'nov': 11, 'dec': 12 },
  regexp_extract(m, '^(jan|feb|fev|mar|apr|avr|may|mai|juin|jun|juil|jul|aug|aou|sep|oct|nov|dec)', 1));
CREATE OR REPLACE TEMP MACRO pa_year4(y) AS CASE WHEN y IS NULL THEN NULL WHEN y < 100 THEN 2000 + y ELSE y END;

-- Dates: ISO, Excel serials, dd/mm/yyyy (preferred over mm/dd/yyyy when both parse), yyyymmdd,
-- "3 juin 2025", "June 3, 2025".
CREATE OR REPLACE TEMP MACRO pa_date_tn(s, n) AS coalesce(
  TRY_CAST(left(s, 10) AS DATE),
  CASE WHEN regexp_full_match(s, '\d{5}(\.\d+)?') AND TRY_CAST(s AS DOUBLE) BETWEEN 1 AND 80000
       THEN CAST(DATE '1899-12-30' + CAST(floor(CAST(s AS DOUBLE)) AS INTEGER) AS DATE) END,
  CAST(try_strptime(s, '%d/%m/%Y') AS DATE),
  CAST(try_strptime(s, '%m/%d/%Y') AS DATE),
  CAST(try_strptime(s, '%d-%m-%Y') AS DATE),
  CAST(try_strptime(s, '%d.%m.%Y') AS DATE),
  CAST(try_strptime(s, '%d/%m/%y') AS DATE),
  CASE WHEN regexp_full_match(s, '\d{8}') THEN CAST(try_strptime(s, '%Y%m%d') AS DATE) END,
  CASE WHEN regexp_full_match(n, '\d{1,2} [a-z]+ \d{4}') THEN
    pa_make_date(CAST(regexp_extract(n, '(\d{4})$', 1) AS INTEGER),
              pa_month_num(regexp_extract(n, '^\d{1,2} ([a-z]+)', 1)),
              CAST(regexp_extract(n, '^(\d{1,2})', 1) AS INTEGER)) END,
  CASE WHEN regexp_full_match(n, '[a-z]+ \d{1,2} \d{4}') THEN
    pa_make_date(CAST(regexp_extract(n, '(\d{4})$', 1) AS INTEGER),
              pa_month_num(regexp_extract(n, '^([a-z]+)', 1)),
              CAST(regexp_extract(n, '^[a-z]+ (\d{1,2})', 1) AS INTEGER)) END
);
CREATE OR REPLACE TEMP MACRO pa_date_text(s) AS pa_date_tn(s, pa_norm(s));
CREATE OR REPLACE TEMP MACRO pa_date(x) AS pa_date_text(pa_clean(x));

-- Reporting months: any date above, or "2025-06", "06/2025", "June 2025", "juin-25", or a bare month
-- name with the year taken from fallback_year (a Year column or the file name).
CREATE OR REPLACE TEMP MACRO pa_month_slow(s, n, fallback_year) AS coalesce(
  CASE WHEN regexp_full_match(s, '\d{4}[-/.]\d{1,2}') THEN
    pa_make_date(CAST(left(s, 4) AS INTEGER), CAST(regexp_extract(s, '[-/.](\d{1,2})$', 1) AS INTEGER), 1) END,
  CASE WHEN regexp_full_match(s, '\d{1,2}[-/.]\d{4}') THEN
    pa_make_date(CAST(right(s, 4) AS INTEGER), CAST(regexp_extract(s, '^(\d{1,2})', 1) AS INTEGER), 1) END,
  CASE WHEN regexp_full_match(n, '[a-z]+ \d{2}(\d{2})?') AND pa_month_num(regexp_extract(n, '^([a-z]+)', 1)) IS NOT NULL THEN
    pa_make_date(pa_year4(CAST(regexp_extract(n, '(\d+)$', 1) AS INTEGER)), pa_month_num(regexp_extract(n, '^([a-z]+)', 1)), 1) END,
  CASE WHEN regexp_full_match(n, '[a-z]+') AND fallback_year IS NOT NULL AND pa_month_num(n) IS NOT NULL THEN
    pa_make_date(CAST(fallback_year AS INTEGER), pa_month_num(n), 1) END,
  CASE WHEN regexp_full_match(s, '\d{4}') AND CAST(s AS INTEGER) BETWEEN 1990 AND 2100 THEN NULL END,
  date_trunc('month', pa_date_tn(s, n))::DATE
);
-- ISO dates (what XLSX date cells become) and 2025-06 first; everything else goes the slow way.
CREATE OR REPLACE TEMP MACRO pa_month_tn(s, n, fallback_year) AS CASE
  WHEN s IS NULL THEN NULL
  WHEN length(s) >= 10 AND TRY_CAST(left(s, 10) AS DATE) IS NOT NULL THEN CAST(date_trunc('month', TRY_CAST(left(s, 10) AS DATE)) AS DATE)
  WHEN length(s) = 7 AND TRY_CAST(s || '-01' AS DATE) IS NOT NULL THEN TRY_CAST(s || '-01' AS DATE)
  ELSE pa_month_slow(s, n, fallback_year)
END;
CREATE OR REPLACE TEMP MACRO pa_month_text(s, fallback_year) AS pa_month_tn(s, pa_norm(s), fallback_year);
CREATE OR REPLACE TEMP MACRO pa_month(x, fallback_year) AS pa_month_text(pa_clean(x), fallback_year);

-- Severity phase 1–5 from "3", "3.0", "3-Severe", "Phase 4", "Severe", "Extrême".
CREATE OR REPLACE TEMP MACRO pa_severity_t(t) AS CASE
  WHEN t IS NULL THEN NULL
  WHEN TRY_CAST(t AS DOUBLE) IS NOT NULL THEN TRY_CAST(t AS DOUBLE)
  WHEN regexp_matches(pa_norm(t), '^(phase )?\d(\.0)?( |$)') THEN CAST(regexp_extract(pa_norm(t), '(\d)', 1) AS DOUBLE)
  ELSE CASE regexp_replace(pa_norm(t), '^(phase |level |niveau )', '')
    WHEN 'none' THEN 1 WHEN 'minimal' THEN 1 WHEN 'minimale' THEN 1 WHEN 'aucune' THEN 1
    WHEN 'stress' THEN 2 WHEN 'stressed' THEN 2 WHEN 'sous pression' THEN 2
    WHEN 'severe' THEN 3 WHEN 'grave' THEN 3
    WHEN 'extreme' THEN 4 WHEN 'catastrophic' THEN 5 WHEN 'catastrophique' THEN 5 ELSE NULL END
END;
CREATE OR REPLACE TEMP MACRO pa_severity(x) AS pa_severity_t(pa_clean(x));

-- P-codes: upper case, no spaces; numbers Excel turned into 1.0e3-style text are left for repair.
CREATE OR REPLACE TEMP MACRO pa_pcode_t(t) AS upper(regexp_replace(t, '${WS}', '', 'g'));
CREATE OR REPLACE TEMP MACRO pa_pcode(x) AS pa_pcode_t(pa_clean(x));
`;

export async function registerMacros(conn: DuckDBConnection): Promise<void> {
  await conn.run(MACROS);
}
