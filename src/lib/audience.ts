// The one gate every published row passes through: publish(dataset, rows). Internal builds get the rows
// unchanged; public builds go through publicRules() (suppress-rules.ts): small-number suppression,
// partner names withheld, sensitive AoRs at admin1, internal-only datasets empty.
import { loadOperationConfig } from "../../warehouse/operation-config.ts";
import { datasetSpec, type DatasetSpec } from "./datasets.ts";
import { applyPublicRules, sensitiveActivityTerms, type PublicRulesContext } from "./suppress-rules.ts";

export type { PublicRulesContext };
import type { Row } from "../../warehouse/db.ts";

export const AUDIENCES = ["internal", "public"] as const;
export type Audience = (typeof AUDIENCES)[number];

export function currentAudience(env: NodeJS.ProcessEnv = process.env): Audience {
  const value = (env.PROTECTION_AUDIENCE ?? "internal").trim().toLowerCase() || "internal";
  if (!(AUDIENCES as readonly string[]).includes(value)) throw new Error(`invalid audience: ${value} (expected internal or public)`);
  return value as Audience;
}

/** What the public rules know about the operation (from data/operation.json). */

export type PublicRules = (rows: Row[], context: PublicRulesContext) => Row[];

export class PublicRulesMissingError extends Error {
  constructor(dataset: string) {
    super(`no public rule for the partner names of dataset ${dataset}: refusing to publish it (declare its aorColumn, aorListColumn or activityColumn in src/lib/datasets.ts)`);
    this.name = "PublicRulesMissingError";
  }
}

/* ──────────────────────────────────────────────────────────────────────────────────────────────
 * PUBLIC RULES (suppress-rules.ts): small-number suppression with complementary suppression, partner
 * names withheld for sensitive AoRs and activities, sensitive AoRs no finer than admin1, free text
 * never published. Called once per dataset for public builds, with every row the data loader read;
 * returns the rows safe to publish, with the declared columns (the pages read them by name).
 *
 * A dataset that names partners without saying how to tell sensitive work (no AoR column, AoR list or
 * activity column) is refused rather than published with every name in it.
 * ────────────────────────────────────────────────────────────────────────────────────────────── */
export const publicRules: PublicRules = (rows, context) => {
  const { spec } = context;
  if (spec.partnerColumns.length && !spec.aorColumn && !spec.aorListColumn && !spec.activityColumn && rows.length > 0) {
    throw new PublicRulesMissingError(spec.name);
  }
  return applyPublicRules(rows, context);
};

export interface PublishOptions {
  audience?: Audience;
  /** Defaults to the operation config (PROTECTION_CONFIG or data/operation.json), read only for public builds. */
  context?: Omit<PublicRulesContext, "spec">;
  rules?: PublicRules;
}

/** What the public rules know about the operation, from data/operation.json (PROTECTION_CONFIG). */
export function planContext(): Omit<PublicRulesContext, "spec"> {
  return contextFromConfig();
}

function contextFromConfig(): Omit<PublicRulesContext, "spec"> {
  const config = loadOperationConfig();
  return {
    suppressBelow: config.thresholds.suppressBelow,
    sensitiveAors: [...config.sensitive.aors],
    sensitiveActivities: sensitiveActivityTerms([...config.sensitive.activities], config.activityList)
  };
}

/** True when the dataset is withheld entirely from this audience. */
export function isWithheld(dataset: string, audience: Audience = currentAudience()): boolean {
  return audience === "public" && internalOnly(datasetSpec(dataset));
}

/** Internal only: declared so, or people counts per month (months of a quarter give withheld figures back). */
export function internalOnly(spec: DatasetSpec): boolean {
  if (spec.internalOnly === true) return true;
  // a month column (not any date: "as of" dates are not months of a quarter)
  const monthly = spec.periodColumn === "month" || spec.columns.some((c) => c.name === "month" || c.name === "reporting_month" || (c.aliases ?? []).includes("reporting_month"));
  return monthly && spec.counts.length > 0 && spec.publicMonths !== true;
}

/** Every row the site publishes passes through here. */
export function publish(dataset: string, rows: Row[], options: PublishOptions = {}): Row[] {
  const spec = datasetSpec(dataset);
  const audience = options.audience ?? currentAudience();
  if (audience === "internal") return rows;
  if (internalOnly(spec)) return [];
  const rules = options.rules ?? publicRules;
  return rules(rows, { spec, ...(options.context ?? contextFromConfig()) });
}
