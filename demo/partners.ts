/** The ~40 reporting organisations and where / when / in which AoRs each one works. */
import { SEED, type AorCode } from "./config.ts";
import { ACTIVITIES, type Activity } from "./activities.ts";
import { cellDistance, type Admin2, type Geography } from "./geography.ts";
import { rngFor } from "./random.ts";
import type { SeverityField } from "./severity-field.ts";

export type OrgType = "UN" | "INGO" | "NNGO" | "Government" | "Red Cross/Red Crescent" | "Other";

export const ORG_TYPE_FR: Record<OrgType, string> = {
  UN: "Agence UN",
  INGO: "ONG Internationale",
  NNGO: "ONG Nationale",
  Government: "Gouvernement",
  "Red Cross/Red Crescent": "Croix-Rouge/Croissant-Rouge",
  Other: "Autre",
};

export interface Partner {
  name: string;
  acronym: string;
  type: OrgType;
  /** AoRs the organisation can work in, most likely first */
  aors: AorCode[];
}

const P = (name: string, acronym: string, type: OrgType, aors: AorCode[]): Partner => ({ name, acronym, type, aors });

export const PARTNERS: Partner[] = [
  P("Office of the United Nations High Commissioner for Refugees", "UNHCR", "UN", ["GP", "HLP"]),
  P("United Nations Children's Fund", "UNICEF", "UN", ["CP", "GBV"]),
  P("United Nations Population Fund", "UNFPA", "UN", ["GBV"]),
  P("United Nations Mine Action Service", "UNMAS", "UN", ["MA"]),
  P("International Organization for Migration", "IOM", "UN", ["GP", "HLP", "GBV"]),
  P("Global Relief Alliance", "GRA", "INGO", ["GP", "CP", "GBV"]),
  P("Children First International", "CFI", "INGO", ["CP", "GBV"]),
  P("Nordic Displacement Council", "NDC", "INGO", ["GP", "HLP", "CP"]),
  P("Humanitarian Legal Aid Network", "HLAN", "INGO", ["HLP", "GP"]),
  P("Women's Safety Initiative International", "WSII", "INGO", ["GBV", "GP"]),
  P("Demining Action International", "DAI", "INGO", ["MA"]),
  P("International Rescue & Recovery", "IRR", "INGO", ["GP", "GBV", "CP"]),
  P("Terre d'Accueil International", "TAI", "INGO", ["CP", "GP"]),
  P("Solidarité Mondiale", "SOLMO", "INGO", ["GP", "HLP"]),
  P("Action pour l'Enfance Internationale", "AEI", "INGO", ["CP"]),
  P("Mine Clearance Partnership", "MCP", "INGO", ["MA", "GP"]),
  P("CivicRights International", "CRI", "INGO", ["GP", "HLP", "GBV"]),
  P("Association pour la Promotion de la Femme de Kandaro", "APFK", "NNGO", ["GBV", "CP"]),
  P("Jeunesse Solidaire de Maréna", "JSM", "NNGO", ["CP", "GP"]),
  P("Réseau des Femmes Leaders", "REFEL", "NNGO", ["GBV"]),
  P("ONG Espoir Dalmora", "ESPOIR", "NNGO", ["CP", "GP", "GBV"]),
  P("Action Citoyenne pour la Paix", "ACP", "NNGO", ["GP"]),
  P("Association Dalmoréenne des Juristes", "ADJ", "NNGO", ["HLP", "GP"]),
  P("Centre d'Écoute et d'Orientation", "CEO", "NNGO", ["GBV"]),
  P("Groupe de Recherche et d'Action pour l'Enfance", "GRAE", "NNGO", ["CP"]),
  P("Solidarité Sahel Oriental", "SSO", "NNGO", ["GP", "CP"]),
  P("Fondation Nafadji pour le Développement", "FND", "NNGO", ["GP", "HLP"]),
  P("Association Kéra Entraide", "AKE", "NNGO", ["CP", "GBV"]),
  P("Union des Associations Féminines de Bandiagoura", "UAFB", "NNGO", ["GBV", "GP"]),
  P("Initiative Communautaire pour le Déminage", "ICD", "NNGO", ["MA"]),
  P("Organisation pour la Défense des Droits Humains", "ODDH", "NNGO", ["GP", "HLP"]),
  P("Tarkassa Relief", "TARE", "NNGO", ["GP", "CP"]),
  P("Association Lumière des Enfants", "ALE", "NNGO", ["CP"]),
  P("Paix et Justice Zinkara", "PJZ", "NNGO", ["HLP", "GP"]),
  P("Dalmora Youth Network", "DYN", "NNGO", ["CP", "GP", "MA"]),
  P("Ministère de la Solidarité et de l'Action Humanitaire", "MSAH", "Government", ["GP", "HLP"]),
  P("Direction Nationale de la Protection de l'Enfant", "DNPE", "Government", ["CP"]),
  P("Croix-Rouge dalmoréenne", "CRD", "Red Cross/Red Crescent", ["GP", "MA", "CP"]),
  P("Nordic Red Cross", "NORC", "Red Cross/Red Crescent", ["GP", "GBV"]),
  P("Clinique juridique de l'Université de Maréna", "CJUM", "Other", ["HLP"]),
];

/** Partners that send their own French files (see five-w-routing.ts); they run no "sessions" activity. */
export const FRENCH_REPORTERS = new Set(["JSM", "ESPOIR", "APFK", "REFEL", "ACP", "ADJ", "GRAE"]);

