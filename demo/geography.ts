/**
 * Administrative units of Dalmora: 12 admin1 made of contiguous blocks of grid cells,
 * one admin2 per cell (80 in all). Geometry lives in boundaries.ts.
 */
import { COUNTRY, SEED } from "./config.ts";
import { distinctPlaceNames, nameKey, placeName } from "./names.ts";
import { rngFor } from "./random.ts";

/** Grid of admin2 cells, north row first; each letter is one admin1 block. */
export const GRID_MAP = [
  "AAABBBCCCC",
  "AAABBBCCCD",
  "EAFFBGGCDD",
  "EEFFFGGDDD",
  "EEFHHGGIIJ",
  "EKKHHHIIJJ",
  "KKLLHIIJJJ",
  "KKLLLLIIJJ",
] as const;
export const GRID_COLS = GRID_MAP[0].length;
export const GRID_ROWS = GRID_MAP.length;

const ADMIN1_NAMES: Record<string, string> = {
  A: "Bandiagoura",
  B: "Maréna",
  C: "Kandaro",
  D: "Lac Soumba",
  E: "Dioumé",
  F: "Hauts-Plateaux",
  G: "Tarkassa",
  H: "Goundéré",
  I: "Nafadji",
  J: "Vallée du Kori",
  K: "Zinkara",
  L: "Ouadi Bélem",
};

/** Admin2 names fixed on purpose (test fixtures): Tessit occurs twice (different admin1). */
export const FIXED_ADMIN2_NAMES: Record<string, string> = {
  XD0101: "Bandiagoura-Ville",
  XD0306: "Tessit",
  XD0905: "Tessit",
  XD0502: "Séno",
  XD0603: "Kéra-Nord",
  XD0604: "Kéra-Sud",
};
export const AMBIGUOUS_ADMIN2_NAME = "Tessit";

export interface Admin1 {
  pcode: string;
  name: string;
  letter: string;
}

export interface Admin2 {
  pcode: string;
  name: string;
  admin1: Admin1;
  /** grid column (west→east) and row (north→south) */
  col: number;
  row: number;
  /** sites/villages used in the 5W "Location" column */
  locations: string[];
}

export interface Geography {
  admin0: { name: string; pcode: string; iso3: string };
  admin1: Admin1[];
  admin2: Admin2[];
  byPcode: Map<string, Admin2>;
  /** grid cell → admin2 */
  cell(col: number, row: number): Admin2 | undefined;
}

export function buildGeography(seed = SEED): Geography {
  const letters = [...new Set(GRID_MAP.join(""))].sort();
  const admin1: Admin1[] = letters.map((letter, i) => ({
    letter,
    pcode: `${COUNTRY.prefix}${String(i + 1).padStart(2, "0")}`,
    name: ADMIN1_NAMES[letter] ?? letter,
  }));
  const byLetter = new Map(admin1.map((a) => [a.letter, a]));

  // collect cells in row-major order, number them within their admin1
  const cells: { col: number; row: number; a1: Admin1; pcode: string }[] = [];
  const counters = new Map<string, number>();
  for (let row = 0; row < GRID_ROWS; row++) {
    for (let col = 0; col < GRID_COLS; col++) {
      const a1 = byLetter.get(GRID_MAP[row]![col]!)!;
      const n = (counters.get(a1.pcode) ?? 0) + 1;
      counters.set(a1.pcode, n);
      cells.push({ col, row, a1, pcode: `${a1.pcode}${String(n).padStart(2, "0")}` });
    }
  }

  const taken = new Set<string>([
    ...admin1.map((a) => nameKey(a.name)),
    ...Object.values(FIXED_ADMIN2_NAMES).map(nameKey),
    "kera", "seno",
  ]);
  const nameRng = rngFor(seed, "geography:admin2-names");
  const generated = distinctPlaceNames(nameRng, cells.length, taken);
  const locRng = rngFor(seed, "geography:locations");

  const admin2: Admin2[] = cells.map((c, i): Admin2 => {
    const name = FIXED_ADMIN2_NAMES[c.pcode] ?? generated[i]!;
    const nLoc = locRng.int(3, 5);
    const locations: string[] = [];
    const patterns = [
      () => `${name} centre`,
      (v: string) => `Site de déplacés de ${v}`,
      (v: string) => `Village ${v}`,
      (v: string) => `Camp ${v}`,
      (v: string) => v,
      (v: string) => `Quartier ${v}`,
    ];
    while (locations.length < nLoc) {
      const loc = locRng.pick(patterns)(placeName(locRng));
      if (!locations.includes(loc)) locations.push(loc);
    }
    return { pcode: c.pcode, name, admin1: c.a1, col: c.col, row: c.row, locations };
  });

  admin2.sort((a, b) => (a.pcode < b.pcode ? -1 : 1));
  const byPcode = new Map(admin2.map((a) => [a.pcode, a]));
  const byCell = new Map(admin2.map((a) => [`${a.col},${a.row}`, a]));
  return {
    admin0: { name: COUNTRY.name, pcode: COUNTRY.prefix, iso3: COUNTRY.iso3 },
    admin1,
    admin2,
    byPcode,
    cell: (col, row) => byCell.get(`${col},${row}`),
  };
}

/** Grid distance between two admin2 cells (for "nearby" choices). */
export function cellDistance(a: Admin2, b: Admin2): number {
  return Math.hypot(a.col - b.col, a.row - b.row);
}
