// Which of the 15 GPC risks a label names: the official English name, the older names GPC dashboards and
// partner files still use, the key, the number 1–15, a French name or a contextualised label (by
// keyword). Incident types ("forced recruitment", "armed presence in a site") go through the same
// keywords. An unknown label is never guessed: the closest standard names come back as suggestions.
import { distance } from "fastest-levenshtein";
import { RISKS, riskByKey } from "../warehouse/risk-list.ts";
import { normalise } from "./normalise.ts";

export type RiskMatchKind = "name" | "alias" | "key" | "number" | "keyword";

export type RiskMatch =
  | { key: string; via: RiskMatchKind }
  | { key: null; error: string; suggestions: string[] };

/** Older and variant names (GPC dashboards 2021–2022, partner files), from the domain note. */
const OLDER_NAMES: [string, string][] = [
  ["Abduction, kidnapping, forced disappearance, arbitrary or unlawful arrest and/or detention", "abduction_detention"],
  ["Attacks on civilians and other unlawful killings, attacks on civilian infrastructures", "attacks_on_civilians"],
  ["Attacks on civilians and other unlawful killings, and attacks on civilian objects", "attacks_on_civilians"],
  ["Forced family separation", "family_separation"],
  ["Child and forced family separation", "family_separation"],
  ["Discrimination and stigmatization, denial of resources, opportunities, services", "discrimination_denial"],
  ["Misinformation and denial of access to information", "disinformation"],
  ["Forced recruitment, including recruitment of children in armed forces and groups", "child_recruitment"],
  ["Sexual and gender-based violence", "gbv"],
  ["Sexual and gender-based violence (SGBV)", "gbv"],
  ["SGBV", "gbv"],
  ["GBV", "gbv"],
  ["Impediments and/or restrictions to access to documentation, remedies and justice", "legal_identity_justice"],
  ["Theft, extortion, eviction or destruction of personal property", "property_eviction"],
  ["Torture or inhuman, cruel, degrading treatment", "torture_cidt"],
  ["Impediments or restrictions to freedom of movement, siege and forced displacement", "movement_displacement"]
];

/**
 * Keywords over normalised text (lower-case ASCII words), English and French. Labels that hit the
 * keywords of two risks are ambiguous and rejected with both as suggestions. French official names were
 * not confirmed (domain note): French files are matched this way and keep their original label.
 */
const KEYWORDS: [string, RegExp][] = [
  ["abduction_detention", /\b(abduct\w*|kidnap\w*|enforced disappearance|disappearances?|arbitrary arrest|arbitrary detention|unlawful arrest|unlawful detention|arrests?|detention|enlevements?|enlevement|disparitions? forcees?|arrestations?|detentions? arbitraires?|detention)\b/],
  ["attacks_on_civilians", /\b(attacks? on civilians?|attacks? on (a |the )?sites?|attacks? on civilian objects|unlawful killings?|killings?|shelling|airstrikes?|armed presence|militari[sz]ation|attaques? contre (les )?civils|attaques? (contre|sur) (le |les |un )?sites?|meurtres?|homicides?|presence armee|bombardements?)\b/],
  ["family_separation", /\b(family separation|separated children|unaccompanied|separation familiale|separation des familles|enfants? non accompagnes?|enfants? separes?)\b/],
  ["child_marriage", /\b(child marriage|early marriage|forced marriage|mariages? d enfants?|mariages? precoces?|mariages? forces?)\b/],
  ["discrimination_denial", /\b(discrimination|stigmati[sz]ation|denial of (resources|services|humanitarian access)|humanitarian access|acces humanitaire|deni de ressources|stigmatisation)\b/],
  ["disinformation", /\b(disinformation|misinformation|access to information|desinformation|acces a l information)\b/],
  ["child_recruitment", /\b(forced recruitment|recruitment|recruitment of children|association of children|child soldiers?|recrutements? forces?|recrutement|enfants? associes?)\b/],
  ["gbv", /\b(gender based violence|sgbv|gbv|sexual violence|rape|violences? basees? sur le genre|vbg|violences? sexuelles?|viol)\b/],
  ["legal_identity_justice", /\b(legal identity|civil documentation|documentation|access to justice|remedies|identite juridique|documents? d etat civil|acces a la justice|justice)\b/],
  ["explosive_ordnance", /\b(mines?|landmines?|explosive ordnance|explosive remnants|uxo|ieds?|erw|engins? explosifs?|restes explosifs|munitions?)\b/],
  ["psychological_distress", /\b(psychological|emotional abuse|inflicted distress|detresse psychologique|violence psychologique|abus emotionnels?)\b/],
  ["property_eviction", /\b(theft|extortion|forced evictions?|evictions?|looting|destruction of (personal )?property|vols?|extorsions?|expulsions? forcees?|expulsions?|pillages?)\b/],
  ["torture_cidt", /\b(torture|cruel|inhuman|degrading treatment|traitements? cruels?|traitements? inhumains?|traitements? degradants?)\b/],
  ["trafficking_forced_labour", /\b(trafficking|forced labou?r|slavery|traite des personnes|traite|travail force|esclavage)\b/],
  ["movement_displacement", /\b(freedom of movement|movement restrictions?|restrictions? (on|of|to) movement|siege|forced displacement|displacement|liberte de (mouvement|circulation)|deplacements? forces?|deplacement force|restrictions? de mouvement)\b/]
];

