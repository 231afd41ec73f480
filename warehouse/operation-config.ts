// The operation config: the one file an IMO edits to switch operations.
import { readFileSync } from "node:fs";
import { z } from "zod";

export const AORS = ["GP", "CP", "GBV", "MA", "HLP"] as const;
export const AOR_LABELS: Record<(typeof AORS)[number], string> = {
  GP: "General Protection",
  CP: "Child Protection",
  GBV: "Gender-Based Violence",
  MA: "Mine Action",
  HLP: "Housing, Land and Property"
};
export const POPULATION_GROUPS = ["idp", "returnee", "host", "refugee", "other"] as const;

const quarter = z.string().regex(/^\d{4}Q[1-4]$/, "expected a quarter like 2025Q3");
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date like 2025-01-31");

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
      nameMatchDistance: z.number().min(0).max(0.5).default(0.2)
    })
    .default({ suppressBelow: 5, reachedOverTargeted: 1.5, disaggregationTolerance: 0.05, nameMatchDistance: 0.2 }),
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
  /** Explicit name → p-code overrides kept by the IMO ("Parent|Name": "PCODE" or "Name": "PCODE"). */
  pcodeOverrides: z.record(z.string(), z.string()).default({})
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
