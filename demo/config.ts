/** Fixed parameters of the demo data set. Changing SEED changes every file. */
export const SEED = 20250101;

export const COUNTRY = {
  name: "Dalmora (demo)",
  iso3: "XDM",
  prefix: "XD",
} as const;

export const YEAR = 2025;

/** Date written into workbook metadata and zip entries (kept fixed for reproducible bytes). */
export const FIXED_DATE_UTC = new Date(Date.UTC(2026, 0, 15, 0, 0, 0));

export const BOUNDARY_VALID_ON = "2025-01-01";

/** Bounding box the country is drawn into (lon/lat degrees). */
export const BBOX = { west: 8, east: 20, south: 4, north: 14 } as const;

export const AORS = ["GP", "CP", "GBV", "MA", "HLP"] as const;
export type AorCode = (typeof AORS)[number];

export const AOR_NAMES: Record<AorCode, { en: string; fr: string }> = {
  GP: { en: "General Protection", fr: "Protection générale" },
  CP: { en: "Child Protection", fr: "Protection de l'enfance" },
  GBV: { en: "GBV", fr: "VBG" },
  MA: { en: "Mine Action", fr: "Lutte antimines" },
  HLP: { en: "HLP", fr: "LTB" },
};

export const POP_GROUPS = ["IDP", "Returnees", "Host community", "Refugees"] as const;
export type PopGroup = (typeof POP_GROUPS)[number];

export const POP_GROUP_FR: Record<PopGroup, string> = {
  IDP: "PDI",
  Returnees: "Retournés",
  "Host community": "Communauté hôte",
  Refugees: "Réfugiés",
};

export const MONTHS_FR = [
  "janvier", "février", "mars", "avril", "mai", "juin",
  "juillet", "août", "septembre", "octobre", "novembre", "décembre",
] as const;
