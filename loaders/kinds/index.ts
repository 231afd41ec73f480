// The registry of data kinds, in detection order (the best-scoring kind wins; reference lists last).
import type { KindDefinition, KindName } from "./kind.ts";
import { KIND_NAMES } from "./kind.ts";
import { fiveW } from "./five-w.ts";
import { boundaries, gazetteer, pcodeLengths } from "./boundaries.ts";
import { population } from "./population.ts";
import { severity } from "./severity.ts";
import { funding, requirements, reference } from "./funding.ts";
import { ccpm } from "./ccpm.ts";
import { ccpmActions } from "./ccpm-actions.ts";
import { pledges } from "./pledges.ts";
import { pledgeFollowup } from "./pledge-followup.ts";
import { risks } from "./risks.ts";
import { incidents } from "./incidents.ts";
import { UserError } from "../../warehouse/errors.ts";

export const KINDS: KindDefinition[] = [fiveW, boundaries, gazetteer, pcodeLengths, population, severity, funding, requirements, ccpm, ccpmActions, pledges, pledgeFollowup, risks, incidents, reference];

/** Reference lists only win when no real kind fits. */
export const FALLBACK_KINDS = new Set<KindDefinition>([reference]);

export function kindsByName(name: string): KindDefinition[] {
  if (!(KIND_NAMES as readonly string[]).includes(name)) throw new UserError(`unknown kind: ${name} (expected one of ${KIND_NAMES.join(", ")})`, 2);
  const kinds = KINDS.filter((k) => k.name === (name as KindName));
  if (kinds.length === 0) throw new UserError(`kind ${name} is not supported yet`, 2);
  return kinds;
}