/** Admin2 a partner must cover, so the planted name-matching fixtures have data behind them. */
const FORCED_ADMIN2: Record<string, string[]> = {
  ESPOIR: ["XD0502", "XD0603"], // Séno, Kéra-Nord
  JSM: ["XD0905"], // Tessit (the one in Nafadji)
  NDC: ["XD0304"], // ISO3-prefixed p-code fixture XDM0304
};

export interface PartnerPlan {
  partner: Partner;
  aors: AorCode[];
  activities: Activity[];
  admin2: Admin2[];
  /** first and last month of activity (1–12) */
  start: number;
  end: number;
  /** months inside [start, end] without any report */
  skipped: Set<number>;
  /** organisations implementing on behalf of a UN agency / INGO (else the partner itself) */
  implementers: string[];
}

export interface Coverage {
  plans: PartnerPlan[];
  /** admin2 with severity >= 3 and population but deliberately no partner */
  gaps: Admin2[];
}

const SIZE: Record<OrgType, [number, number]> = {
  UN: [5, 8],
  INGO: [5, 8],
  NNGO: [3, 6],
  Government: [3, 6],
  "Red Cross/Red Crescent": [3, 6],
  Other: [2, 3],
};

export function planCoverage(geo: Geography, sev: SeverityField, seed = SEED): Coverage {
  const rng = rngFor(seed, "partners:coverage");
  const level = (a: Admin2) => sev.level.get(a.pcode)!;
  const forced = new Set(Object.values(FORCED_ADMIN2).flat());

  // the gaps: severe admin2 nobody works in
  const severe = geo.admin2.filter((a) => level(a) >= 3 && !forced.has(a.pcode));
  const gaps = rng.sample(severe, 8).sort((a, b) => (a.pcode < b.pcode ? -1 : 1));
  const gapSet = new Set(gaps.map((g) => g.pcode));
  const open = geo.admin2.filter((a) => !gapSet.has(a.pcode));

  const nngoNames = PARTNERS.filter((p) => p.type === "NNGO").map((p) => p.name);
  const plans: PartnerPlan[] = PARTNERS.map((partner) => {
    const nAor = Math.min(partner.aors.length, partner.type === "NNGO" || partner.type === "Other" ? rng.int(1, 2) : rng.int(1, 3));
    const aors = partner.aors.slice(0, Math.max(1, nAor));
    const noSessions = FRENCH_REPORTERS.has(partner.acronym);
    const activities: Activity[] = [];
    for (const aor of aors) {
      const pool = ACTIVITIES.filter((a) => a.aor === aor && !(noSessions && a.reporting === "new" && !a.disaggregated));
      activities.push(...rng.sample(pool, rng.int(Math.min(2, pool.length), Math.min(3, pool.length))));
    }
    activities.sort((a, b) => (a.code < b.code ? -1 : 1));

    const [lo, hi] = SIZE[partner.type];
    const n = rng.int(lo, hi);
    const must = (FORCED_ADMIN2[partner.acronym] ?? []).map((p) => geo.byPcode.get(p)!);
    const home = must[0] ?? rng.weightedPick(open, (a) => level(a) ** 2.5);
    const chosen = new Set<Admin2>([home, ...must]);
    while (chosen.size < n) {
      const cands = open.filter((a) => !chosen.has(a));
      chosen.add(rng.weightedPick(cands, (a) => level(a) ** 2 * Math.exp(-cellDistance(a, home) / 2.2)));
    }

    const lateStarter = !FRENCH_REPORTERS.has(partner.acronym) && rng.chance(0.15);
    const start = lateStarter ? rng.int(4, 7) : rng.chance(0.8) ? 1 : rng.int(2, 3);
    const end = rng.chance(0.75) ? 12 : rng.int(Math.max(start + 3, 9), 11);
    const skipped = new Set<number>();
    for (let m = start + 1; m < end; m++) if (rng.chance(0.08)) skipped.add(m);
    if (partner.acronym === "JSM" || partner.acronym === "ESPOIR" || partner.acronym === "APFK") {
      for (let m = 1; m <= 6; m++) skipped.delete(m);
    }

    const implementers: string[] = [];
    if (partner.type === "UN") implementers.push(...rng.sample(nngoNames, rng.int(2, 4)));
    else if (partner.type === "INGO" && rng.chance(0.3)) implementers.push(rng.pick(nngoNames));

    return {
      partner,
      aors,
      activities,
      admin2: [...chosen].sort((a, b) => (a.pcode < b.pcode ? -1 : 1)),
      start,
      end,
      skipped,
      implementers,
    };
  });

  // every severe, non-gap admin2 gets at least one partner: add it to the nearest plan with room
  for (const a2 of open.filter((a) => level(a) >= 3)) {
    if (plans.some((p) => p.admin2.includes(a2))) continue;
    const withRoom = plans.filter((p) => p.admin2.length < 8 && p.partner.aors[0] !== "MA");
    const best = withRoom
      .map((p) => ({ p, d: Math.min(...p.admin2.map((x) => cellDistance(x, a2))) }))
      .sort((x, y) => x.d - y.d || (x.p.partner.acronym < y.p.partner.acronym ? -1 : 1))[0]!;
    best.p.admin2.push(a2);
    best.p.admin2.sort((a, b) => (a.pcode < b.pcode ? -1 : 1));
  }
  return { plans, gaps };
}
