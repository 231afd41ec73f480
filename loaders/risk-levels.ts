// A risk rating's level as the file wrote it → 1–5 and the label set it came from. GPC field clusters
// have used two label sets (domain note: globalprotectioncluster.org/emergencies, different years) and
// plain numbers; "not present / not rated" is N/A — level NULL, never 0.
import { normalise } from "./normalise.ts";

export type LabelSet = "gpc2021" | "gpc_low_high" | "number" | "na";

export type LevelMatch = { level: number | null; labelSet: LabelSet } | { level: null; labelSet: null; error: string };

const GPC2021 = ["minor", "stressed", "moderate", "severe", "extreme"];
const LOW_HIGH = ["very low", "low", "medium", "high", "very high"];
// French renderings seen in francophone operations (not an official GPC translation)
const GPC2021_FR = ["mineur", "stress", "modere", "severe", "extreme"];
const LOW_HIGH_FR = ["tres faible", "faible", "moyen", "eleve", "tres eleve"];
const NA = new Set(["n a", "na", "not present", "not rated", "not assessed", "not applicable", "none", "non applicable", "non evalue", "non evaluee", "absent", "pas present", "sans objet", "0 n a"]);

export const LEVEL_LABELS: Record<Exclude<LabelSet, "na" | "number">, string[]> = { gpc2021: GPC2021.map((l) => l.replace(/^./, (c) => c.toUpperCase())), gpc_low_high: ["Very Low", "Low", "Medium", "High", "Very High"] };

function byLabel(k: string): { level: number; labelSet: LabelSet } | null {
  for (const [set, labels] of [["gpc2021", GPC2021], ["gpc_low_high", LOW_HIGH], ["gpc2021", GPC2021_FR], ["gpc_low_high", LOW_HIGH_FR]] as const) {
    const i = (labels as readonly string[]).indexOf(k);
    if (i >= 0) return { level: i + 1, labelSet: set };
  }
  return null;
}

export function parseLevel(text: string | null): LevelMatch {
  if (text === null || text.trim() === "") return { level: null, labelSet: "na" };
  const k = normalise(text);
  if (NA.has(k)) return { level: null, labelSet: "na" };
  const t = text.trim();
  const outside = { level: null, labelSet: null, error: `level ${t} is outside the scale 1–5` } as const;
  if (/^[-+]?\d+([.,]\d+)?$/.test(t)) {
    const n = Number(t.replace(",", "."));
    return Number.isInteger(n) && n >= 1 && n <= 5 ? { level: n, labelSet: "number" } : outside;
  }
  // "4 - Severe", "4 (High)": the label must agree with the number
  const numbered = /^(\d+) (.+)$/.exec(k);
  if (numbered) {
    const n = Number(numbered[1]);
    if (n < 1 || n > 5) return outside;
    const label = byLabel(numbered[2]!);
    if (!label || label.level !== n) return { level: null, labelSet: null, error: `level '${t}': the number and the label disagree, or the label is from neither GPC set` };
    return label;
  }
  const label = byLabel(k);
  if (label) return label;
  return {
    level: null,
    labelSet: null,
    error: `level '${text.trim()}' is from neither GPC label set: expected 1–5, ${GPC2021.join("/")} or ${LOW_HIGH.join("/")} (N/A for not present)`
  };
}
