// The GCR focal point's own follow-up sheet (pledge id, RRP sector, focal point's organisation, last contact,
// next step, notes) → pledge_followup, joined to the pledges by id in the pipelines. Its notes are free text
// typed by staff: e-mail addresses and phone numbers in them are removed before they are stored.
import { z } from "zod";
import { date, text } from "../fields.ts";
import { insertSheetIssues } from "../validate.ts";
import type { KindDefinition } from "./kind.ts";

export const PledgeFollowupRow = z.object({
  pledge_id: text({ required: true, aliases: ["pledge id", "pledge number", "pledge no", "pledge code", "pledge reference", "id", "pledge"] }),
  rrp_sector: text({ aliases: ["rrp sector", "sector", "rrp", "secteur", "sector rrp"] }),
  focal_organisation: text({ aliases: ["focal point organisation", "focal point organization", "focal point s organisation", "focal organisation", "focal point agency", "lead organisation", "organisation"] }),
  last_contact: date({ aliases: ["last contact", "last contact date", "date of last contact", "contacted on", "dernier contact"] }),
  next_step: text({ aliases: ["next step", "next steps", "next action", "prochaine etape", "siguiente paso", "action"] }),
  notes: text({ aliases: ["notes", "note", "comments", "comment", "remarks", "commentaires"] })
});

const EMAIL = String.raw`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`;
const PHONE = String.raw`(\+|00)[0-9][0-9 ().-]{7,18}[0-9]|\b0[0-9]{8,11}\b`;

export const pledgeFollowup: KindDefinition = {
  name: "pledge-followup",
  label: "pledge follow-up",
  table: "pledge_followup",
  schema: PledgeFollowupRow,
  signature: [
    ["pledge_id", "next_step"],
    ["pledge_id", "rrp_sector"],
    ["pledge_id", "last_contact"]
  ],
  async prepare(ctx) {
    const { conn } = ctx;
    await conn.run(`UPDATE v SET pledge_id = upper(regexp_replace(trim(pledge_id), '\\s+', ' ', 'g')) WHERE pledge_id IS NOT NULL`);
    for (const field of ["notes", "next_step"]) {
      await conn.run(`${insertSheetIssues(ctx)} _row, '${field}', NULL, 'info', 'personal-data',
          '${field === "notes" ? "notes" : "next step"}: an e-mail address or phone number was removed (no personal data is stored)', NULL
        FROM v WHERE regexp_matches(coalesce(${field}, ''), '${EMAIL}|${PHONE}')`);
      await conn.run(`UPDATE v SET ${field} = trim(regexp_replace(regexp_replace(${field}, '${EMAIL}', '[e-mail removed]', 'g'), '${PHONE}', '[phone removed]', 'g'))
        WHERE regexp_matches(coalesce(${field}, ''), '${EMAIL}|${PHONE}')`);
    }
  }
};
