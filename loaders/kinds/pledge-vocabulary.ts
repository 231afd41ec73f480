// The words of the GCR Digital Platform's pledge export (domain note shared/domain/pledges.md): progress
// stages, entity types, and the SQL macros that split its multi-valued cells into lists.
import type { DuckDBConnection } from "@duckdb/node-api";

/**
 * The four stages, stored exactly so. "No update" is the entity not having reported (the update form's own
 * category, never "planning"); only labels that say so, or a blank cell, become it. Anything else is an
 * unconfirmed label and is rejected with this list.
 */
export const STAGES = {
  "Planning stage": ["planning stage", "planning", "planned", "in planning", "not yet implemented", "planification", "en planification", "etape de planification", "planificacion", "en planificacion", "fase de planificacion"],
  "In progress": ["in progress", "ongoing", "implementation under way", "under way", "underway", "in implementation", "being implemented", "en cours", "en cours de mise en oeuvre", "en curso", "en progreso", "en ejecucion"],
  Fulfilled: ["fulfilled", "implemented", "completed", "complete", "achieved", "realise", "accompli", "rempli", "mis en oeuvre", "cumplido", "completado", "implementado"],
  "No update": ["no update", "not updated", "no progress update", "no update provided", "not reported", "no report", "no information", "not yet reported", "pas de mise a jour", "sin actualizacion"]
} satisfies Record<string, string[]>;

export const STAGE_LABELS = Object.keys(STAGES) as (keyof typeof STAGES)[];

export const ENTITY_TYPES = {
  State: ["state", "states", "government", "member state", "etat", "gouvernement", "estado", "gobierno"],
  "International organisation / UN": ["international organisation", "international organization", "un", "un agency", "un entity", "united nations", "io", "intergovernmental organisation", "intergovernmental organization", "organisation internationale", "organizacion internacional", "international organisation un", "international organization un"],
  "NGO / civil society": ["ngo", "ngos", "civil society", "ngo civil society", "non governmental organisation", "non governmental organization", "international ngo", "national ngo", "ong", "societe civile", "sociedad civil", "civil society organisation", "civil society organization"],
  "Private sector": ["private sector", "business", "private sector business", "company", "secteur prive", "sector privado", "empresa"],
  Academia: ["academia", "academic", "academic institution", "university", "research", "universite", "universidad"],
  "City / local authority": ["city", "cities", "local authority", "local authorities", "local government", "municipality", "city local authority", "ville", "autorite locale", "ciudad", "municipalidad"],
  Parliament: ["parliament", "parliamentarians", "parliamentarian", "parlement", "parlamento"],
  "Refugee-led organisation": ["refugee led organisation", "refugee led organization", "refugee led", "rlo", "organisation dirigee par des refugies", "organizacion dirigida por refugiados"],
  "Faith-based": ["faith based", "faith based organisation", "faith based organization", "religious organisation", "religious organization", "confessionnelle"],
  Sports: ["sports", "sport", "sports organisation", "sports organization"],
  Other: ["other", "others", "autre", "otro"]
} satisfies Record<string, string[]>;

/** Cells that name no country but the whole world: a global pledge. */
export const GLOBAL_WORDS = ["global", "worldwide", "world", "all countries", "mondial", "monde", "tous les pays", "mundial", "todos los paises"];

// Commas inside one official country name ("Congo, Democratic Republic of the", "Korea, Republic of") are
// not separators: they are set aside as chr(1) before the split and put back after.
const NAME_COMMA = String.raw`,(\s*(the|democratic|bolivarian|islamic|republic|united|federated|plurinational|peoples?|people.s|state|province|sar)\b)`;

