// The one gate every published row passes through: publish(dataset, rows). Internal builds get the rows
// unchanged; public builds go through publicRules(), the hook for suppression and partner-name removal.
import { loadOperationConfig } from "../../loaders/operation-config.ts";
import { datasetSpec, type DatasetSpec } from "./datasets.ts";
import type { Row } from "./warehouse.ts";

export const AUDIENCES = ["internal", "public"] as const;
export type Audience = (typeof AUDIENCES)[number];

export function currentAudience(env: NodeJS.ProcessEnv = process.env): Audience {
  const value = (env.PROTECTION_AUDIENCE ?? "internal").trim().toLowerCase() || "internal";
  if (!(AUDIENCES as readonly string[]).includes(value)) throw new Error(`invalid audience: ${value} (expected internal or public)`);
  return value as Audience;
}

/** What the public rules know about the operation (from data/operation.json). */
export interface PublicRulesContext {
  /** The dataset's declaration: its count, partner, free-text, AoR and admin columns. */
  spec: DatasetSpec;
  /** thresholds.suppressBelow: counts below it must not be shown as such ("<5"). */
  suppressBelow: number;
  /** sensitive.aors (e.g. GBV): partners of these AoRs are never named publicly. */
  sensitiveAors: string[];
  /** sensitive.activities: case-insensitive substrings of activity names whose partners are hidden. */
  sensitiveActivities: string[];
}

export type PublicRules = (rows: Row[], context: PublicRulesContext) => Row[];

export class PublicRulesMissingError extends Error {
  constructor(dataset: string) {
    super(`public rules not implemented yet: refusing to publish dataset ${dataset} (see src/lib/audience.ts publicRules)`);
    this.name = "PublicRulesMissingError";
  }
}

/* ──────────────────────────────────────────────────────────────────────────────────────────────
 * HOOK: PUBLIC RULES — to be implemented (small-number suppression, partner-name removal).
 *
 * Called once per dataset for public builds, with every row the data loader read. Return the rows
 * safe to publish. The declaration in `context.spec` says what to act on:
 *   - spec.counts          people counts → suppress values in 1..suppressBelow-1. Pages treat a count
 *                          that is not a number as "not shown": publish the string `<${suppressBelow}`
 *                          (displayed as is) or null (displayed "–"); sums skip both. Mind
 *                          complementary disclosure (a total minus the shown parts).
 *   - spec.partnerColumns  organisation names → drop, pseudonymise, or keep only outside sensitive
 *                          AoRs/activities (spec.aorColumn gives the AoR of each row).
 *   - spec.freeText        text typed by partners → do not publish unreviewed.
 *   - spec.adminLevel / spec.adminColumn  the geography a row describes (suppress at admin2, keep at
 *                          admin1 or country, for example).
 *   - spec.internalOnly    already withheld by publish() below before this hook runs.
 * Keep the columns (the pages read them by name); change values, drop or merge rows.
 *
 * Until it exists, public builds stop here for any dataset with something to protect, rather than
 * ship unsuppressed numbers or partner names. Datasets with nothing sensitive pass unchanged.
 * ────────────────────────────────────────────────────────────────────────────────────────────── */
export const publicRules: PublicRules = (rows, { spec }) => {
  const sensitive = spec.counts.length + spec.partnerColumns.length + spec.freeText.length > 0;
  if (sensitive && rows.length > 0) throw new PublicRulesMissingError(spec.name);
  return rows;
};

export interface PublishOptions {
  audience?: Audience;
  /** Defaults to the operation config (PROTECTION_CONFIG or data/operation.json), read only for public builds. */
  context?: Omit<PublicRulesContext, "spec">;
  rules?: PublicRules;
}

function contextFromConfig(): Omit<PublicRulesContext, "spec"> {
  const config = loadOperationConfig();
  return {
    suppressBelow: config.thresholds.suppressBelow,
    sensitiveAors: [...config.sensitive.aors],
    sensitiveActivities: [...config.sensitive.activities]
  };
}

/** True when the dataset is withheld entirely from this audience. */
export function isWithheld(dataset: string, audience: Audience = currentAudience()): boolean {
  return audience === "public" && datasetSpec(dataset).internalOnly === true;
}

/** Every row the site publishes passes through here. */
export function publish(dataset: string, rows: Row[], options: PublishOptions = {}): Row[] {
  const spec = datasetSpec(dataset);
  const audience = options.audience ?? currentAudience();
  if (audience === "internal") return rows;
  if (spec.internalOnly) return [];
  const rules = options.rules ?? publicRules;
  return rules(rows, { spec, ...(options.context ?? contextFromConfig()) });
}
