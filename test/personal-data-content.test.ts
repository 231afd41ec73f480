// Personal data wherever it hides in a partner file: e-mails from row 40 on (past the sample), ID and
// case-number columns under "Beneficiary ID", "Survivor code", "Reg. no", "N° bénéficiaire", a "Focal
// point" column of names and phones, "Bénéficiaire" names, GPS pairs under a neutral header, e-mails
// and phones inside comments. Nothing of it may reach the warehouse (activities, their extra, the
// ingest issues); comments are kept with the match replaced, and the report says so.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ingestFiles } from "../loaders/ingest.ts";
import { personalByHeader } from "../loaders/personal-data.ts";
import { parseHashtag } from "../loaders/hxl.ts";
import { rows, seedAreas, tempDir, testConfig, withMemory } from "./helpers/warehouse.ts";

const tmp = tempDir("personal-data-");
afterAll(() => tmp.cleanup());

const FIRST = ["Aminata", "Moussa", "Fatoumata", "Ibrahim", "Mariam", "Oumar"];
const LAST = ["Traoré", "Diallo", "Keïta", "Coulibaly", "Sangaré", "Maïga"];
const name = (i: number) => `${FIRST[i % 6]} ${LAST[(i * 5) % 6]}`;
const phone = (i: number) => `+223 76 ${String(10 + (i % 89)).padStart(2, "0")} ${String(20 + (i % 79)).padStart(2, "0")} ${String(30 + (i % 69)).padStart(2, "0")}`;
const email = (i: number) => `focal${i}.person@ong-espoir.org`;

function partnerFile(): string {
  const header = ["Organisation", "AoR", "Activity", "District P-code", "Month", "Population group", "People reached", "Beneficiary ID", "Survivor code", "Reg. no", "N° bénéficiaire", "Focal point", "Bénéficiaire", "Point", "Comments", "Contact e-mails"];
  const lines = [header.join(",")];
  for (let i = 0; i < 60; i++) {
    const late = i >= 39; // past the 25-row sample
    lines.push(
      [
        "ONG Espoir",
        "GP",
        "Legal assistance",
        i % 2 ? "XD0101" : "XD0201",
        "2025-05",
        "IDP",
        String(10 + i),
        `BEN-${1000 + i}`,
        `SV${2000 + i}`,
        `R/${3000 + i}`,
        `${4000 + i}`,
        `"${name(i)} ${phone(i)}"`,
        name(i + 1),
        `"${(12.6 + i / 1000).toFixed(5)}, ${(-8.0 - i / 1000).toFixed(5)}"`,
        late ? `"follow up with ${email(i)} or ${phone(i + 7)} next week"` : "distribution went well",
        late ? email(i + 100) : ""
      ].join(",")
    );
  }
  return lines.join("\n");
}

describe("personal data in every value of a column", () => {
  it("recognises ID, case-number and focal-point headers, not counts", () => {
    const col = (h: string) => ({ index: 0, header: h, leaf: h, hxl: null });
    for (const h of ["Beneficiary ID", "Survivor code", "Reg. no", "N° bénéficiaire", "Numéro du dossier", "Case ID"]) expect(personalByHeader(col(h)), h).toBe("ID or case numbers");
    expect(personalByHeader(col("Focal point"))).toBe("names and phone numbers of people");
    for (const h of ["Number of cases", "No. of beneficiaries", "Activity code", "Admin2 P-code", "Beneficiaries", "Type de bénéficiaires"]) expect(personalByHeader(col(h)), h).toBeNull();
    // a UNHCR-style 3W tags its coordinates #lat_deg / #lon_deg under headers that say nothing
    const tagged = (tag: string) => ({ index: 0, header: "", leaf: "", hxl: parseHashtag(tag) });
    for (const tag of ["#lat_deg", "#lon_deg", "#geo+lat", "#latitude"]) expect(personalByHeader(tagged(tag)), tag).toBe("exact GPS coordinates");
    for (const tag of ["#adm1+name", "#org", "#sector"]) expect(personalByHeader(tagged(tag)), tag).toBeNull();
  });

  it("stores none of it (activities, extra, ingest issues), keeps comments with the match replaced, and says so", async () => {
    const path = join(tmp.dir, "partner_5w_personal.csv");
    const text = partnerFile();
    writeFileSync(path, text);
    await withMemory(async (w) => {
      await seedAreas(w);
      const { files } = await ingestFiles(w.conn, [path], { config: testConfig() });

      expect(files[0]).toMatchObject({ status: "loaded", rowsRead: 60, rowsAccepted: 60 });
      const stored = JSON.stringify(await rows(w.conn, `SELECT * FROM activities`), (_k, v) => (typeof v === "bigint" ? Number(v) : v));
      const issues = JSON.stringify(await rows(w.conn, `SELECT * FROM ingest_issues`), (_k, v) => (typeof v === "bigint" ? Number(v) : v));
      const planted = [
        ...Array.from({ length: 60 }, (_, i) => [`BEN-${1000 + i}`, `SV${2000 + i}`, `R/${3000 + i}`, phone(i), email(i), (12.6 + i / 1000).toFixed(5)]).flat(),
        ...Array.from({ length: 60 }, (_, i) => [email(i + 100), phone(i + 7)]).flat(),
        ...FIRST.map((f, i) => `${f} ${LAST[(i * 5) % 6]}`)
      ];
      const leaked = planted.filter((p) => stored.includes(p) || issues.includes(p));
      expect(leaked).toEqual([]);
      // the comment stays, without the e-mail and the phone
      const comments = await rows(w.conn, `SELECT extra->>'Comments' AS c FROM activities WHERE extra->>'Comments' LIKE 'follow up%' LIMIT 1`);
      expect(comments[0]?.c).toBe("follow up with [e-mail removed] or [phone removed] next week");
      const reasons = (await rows(w.conn, `SELECT column_name, reason FROM ingest_issues WHERE rule = 'personal-data' ORDER BY column_name`)).map((r) => `${String(r.column_name)}: ${String(r.reason)}`);
      expect(reasons).toEqual([
        "Beneficiary ID: column looks like personal data (ID or case numbers); not stored",
        "Bénéficiaire: column looks like personal data (names of people); not stored",
        "Comments: 21 cells held e-mail addresses, phone numbers: replaced by [… removed], the rest of the text kept",
        "Contact e-mails: column looks like personal data (e-mail addresses); not stored",
        "Focal point: column looks like personal data (names and phone numbers of people); not stored",
        "N° bénéficiaire: column looks like personal data (ID or case numbers); not stored",
        "Point: column looks like personal data (exact GPS coordinates); not stored",
        "Reg. no: column looks like personal data (ID or case numbers); not stored",
        "Survivor code: column looks like personal data (ID or case numbers); not stored"
      ]);
    });
  });
});
