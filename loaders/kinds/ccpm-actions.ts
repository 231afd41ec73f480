// The CCPM action plan adopted at the workshop (one row per action on a sub-item rated Weak or Unsatisfactory,
// sometimes Satisfactory) → ccpm_actions; the pipeline flags the overdue ones for the quarterly HCT report.
import { z } from "zod";
import { category, date, text } from "../fields.ts";
import type { KindDefinition } from "./kind.ts";

export const ACTION_STATUSES = {
  not_started: ["not started", "non demarre", "non demarree", "non commence", "pas commence", "pas encore commence", "to do", "a faire", "planned", "prevu", "pending", "en attente"],
  in_progress: ["in progress", "en cours", "ongoing", "started", "commence", "partially done", "partiellement realise", "partially completed"],
  done: ["done", "completed", "complete", "termine", "terminee", "acheve", "achevee", "realise", "realisee", "closed", "cloture", "finished", "fait"]
};

export const CcpmActionRow = z.object({
  round: text({ aliases: ["round", "year", "annee", "ccpm round"] }),
  sub_item: text({ aliases: ["sub item", "sous item", "item", "sous critere", "critere", "sub function", "sous fonction", "function", "fonction"] }),
  action: text({ required: true, aliases: ["action", "actions", "action point", "action to be taken", "mesure", "action a entreprendre", "actions prevues", "activite"] }),
  responsible: text({ aliases: ["responsible", "responsable", "lead", "who", "qui", "responsibility", "responsabilite"] }),
  deadline: date({ aliases: ["deadline", "due date", "echeance", "date limite", "by when", "delai"] }),
  support_needed: text({ aliases: ["support needed", "support required", "appui requis", "appui necessaire", "soutien requis", "besoin d appui", "support"] }),
  status: category(ACTION_STATUSES, { fallback: "not_started", aliases: ["status", "statut", "etat", "progress status", "etat d avancement"] }),
  review_date: date({ aliases: ["review date", "date de revue", "date of review", "next review", "prochaine revue", "reviewed on", "date de suivi"] }),
  progress: text({ aliases: ["progress", "progres", "comments", "commentaires", "remarks", "remarques", "update", "mise a jour"] })
});

export const ccpmActions: KindDefinition = {
  name: "ccpm-actions",
  label: "CCPM action plan",
  table: "ccpm_actions",
  schema: CcpmActionRow,
  signature: [["sub_item", "action", "deadline"], ["sub_item", "action", "status"], ["action", "responsible", "deadline"]],
  async prepare({ conn }) {
    // "2.1 Needs assessment and gap analysis" → 2.1; a bare 2.0 from a number cell → 2
    await conn.run(`UPDATE v SET sub_item = regexp_replace(regexp_extract(sub_item, '^\\s*(\\d+(\\.\\d+)*)', 1), '\\.0$', '')
      WHERE regexp_matches(sub_item, '^\\s*\\d+(\\.\\d+)*([^0-9.]|$)')`);
    await conn.run(`UPDATE v SET round = left(trim(round), 4) WHERE regexp_full_match(trim(round), '\\d{4}(\\.0+)?')`);
  },
  checks: (_config, mapped) => [
    {
      rule: "ccpm-action-item",
      severity: "error",
      field: "sub_item",
      when: `sub_item IS NOT NULL AND NOT regexp_full_match(sub_item, '\\d+(\\.\\d+)*')`,
      reason: `'sub-item ''' || left(sub_item, 60) || ''' is not a CCPM item code like 2.1 (or a function like 2)'`
    },
    ...(mapped.has("status")
      ? [{ rule: "ccpm-action-status", severity: "warning" as const, field: "status", when: `r_status IS NULL`, reason: `'no status; counted as not started'` }]
      : [])
  ]
};
