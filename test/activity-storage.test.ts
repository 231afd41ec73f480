// How a 5W row is stored: rarely filled fields in one JSON column read back as columns of their own, AoR codes
// decided per distinct text, an admin1 name filled in from the boundaries at the insert, the total's method.
// Values computed by hand from the file below.
import { afterAll, describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ingestFiles } from "../loaders/ingest.ts";
import { fiveW } from "../loaders/kinds/five-w.ts";
import { rows, seedAreas, tempDir, testConfig, withMemory } from "./helpers/warehouse.ts";

const tmp = tempDir("activity-storage-");
afterAll(() => tmp.cleanup());
const config = testConfig();

const header = "Organisation,Acronym,Implementing partner,Sector,AoR,Region P-code,District P-code,Adm3 Pcode,Commune,Girls targeted,Boys targeted,Elderly,People reached,Girls,Boys";
const lines = [
  // every details field filled
  `Action Solidaire,AS,"ONG ""Espoir""",Protection,Protection de l'enfance,XD01,XD0101,XD010101,Kéra Centre,4,6,2,30,10,20`,
  // none of them: details is NULL
  `Action Solidaire,,,,GBV,XD01,XD0102,,,,,,12,,`,
  // no AoR: taken from the sector
  `Action Solidaire,,,Child Protection,,XD02,XD0201,,,,,,5,,`,
  // an AoR text that names none: rejected with the text it had
  `Action Solidaire,,,,Shelter,XD02,XD0202,,,,,,7,,`,
  // no AoR, another cluster's sector: skipped
  `Action Solidaire,,,WASH,,XD02,XD0202,,,,,,9,,`,
  // no total: the sum of the parts
  `Action Solidaire,,,,Mine Action,XD01,XD0101,,,,,,,3,4`
];

describe("5W storage", () => {
  it("keeps rarely filled fields in details, read back through columns of their own, with AoRs, names and methods as before", async () => {
    await withMemory(async (w) => {
      await seedAreas(w);
      const p = join(tmp.dir, "5w_storage_2025-06.csv");
      writeFileSync(p, [header, ...lines].join("\n") + "\n");
      const { files } = await ingestFiles(w.conn, [p], { config });
      expect(files[0]).toMatchObject({ status: "loaded", rowsRead: 6, rowsAccepted: 4, rowsRejected: 1, rowsSkipped: 1 });
      const a = await rows(
        w.conn,
        `SELECT row_number, aor, admin1_name, org_acronym, org_impl, sector, admin3_pcode, admin3_name, targeted_girls, targeted_boys, reached_elderly, reached, reached_method, details
         FROM activities ORDER BY row_number`
      );
      // JSON key order is the insert's business: compared as objects
      for (const r of a) r.details = r.details === null ? null : JSON.parse(String(r.details));
      expect(a).toEqual([
        {
          row_number: 2, aor: "CP", admin1_name: "Nord", org_acronym: "AS", org_impl: 'ONG "Espoir"', sector: "Protection", admin3_pcode: null, admin3_name: "Kéra Centre",
          targeted_girls: 4, targeted_boys: 6, reached_elderly: 2, reached: 30, reached_method: "reported",
          // an admin3 p-code the boundaries do not have is dropped (and said), its name kept, as for any level
          details: { org_acronym: "AS", org_impl: 'ONG "Espoir"', sector: "Protection", admin3_name: "Kéra Centre", targeted_girls: 4, targeted_boys: 6, reached_elderly: 2 }
        },
        { row_number: 3, aor: "GBV", admin1_name: "Nord", org_acronym: null, org_impl: null, sector: null, admin3_pcode: null, admin3_name: null, targeted_girls: null, targeted_boys: null, reached_elderly: null, reached: 12, reached_method: "reported", details: null },
        { row_number: 4, aor: "CP", admin1_name: "Sud", org_acronym: null, org_impl: null, sector: "Child Protection", admin3_pcode: null, admin3_name: null, targeted_girls: null, targeted_boys: null, reached_elderly: null, reached: 5, reached_method: "reported", details: { org_acronym: null, org_impl: null, sector: "Child Protection", admin3_name: null, targeted_girls: null, targeted_boys: null, reached_elderly: null } },
        { row_number: 7, aor: "MA", admin1_name: "Nord", org_acronym: null, org_impl: null, sector: null, admin3_pcode: null, admin3_name: null, targeted_girls: null, targeted_boys: null, reached_elderly: null, reached: 7, reached_method: "sum of parts", details: null }
      ]);
      const issues = await rows(w.conn, `SELECT row_number, severity, rule, reason FROM ingest_issues WHERE severity IN ('error', 'skipped') ORDER BY row_number`);
      expect(issues.map((i) => [i.row_number, i.severity, i.rule])).toEqual([
        [5, "error", "aor-unknown"],
        [6, "skipped", "other-sector"]
      ]);
      expect(String(issues[0]!.reason)).toContain("unknown AoR 'Shelter'");
      expect((await rows(w.conn, `SELECT reason FROM ingest_issues WHERE rule = 'pcode-repair'`)).map((i) => i.reason)).toEqual(["admin3 XD010101 not found in the loaded boundaries; kept as text (1 row)"]);
    });
  });

  it("declares as details only columns the activities table reads back from details", async () => {
    await withMemory(async (w) => {
      const ddl = String((await rows(w.conn, `SELECT sql FROM duckdb_tables() WHERE table_name = 'activities'`))[0]!.sql);
      for (const f of fiveW.details!.fields) expect(ddl, f).toMatch(new RegExp(`\\b${f} \\w+ GENERATED ALWAYS AS\\s*\\(.*json_extract_string\\(details, '\\$\\.${f}'\\)`));
      // and no other column is virtual: the loader writes every other one itself
      expect((ddl.match(/GENERATED ALWAYS/g) ?? []).length).toBe(fiveW.details!.fields.length);
    });
  });
});
