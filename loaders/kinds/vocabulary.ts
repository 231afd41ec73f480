// Controlled vocabularies shared by kinds: AoRs, organisation types, population groups, statuses.
// Keys are canonical codes; values are synonyms in English and French as partners write them.
export const AOR_PATTERNS: [string, RegExp][] = [
  // English, French and the usual abbreviations (GBV/VBG, CP/PE, MA/LAM, HLP/LTP, GP/PG), long forms included;
  // tested on pa_norm text (lower case, no accents, punctuation as spaces), so "Logement, terre et propriété"
  // arrives as "logement terre et propriete"
  ["GBV", /(^| )(gbv|vbg|sgbv|vsbg|gbvims|gender based violence|sexual and gender based violence|violences? (sexuelles? (et )?)?basees? sur le genre|basees? sur le genre|pro gbv|gbv aor|gbvaor|vbg aor)( |$)/],
  ["CP", /(^| )(cp|cpaor|cp aor|pe aor|child protection|protection de l enfance|protection de l enfant|protection des enfants|protection enfance|protection de l enfance pe|pro cpn|pro cpm|pro cp|cpims|cpie|pe)( |$)/],
  ["MA", /(^| )(ma|lam|ma aor|lam aor|mine action|humanitarian mine action|lutte antimines?|lutte anti mines?|action contre les mines|action antimines?|action anti mines?|deminage|explosive ordnance|restes explosifs de guerre|pro min|pro ma|eore|hma|uxo)( |$)/],
  ["HLP", /(^| )(hlp|ltp|ltb|hlp aor|ltp aor|housing land and property|housing land property|housing land and property rights|logement terres? (et )?(biens|proprietes?)|droits au logement a la terre et a la propriete|logement foncier et propriete|pro hlp)( |$)/],
  ["GP", /(^| )(gp|pg|general protection|protection generale|protection|pro|prot|protection op|protection cluster|cluster protection)( |$)/]
];

/** Sector names that are not Protection: rows of these sectors are skipped, not rejected. */
export const OTHER_SECTORS = /(^| )(wash|water|eau|hygiene|health|sante|education|edu|eie|food|fsac|fsc|securite alimentaire|shelter|abris?|nfi|esnfi|nutrition|nut|cccm|logistics|logistique|telecom|etc|early recovery|relevement|erl|cash|mpc|coordination|camp|livelihoods?|agriculture|rmms|multi ?sector|multisectoriel|rrm|eha|hea|shl|fsl|wsh|ccm|ery|log|tel|emergency telecommunications|abris|bna|assainissement|nutrition op|health op|was|ms|css|final hnrp caseload|intersectoral|inter sectoral|intersectoriel)( |$)/;

export const ORG_TYPES: Record<string, string[]> = {
  UN: ["un", "un agency", "agence un", "agence des nations unies", "united nations", "nations unies", "agence onu", "onu", "un agencies", "un agency un"],
  INGO: ["ingo", "international ngo", "ong internationale", "ong int", "ongi", "ong international", "international", "international non governmental organisation", "international non governmental organization", "inngo"],
  NNGO: ["nngo", "national ngo", "ong nationale", "ong nat", "ongn", "local ngo", "ong locale", "lngo", "national", "cso", "cbo", "civil society", "societe civile", "national non governmental organisation", "national non governmental organization", "women led organisation", "wlo"],
  Government: ["government", "gouvernement", "gov", "govt", "etat", "ministry", "ministere", "public", "government agency", "governmental"],
  RCRC: ["red cross", "red crescent", "red cross red crescent", "red cross red crescent movement", "rcrc", "croix rouge", "croissant rouge", "mouv cr", "mouvement croix rouge", "ifrc", "icrc", "cicr", "national society", "rcrc movement"],
  Other: ["other", "autre", "autres", "private sector", "secteur prive", "academic", "academia", "donor", "bailleur", "foundation", "fondation", "others"]
};

export const POPULATION_GROUPS: Record<string, string[]> = {
  idp: ["idp", "idps", "pdi", "pdis", "deplaces internes", "deplaces", "internally displaced", "internally displaced persons", "displaced", "idp in sites", "idp out of sites", "idps in camps", "idp in camps", "personnes deplacees internes"],
  returnee: ["returnee", "returnees", "retournes", "retourne", "returned", "returnees idp", "idp returnees", "refugee returnees", "rapatries", "rri"],
  host: ["host", "host community", "host communities", "communaute hote", "communautes hotes", "communaute d accueil", "non displaced", "non deplaces", "residents", "resident", "hst", "local community", "population hote"],
  refugee: ["refugee", "refugees", "refugies", "refugie", "asylum seekers", "demandeurs d asile", "refugees and migrants", "migrants", "ref"],
  other: ["other", "autre", "autres", "mixed", "mixte"],
  // the whole population of an area, all groups together (COD-PS totals, area-wide severity)
  all: ["all", "tous", "toutes", "total", "ensemble", "general population", "population generale", "all groups", "tous les groupes", "a"]
};

export const STATUSES: Record<string, string[]> = {
  planned: ["planned", "planifie", "planifiee", "prevu", "pipeline", "not started", "non demarre", "plan"],
  ongoing: ["ongoing", "en cours", "active", "in progress", "on going", "continuing", "open"],
  suspended: ["suspended", "temporarily suspended", "suspendu", "on hold", "en pause", "interrompu"],
  completed: ["completed", "termine", "terminee", "acheve", "finished", "closed", "done", "complete", "cloture"]
};

export const REPORTING_TYPES: Record<string, string[]> = {
  new: ["new", "nouveau", "nouveaux", "monthly", "mensuel", "no", "non", "new this month", "nouveaux ce mois"],
  cumulative: ["cumulative", "cumulatif", "cumules", "cumule", "accumulative", "yes", "oui", "ytd", "year to date"]
};
