// The operation config: the one file an IMO edits to switch operations.
import { readFileSync } from "node:fs";
import { z } from "zod";
import { RISK_KEYS } from "./risk-list.ts";

export const AORS = ["GP", "CP", "GBV", "MA", "HLP"] as const;
export const AOR_LABELS: Record<(typeof AORS)[number], string> = {
  GP: "General Protection",
  CP: "Child Protection",
  GBV: "Gender-Based Violence",
  MA: "Mine Action",
  HLP: "Housing, Land and Property"
};
export const POPULATION_GROUPS = ["idp", "returnee", "host", "refugee", "other"] as const;

/** Protection-related pledge themes (domain note on GRF pledges): protection and asylum capacity, statelessness… */
export const PLEDGE_PROTECTION_THEMES = ["protection capacity", "asylum capacity", "statelessness", "legal identity", "gender-based violence", "GBV", "child protection"] as const;

const quarter = z.string().regex(/^\d{4}Q[1-4]$/, "expected a quarter like 2025Q3");
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date like 2025-01-31");

/** One answer of a CCPM answer scale: its label (English, French, other spellings) and its value (null: not scored). */
const CcpmAnswer = z.object({
  code: z.string().regex(/^[a-z0-9_]+$/, "expected a code like fairly_often"),
  en: z.string().min(1),
  fr: z.string().min(1).optional(),
  synonyms: z.array(z.string().min(1)).default([]),
  value: z.number().min(0).max(1).nullable()
});

/** CCPM (cluster coordination performance monitoring): questionnaire and the scoring details the CCPM notes leave unconfirmed. */
const CcpmConfig = z.object({
  /** The questionnaire (CSV): relative to the working folder, else to the project; the default is the standard 6+1 functions. */
  questionnaire: z.string().min(1).default("data/ccpm/questionnaire.csv"),
  /** The round of survey exports without a Year/Année/round column (`protection ingest --round`). */
  round: z.string().min(1).optional(),
  /** Fewer respondents with a scored answer than this, per item × respondent group: the score is withheld. */
  minRespondents: z.number().int().min(1).default(5),
  /** A function's score from its sub-items' scores (the CCPM notes: median, or mean). */
  functionAggregate: z.enum(["median", "mean"]).default("median"),
  /** Answer scales beyond (or replacing) the built-in yes_no and frequency, by name; values 0–1, null = not scored. */
  scales: z.record(z.string().regex(/^[a-z0-9_]+$/), z.array(CcpmAnswer).min(1)).default({})
});

const riskKey = z.string().refine((k) => RISK_KEYS.includes(k), { message: `expected a GPC risk key (${RISK_KEYS.join(", ")})` });

/** The quarterly Protection Analysis Update (issue #14): narrative folder, how many risks it presents, risk ↔ response. */
const PauConfig = z.object({
  /** Folder of the analysts' narrative files `<quarter>.md` (2025Q3.md); relative to the working folder. */
  narrativeDir: z.string().min(1).default("data/narrative"),
  /** How many top risks the PAU presents (GPC practice: 3–6). */
  topRisks: z.number().int().min(3).max(6).default(5),
  /** Incident types (as monitoring files name them) → risk key, tried before the GPC names and keywords. */
  incidentTypes: z.record(z.string().min(1), riskKey).default({}),
  /**
   * Risk → the AoRs (and optionally activity-name substrings) whose 5W activities count as a response to it;
   * risks left out use the AoRs "most concerned" of warehouse/risk-list.ts and any activity.
   */
  riskResponse: z.record(riskKey, z.object({ aors: z.array(z.enum(AORS)).min(1), activities: z.array(z.string().min(1)).default([]) })).default({})
});