/** Registers the macros the pledge kind's SQL uses (temp, on this connection). */
export async function registerPledgeMacros(conn: DuckDBConnection): Promise<void> {
  await conn.run(String.raw`
-- A multi-valued cell ("Chad; Sudan", "Education, Jobs and livelihoods", one value per line) → list of values.
CREATE OR REPLACE TEMP MACRO pl_split(x) AS CASE WHEN x IS NULL THEN []::VARCHAR[] ELSE
  list_distinct(list_filter(
    list_transform(string_split_regex(regexp_replace(x, '${NAME_COMMA}', chr(1) || '\1', 'gi'), '\s*[;|,\n\r•]\s*'), p -> pa_clean(regexp_replace(replace(p, chr(1), ','), '[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]', '', 'g'))),
    p -> p IS NOT NULL))
END;
-- One GCR objective cell part → its objective numbers: digits 1–4 ("Objective 2"), else the objective's words.
CREATE OR REPLACE TEMP MACRO pl_objective(p) AS CASE
  WHEN regexp_matches(p, '(^|[^0-9])[1-4]([^0-9]|$)') THEN list_transform(regexp_extract_all(p, '(?:^|[^0-9])([1-4])(?:[^0-9]|$)', 1), d -> CAST(d AS INTEGER))
  WHEN regexp_matches(coalesce(pa_norm(p), ''), 'ease|pressure|host countr|pays d accueil|paises de acogida|burden') THEN [1]
  WHEN regexp_matches(coalesce(pa_norm(p), ''), 'self reliance|autonomie|autosuficiencia|resilience') THEN [2]
  WHEN regexp_matches(coalesce(pa_norm(p), ''), 'third countr|pays tiers|terceros paises|resettlement|complementary pathway|reinstallation|reasentamiento') THEN [3]
  WHEN regexp_matches(coalesce(pa_norm(p), ''), 'return|origin|retour|retorno|repatri') THEN [4]
  ELSE []::INTEGER[]
END;
-- One type-of-pledge part → the canonical types it names (several for "material or technical assistance").
CREATE OR REPLACE TEMP MACRO pl_types(n) AS list_filter([
  CASE WHEN regexp_matches(n, 'financ|funding|monetary') THEN 'financial' END,
  CASE WHEN regexp_matches(n, 'material|in kind|en nature|en especie') THEN 'material' END,
  CASE WHEN regexp_matches(n, 'technic|tecnic|expertise') THEN 'technical' END,
  CASE WHEN regexp_matches(n, 'polic|politi|legislat|\blaw\b|\blegal\b') THEN 'policy' END,
  CASE WHEN regexp_matches(n, 'resettle|complementary|pathway|reinstall|reasenta') THEN 'resettlement/complementary pathways' END,
  CASE WHEN regexp_matches(n, '^(other|others|autre|autres|otro|otros)\b') THEN 'other' END
], x -> x IS NOT NULL);
-- GRF cell → '2019', '2023' (a Forum year: every four years from 2019), 'between Forums', or the text as written.
CREATE OR REPLACE TEMP MACRO pl_grf_year(t, y) AS CASE
  WHEN t IS NULL THEN NULL
  WHEN y IS NOT NULL AND y >= 2019 AND (y - 2019) % 4 = 0 THEN CAST(y AS VARCHAR)
  WHEN y IS NOT NULL AND y > 2019 THEN 'between Forums'
  WHEN y IS NOT NULL THEN CAST(y AS VARCHAR)
  WHEN regexp_matches(coalesce(pa_norm(t), ''), 'between|entre|inter forum') THEN 'between Forums'
  ELSE t
END;
CREATE OR REPLACE TEMP MACRO pl_grf(t) AS pl_grf_year(t, TRY_CAST(regexp_extract(t, '((?:19|20)[0-9]{2})', 1) AS INTEGER));
-- An amount cell: a plain number, optionally marked USD / US$ / $; any other currency is not a USD amount.
CREATE OR REPLACE TEMP MACRO pl_usd(t) AS CASE
  WHEN t IS NULL THEN NULL
  WHEN regexp_matches(t, '(?i)(eur|€|chf|gbp|£|jpy|¥|sek|nok|dkk|cad|aud|million|billion|milliard|m\b)') THEN NULL
  ELSE pa_num_text(regexp_replace(regexp_replace(trim(regexp_replace(t, '(?i)^\s*(usd|us\$|\$)\s*|\s*(usd|us\$|\$)\s*$', '', 'g')), '[\s\x{00A0}\x{202F}]', '', 'g'), '''', '', 'g'))
END;
-- Text an export damaged: U+FFFD (undecodable bytes), runs of ??? (characters lost to a code page), UTF-8 read
-- as Windows-1252 (Ã©, Ø§, Ù„), or an Arabic code page read as Windows-1252 ("ÇáÊÚáíã": words made only of
-- accented Latin letters, which no French or Spanish word is).
CREATE OR REPLACE TEMP MACRO pl_mangled(t) AS t IS NOT NULL AND (
  contains(t, chr(65533)) OR regexp_matches(t, '\?\?\?') OR regexp_matches(t, '[ÃÂØÙ][\x{0080}-\x{00BF}\x{0152}\x{0153}\x{0160}\x{0161}\x{0178}\x{017D}\x{017E}\x{0192}\x{02C6}\x{02DC}\x{2013}-\x{203A}\x{20AC}\x{2122}]')
  OR regexp_matches(t, '(^|[^\pL])[\x{00C0}-\x{00FF}]{4,}([^\pL]|$)'));
`);
}

/** A date (YYYY-MM-DD, YYYY_MM_DD or YYYYMMDD) in a file name, if it is a real day. */
export function dateFromFileName(name: string): string | null {
  const m = /(?:^|[^0-9])(20\d{2})[-_.]?(0[1-9]|1[0-2])[-_.]?(0[1-9]|[12]\d|3[01])(?![0-9])/.exec(name);
  if (!m) return null;
  return isoDay(`${m[1]}-${m[2]}-${m[3]}`);
}

/** The same text when it is a real calendar day (2025-02-30 is not), else null. */
export function isoDay(text: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text ? text : null;
}
