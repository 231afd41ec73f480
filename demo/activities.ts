/** The cluster's agreed activity list (English and French wording). */
import type { AorCode } from "./config.ts";

export type ReportingType = "new" | "cumulative";

export interface Activity {
  code: string;
  aor: AorCode;
  name: string;
  indicator: string;
  nameFr: string;
  indicatorFr: string;
  /** sessions / kits are service counts reported as NEW each month; people are CUMULATIVE */
  reporting: ReportingType;
  /** sessions are counted, not disaggregated by sex and age */
  disaggregated: boolean;
  /** girls, boys, women, men shares of the people reached */
  shares: [number, number, number, number];
  /** typical monthly new count at severity 3 */
  base: number;
}

const A = (
  code: string, aor: AorCode, name: string, indicator: string, nameFr: string, indicatorFr: string,
  shares: [number, number, number, number], base: number,
): Activity => {
  const service = /sessions|kits/.test(indicator);
  return {
    code, aor, name, indicator, nameFr, indicatorFr,
    reporting: service ? "new" : "cumulative",
    disaggregated: !/sessions/.test(indicator),
    shares, base,
  };
};

export const ACTIVITIES: Activity[] = [
  A("GP-01", "GP", "Protection monitoring", "# of people reached through protection monitoring",
    "Monitoring de protection", "Nombre de personnes atteintes par le monitoring de protection", [0.2, 0.19, 0.33, 0.28], 160),
  A("GP-02", "GP", "Individual protection assistance", "# of people receiving individual protection assistance",
    "Assistance individuelle de protection", "Nombre de personnes recevant une assistance individuelle de protection", [0.12, 0.12, 0.44, 0.32], 30),
  A("GP-03", "GP", "Community protection awareness sessions", "# of awareness sessions conducted",
    "Séances de sensibilisation communautaire", "Nombre de séances de sensibilisation réalisées", [0, 0, 0, 0], 6),
  A("GP-04", "GP", "Civil documentation support", "# of people assisted to obtain civil documentation",
    "Appui à la documentation civile", "Nombre de personnes appuyées pour obtenir des documents d'état civil", [0.22, 0.21, 0.3, 0.27], 45),
  A("CP-01", "CP", "Psychosocial support for children", "# of children receiving psychosocial support",
    "Soutien psychosocial aux enfants", "Nombre d'enfants bénéficiant d'un soutien psychosocial", [0.5, 0.5, 0, 0], 90),
  A("CP-02", "CP", "Child protection case management", "# of children receiving case management",
    "Gestion de cas de protection de l'enfance", "Nombre d'enfants bénéficiant de la gestion de cas", [0.47, 0.53, 0, 0], 14),
  A("CP-03", "CP", "Family tracing and reunification", "# of unaccompanied and separated children reunified",
    "Recherche et réunification familiales", "Nombre d'enfants non accompagnés et séparés réunifiés", [0.5, 0.5, 0, 0], 5),
  A("GBV-01", "GBV", "GBV case management", "# of survivors receiving case management",
    "Gestion de cas de VBG", "Nombre de survivant(e)s bénéficiant de la gestion de cas", [0.24, 0.03, 0.69, 0.04], 12),
  A("GBV-02", "GBV", "Women and girls safe spaces", "# of women and girls accessing safe spaces",
    "Espaces sûrs pour femmes et filles", "Nombre de femmes et filles fréquentant les espaces sûrs", [0.4, 0, 0.6, 0], 70),
  A("GBV-03", "GBV", "Dignity kits distribution", "# of dignity kits distributed",
    "Distribution de kits de dignité", "Nombre de kits de dignité distribués", [0.3, 0, 0.7, 0], 110),
  A("MA-01", "MA", "Explosive ordnance risk education sessions", "# of EORE sessions",
    "Séances d'éducation aux risques des engins explosifs", "Nombre de séances d'ERM", [0, 0, 0, 0], 9),
  A("MA-02", "MA", "Victim assistance", "# of explosive ordnance survivors receiving assistance",
    "Assistance aux victimes", "Nombre de survivants d'engins explosifs assistés", [0.08, 0.2, 0.17, 0.55], 6),
  A("MA-03", "MA", "Community liaison for non-technical survey", "# of people reached through community liaison",
    "Liaison communautaire pour l'enquête non technique", "Nombre de personnes atteintes par la liaison communautaire", [0.2, 0.21, 0.3, 0.29], 120),
  A("HLP-01", "HLP", "HLP legal counselling", "# of people receiving HLP counselling",
    "Conseil juridique LTB", "Nombre de personnes recevant un conseil juridique LTB", [0.03, 0.02, 0.55, 0.4], 35),
  A("HLP-02", "HLP", "HLP dispute resolution", "# of people supported in HLP dispute resolution",
    "Résolution des litiges LTB", "Nombre de personnes appuyées dans la résolution de litiges LTB", [0, 0, 0.52, 0.48], 10),
];

export const activitiesOf = (aor: AorCode) => ACTIVITIES.filter((a) => a.aor === aor);
