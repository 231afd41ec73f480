// Text normalisation shared by header mapping, category mapping and name matching.
const SPELLING: Record<string, string> = {
  organization: "organisation",
  organizations: "organisation",
  organisations: "organisation",
  org: "organisation",
  beneficiaries: "beneficiary",
  beneficiaires: "beneficiary",
  beneficiaire: "beneficiary",
  persons: "people",
  personnes: "people",
  individuals: "people",
  ind: "people",
  // French participles agree with what they describe: "personnes ciblées", "garçons ciblés", "hommes atteints"
  // are one word each for header matching
  ciblees: "cible",
  ciblee: "cible",
  cibles: "cible",
  atteintes: "atteint",
  atteinte: "atteint",
  atteints: "atteint",
  touchees: "touche",
  touchee: "touche",
  touches: "touche",
  fille: "filles",
  garcon: "garcons",
  femme: "femmes",
  homme: "hommes"
};

/** Lower-case ASCII words separated by single spaces (accents and punctuation removed). */
export function normalise(value: string): string {
  return value
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, " ")
    .trim();
}

// Header detection scores every cell of a sample against every alias of every kind: the same few hundred
// strings tokenised tens of thousands of times (~0.25 s per file before this cache).
const tokenCache = new Map<string, readonly string[]>();

export function tokens(value: string): readonly string[] {
  let t = tokenCache.get(value);
  if (t === undefined) {
    t = normalise(value)
      .split(" ")
      .filter(Boolean)
      .map((w) => SPELLING[w] ?? w);
    if (tokenCache.size > 50_000) tokenCache.clear();
    tokenCache.set(value, t);
  }
  return t;
}