export const OperationConfig = z.object({
  country: z.object({
    iso3: z.string().regex(/^[A-Z]{3}$/),
    iso2: z.string().regex(/^[A-Z]{2}$/),
    name: z.string().min(1)
  }),
  /** Admin levels in use; analysis is at the deepest one (usually 2). */
  adminLevels: z.array(z.number().int().min(1).max(4)).min(1).default([1, 2]),
  /** Digits each admin level adds to the p-code (COD p-code lengths), used to repair codes. */
  pcodeDigits: z.array(z.number().int().min(1).max(4)).default([2, 2]),
  currentQuarter: quarter,
  /** Reporting period: 5W months outside it are flagged. */
  period: z.object({ start: isoDate, end: isoDate }),
  asOf: isoDate.optional(),
  populationGroups: z.array(z.enum(POPULATION_GROUPS)).min(1).default([...POPULATION_GROUPS]),
  sensitive: z
    .object({
      aors: z.array(z.enum(AORS)).default(["GBV"]),
      /** Activity names (case-insensitive substrings) whose partners are hidden in public builds. */
      activities: z.array(z.string()).default(["case management"])
    })
    .default({ aors: ["GBV"], activities: ["case management"] }),
  /** The cluster's agreed activity list; 5W rows with other activities are flagged (empty: not checked). */
  activityList: z.array(z.object({ code: z.string().min(1), name: z.string().min(1), aor: z.enum(AORS).optional() })).default([]),
  /** Which indicators are cumulative (latest value) and which are new (sum of months). */
  indicatorRules: z
    .array(z.object({ match: z.string().min(1), reporting: z.enum(["cumulative", "new"]) }))
    .default([]),
  /** Used when no rule matches and the file does not say: person counts are cumulative-safe. */
  defaultReporting: z.enum(["cumulative", "new"]).default("cumulative"),
  severity: z
    .object({
      method: z.enum(["max", "mean_top_half", "mean", "threshold"]).default("max"),
      threshold: z.number().gt(0).lt(1).default(0.25),
      /** Share of the population counted as PiN at each phase; default counts everyone at 3–5. */
      pinShares: z
        .object({ "1": z.number().min(0).max(1), "2": z.number().min(0).max(1), "3": z.number().min(0).max(1), "4": z.number().min(0).max(1), "5": z.number().min(0).max(1) })
        .default({ "1": 0, "2": 0, "3": 1, "4": 1, "5": 1 })
    })
    .default({ method: "max", threshold: 0.25, pinShares: { "1": 0, "2": 0, "3": 1, "4": 1, "5": 1 } }),
  thresholds: z
    .object({
      /** Public builds show counts below this as "<N". */
      suppressBelow: z.number().int().min(1).default(5),
      /** Reached above targeted × this factor is flagged. */
      reachedOverTargeted: z.number().min(1).default(1.5),
      /** Disaggregation may differ from the total by this share before it is flagged. */
      disaggregationTolerance: z.number().min(0).max(1).default(0.05),
      /** Fuzzy name matching: maximum normalised edit distance accepted as confident. */
      nameMatchDistance: z.number().min(0).max(0.5).default(0.2),
      /** A 5W count above this multiple of the file's own 90th percentile (and above 10,000) is rejected as implausible. */
      outlierMultiple: z.number().min(2).default(100)
    })
    .default({ suppressBelow: 5, reachedOverTargeted: 1.5, disaggregationTolerance: 0.05, nameMatchDistance: 0.2, outlierMultiple: 100 }),
  /** Boundary files whose p-code/name properties have non-standard names (e.g. "DIST_CODE"). */
  boundaries: z
    .object({
      pcodeProperty: z.string().min(1).optional(),
      nameProperty: z.string().min(1).optional(),
      parentProperty: z.string().min(1).optional(),
      /** admin level of features read through pcodeProperty (default: the digit in the property name, else 2) */
      level: z.number().int().min(1).max(3).optional()
    })
    .default({}),
  /**
   * Reviewed organisation aliases: a spelling as partners write it → the one name to count it under
   * ("Intl Rescue Cttee": "International Rescue Committee"); compared after normalising case, accents and punctuation.
   */
  organisationAliases: z.record(z.string(), z.string().min(1)).default({}),
  /** Explicit name → p-code overrides kept by the IMO ("Parent|Name": "PCODE" or "Name": "PCODE"). */
  pcodeOverrides: z.record(z.string(), z.string()).default({}),
  /** CCPM questionnaire and scoring (see CcpmConfig). */
  ccpm: CcpmConfig.prefault({}),
  /** Global Refugee Forum pledges: which pledges concern this operation and when one counts as stalled. */
  pledges: z
    .object({
      /** A pledge not fulfilled and without a progress update for more than this many months is stalled. */
      stalledMonths: z.number().int().min(1).max(120).default(6),
      /** Regions (as the export names them) whose regional pledges concern this operation. */
      regions: z.array(z.string().min(1)).default([]),
      /** Areas/themes (case-insensitive substrings) that make a global pledge relevant to a protection operation. */
      protectionThemes: z.array(z.string().min(1)).default([...PLEDGE_PROTECTION_THEMES]),
      /** Other names the export uses for the operation's country (besides country.name, iso3 and iso2). */
      countryNames: z.array(z.string().min(1)).default([])
    })
    .default({ stalledMonths: 6, regions: [], protectionThemes: [...PLEDGE_PROTECTION_THEMES], countryNames: [] }),
  /** Protection Analysis Update: narrative folder, number of top risks, incident types, risk → response mapping. */
  pau: PauConfig.prefault({})
});
export type OperationConfig = z.infer<typeof OperationConfig>;

export function parseOperationConfig(json: unknown, source = "operation config"): OperationConfig {
  const result = OperationConfig.safeParse(json);
  if (!result.success) {
    const first = result.error.issues[0]!;
    throw new Error(`invalid ${source}: ${first.path.join(".") || "(root)"}: ${first.message}`);
  }
  return result.data;
}

export function loadOperationConfig(path = process.env.PROTECTION_CONFIG ?? "data/operation.json"): OperationConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new Error(`operation config not found: ${path}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`operation config is not valid JSON: ${path}: ${(e as Error).message}`);
  }
  return parseOperationConfig(json, path);
}
