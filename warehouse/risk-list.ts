// The 15 GPC standard protection risks in the GPC's official (alphabetical) order: the one list the
// loaders match names against, the config's defaults name, and migration 007 stores as `risk_list`.
// (GPC, Protection Risks: Explanatory Note, and one note per risk, publications 995–1009.)

/** the AoR codes of operation-config.ts (not imported: that module takes its defaults from this list) */
type Aor = "GP" | "CP" | "GBV" | "MA" | "HLP";

export interface StandardRisk {
  /** 1–15, the official order (tables, legends, ties in rankings) */
  number: number;
  key: string;
  name: string;
  /** short label for charts */
  short: string;
  /** "AoR most concerned": a working convention for filtering and response matching, not a GPC classification */
  aors: Aor[];
}

export const RISKS: readonly StandardRisk[] = [
  { number: 1, key: "abduction_detention", name: "Abduction, Kidnapping, Enforced Disappearance, Arbitrary or Unlawful Arrest and/or Detention", short: "Abduction & detention", aors: ["GP"] },
  { number: 2, key: "attacks_on_civilians", name: "Attacks on Civilians and Other Unlawful Killings, and Attacks on Civilian Objects", short: "Attacks on civilians", aors: ["GP"] },
  { number: 3, key: "family_separation", name: "Child and Forced Family Separation", short: "Family separation", aors: ["CP"] },
  { number: 4, key: "child_marriage", name: "Child, Early or Forced Marriage", short: "Child marriage", aors: ["GBV", "CP"] },
  { number: 5, key: "discrimination_denial", name: "Discrimination and Stigmatization, Denial of Resources, Opportunities, Services and/or Humanitarian Access", short: "Discrimination & denial", aors: ["GP"] },
  { number: 6, key: "disinformation", name: "Disinformation and Denial of Access to Information", short: "Disinformation", aors: ["GP"] },
  { number: 7, key: "child_recruitment", name: "Forced Recruitment and Association of Children in Armed Forces and Groups", short: "Child recruitment", aors: ["CP"] },
  { number: 8, key: "gbv", name: "Gender-Based Violence", short: "GBV", aors: ["GBV"] },
  { number: 9, key: "legal_identity_justice", name: "Impediments and/or Restrictions to Access to Legal Identity, Remedies and Justice", short: "Legal identity & justice", aors: ["GP", "HLP"] },
  { number: 10, key: "explosive_ordnance", name: "Presence of Mine and Other Explosive Ordnance", short: "Explosive ordnance", aors: ["MA"] },
  { number: 11, key: "psychological_distress", name: "Psychological/Emotional Abuse or Inflicted Distress", short: "Psychological distress", aors: ["GP"] },
  { number: 12, key: "property_eviction", name: "Theft, Extortion, Forced Eviction or Destruction of Personal Property", short: "Theft & eviction", aors: ["HLP"] },
  { number: 13, key: "torture_cidt", name: "Torture or Cruel, Inhuman, Degrading Treatment or Punishment", short: "Torture", aors: ["GP"] },
  { number: 14, key: "trafficking_forced_labour", name: "Trafficking in Persons, Forced Labour or Slavery-Like Practices", short: "Trafficking & forced labour", aors: ["GP"] },
  { number: 15, key: "movement_displacement", name: "Unlawful Impediments or Restrictions to Freedom of Movement, Siege and Forced Displacement", short: "Movement restrictions & displacement", aors: ["GP"] }
];

export const RISK_KEYS = RISKS.map((r) => r.key) as readonly string[];

export function riskByKey(key: string): StandardRisk | undefined {
  return RISKS.find((r) => r.key === key);
}