const key = (text: string) => normalise(text);

const EXACT = new Map<string, { key: string; via: RiskMatchKind }>();
for (const r of RISKS) {
  EXACT.set(key(r.name), { key: r.key, via: "name" });
  EXACT.set(key(r.key), { key: r.key, via: "key" });
  EXACT.set(r.key, { key: r.key, via: "key" });
  if (!EXACT.has(key(r.short))) EXACT.set(key(r.short), { key: r.key, via: "alias" });
}
for (const [name, k] of OLDER_NAMES) if (!EXACT.has(key(name))) EXACT.set(key(name), { key: k, via: "alias" });

/** The closest standard names to a label (edit distance over names, short labels and keys). */
export function closestRisks(label: string, n = 3): string[] {
  const k = key(label);
  return RISKS.map((r) => {
    const candidates = [r.name, r.short, r.key.replaceAll("_", " ")].map(key);
    const d = Math.min(...candidates.map((c) => distance(c, k) / Math.max(c.length, k.length, 1)));
    return { r, d };
  })
    .sort((a, b) => a.d - b.d || a.r.number - b.r.number)
    .slice(0, n)
    .map(({ r }) => `${r.number}. ${r.name} (${r.key})`);
}

export interface RiskNameOptions {
  /** extra label → key pairs (the config's incident types), compared normalised, tried first */
  extra?: Record<string, string>;
  /** accept "1".."15" as the risk number (not for column headers, where a number means something else) */
  numbers?: boolean;
}

export function resolveRisk(label: string, options: RiskNameOptions = {}): RiskMatch {
  const raw = label.trim();
  const k = key(raw);
  if (!k) return { key: null, error: "missing risk", suggestions: [] };
  for (const [from, to] of Object.entries(options.extra ?? {})) {
    if (key(from) === k && riskByKey(to)) return { key: to, via: "alias" };
  }
  if (options.numbers !== false && /^(r|risk|risque)? ?\d{1,2}$/.test(k)) {
    const n = Number(/\d+/.exec(k)![0]);
    const r = RISKS.find((x) => x.number === n);
    if (r) return { key: r.key, via: "number" };
    return { key: null, error: `risk number ${n} is not one of the 15 GPC risks (1–15)`, suggestions: [] };
  }
  const exact = EXACT.get(k) ?? EXACT.get(raw.toLowerCase());
  if (exact) return exact;
  // "8. Gender-Based Violence", "R8 - GBV": a numbered name; the name decides, the number must agree
  const numbered = /^(?:r|risk|risque)? ?(\d{1,2}) (.+)$/.exec(k);
  if (numbered) {
    const byName = resolveRisk(numbered[2]!, { ...options, numbers: false });
    const r = RISKS.find((x) => x.number === Number(numbered[1]));
    if (byName.key && (!r || r.key === byName.key)) return byName;
  }
  const hits = [...new Set(KEYWORDS.filter(([, re]) => re.test(k)).map(([key]) => key))];
  if (hits.length === 1) return { key: hits[0]!, via: "keyword" };
  if (hits.length > 1) {
    // a label quoting most of one official name, with a word of another ("…forced displacement"): the name wins
    const best = RISKS.filter((r) => hits.includes(r.key))
      .map((r) => ({ r, d: distance(key(r.name), k) / Math.max(key(r.name).length, k.length) }))
      .sort((a, b) => a.d - b.d);
    if (best[0]!.d < 0.35 && (best.length < 2 || best[1]!.d - best[0]!.d > 0.15)) return { key: best[0]!.r.key, via: "keyword" };
    return {
      key: null,
      error: `risk '${raw}' is ambiguous: it names ${hits.map((h) => riskByKey(h)!.short).join(" and ")}`,
      suggestions: hits.map((h) => `${riskByKey(h)!.number}. ${riskByKey(h)!.name} (${h})`)
    };
  }
  return { key: null, error: `unknown risk '${raw}': not one of the 15 GPC standard risks`, suggestions: closestRisks(raw) };
}
