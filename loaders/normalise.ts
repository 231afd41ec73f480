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
  ind: "people"
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

export function tokens(value: string): string[] {
  return normalise(value)
    .split(" ")
    .filter(Boolean)
    .map((t) => SPELLING[t] ?? t);
}
