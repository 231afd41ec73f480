/** Invented place and person names (syllable based, seeded). */
import type { Rng } from "./random.ts";

const ONSETS = ["b", "d", "g", "k", "m", "n", "s", "t", "z", "l", "f", "y", "dj", "w", "h", "s", "k", "b", "t", "m", "n", "d"];
const VOWELS = ["a", "a", "é", "i", "o", "ou", "a", "o", "i", "a", "e", "ou"];
const CODAS = ["", "", "", "n", "r", "m", "", "", "s"];

/** Accent/case/punctuation-insensitive key, used to keep generated names distinct. */
export function nameKey(name: string): string {
  return name
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z]/g, "");
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function placeName(rng: Rng): string {
  const n = rng.chance(0.55) ? 3 : 2;
  let s = "";
  for (let i = 0; i < n; i++) {
    s += rng.pick(ONSETS) + rng.pick(VOWELS);
    // avoid accents at the start of a word and doubled accents
  }
  s += rng.pick(CODAS);
  s = s.replace(/^([^aeiouéè]*)[éè]/, "$1e");
  return capitalize(s);
}

/** Generates `count` names whose nameKey is not in `taken` (taken is updated). */
export function distinctPlaceNames(rng: Rng, count: number, taken: Set<string>): string[] {
  const out: string[] = [];
  while (out.length < count) {
    let name = placeName(rng);
    const r = rng.next();
    if (r < 0.06) name += "-Est";
    else if (r < 0.12) name += "-Ouest";
    else if (r < 0.15) name += " Centre";
    const key = nameKey(name);
    if (key.length < 5 || taken.has(key)) continue;
    taken.add(key);
    out.push(name);
  }
  return out;
}

const FIRST_F = ["Aïssata", "Fatoumata", "Mariam", "Awa", "Kadiatou", "Salamatou", "Hawa", "Ramatou", "Zeinabou", "Aminata"];
const FIRST_M = ["Boubacar", "Moussa", "Ibrahim", "Souleymane", "Amadou", "Issa", "Oumarou", "Hamidou", "Seydou", "Abdoulaye"];
const LAST = ["Koné", "Traoré", "Diallo", "Sawadogo", "Maïga", "Ouédraogo", "Cissé", "Touré", "Kaboré", "Sidibé", "Dicko", "Barry"];

/** Fake person name (for the planted personal-data column only). */
export function personName(rng: Rng): string {
  const first = rng.chance(0.6) ? rng.pick(FIRST_F) : rng.pick(FIRST_M);
  return `${first} ${rng.pick(LAST).toUpperCase()}`;
}

/** Fake phone number using the unassigned +999 country code. */
export function fakePhone(rng: Rng): string {
  const d = () => String(rng.int(10, 99));
  return `+999 7${rng.int(0, 9)} ${d()} ${d()} ${d()}`;
}
