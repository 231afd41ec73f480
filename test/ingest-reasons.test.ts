// Issue #13, the Ingest page's reasons: each reason counts the source rows it applies to, a grouped warning
// (stored once per distinct value, its rows in ingest_issue_groups) with all of its rows. Hand-made files,
// hand-computed counts, read through the "ingest-reasons" and "ingest-rows" dataset queries the site uses.
import { afterAll, describe, expect, it } from "vitest";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ingestFiles } from "../loaders/ingest.ts";
import { datasetSpec } from "../src/lib/datasets.ts";
import type { Warehouse } from "../warehouse/db.ts";
import { rows, seedAreas, tempDir, testConfig, withMemory } from "./helpers/warehouse.ts";

const tmp = tempDir("ingest-reasons-");
afterAll(() => tmp.cleanup());
const config = testConfig({ activityList: [{ code: "GBV-1", name: "Case management" }] });
const HEAD = "Reporting month,Organisation,AoR,Activity,District P-code,People reached";

function file(name: string, lines: string[]): string {
  const dir = join(tmp.dir, name.replace(/\W/g, "_"));
  mkdirSync(dir, { recursive: true });
  const p = join(dir, name);
  writeFileSync(p, [HEAD, ...lines].join("\n") + "\n");
  return p;
}

async function reasons(w: Warehouse) {
  return (await rows(w.conn, datasetSpec("ingest-reasons").sql!)).map((r) => ({ severity: r.severity, rule: r.rule, reason: r.reason, issues: Number(r.issues), rows: r.rows === null ? null : Number(r.rows) }));
}

describe("the ingest report's reasons count rows", () => {
  it("30 rows of which 25 carry the same unknown activity and 2 a negative figure: the reason shows 25, the rejection 2", async () => {
    await withMemory(async (w) => {
      await seedAreas(w);
      const lines: string[] = [];
      for (let i = 0; i < 30; i++) {
        const activity = i < 25 ? "Tea parties" : "Case management";
        const reached = i === 27 || i === 28 ? -3 : 10 + i;
        lines.push(`2025-06,ONG A,GBV,${activity},XD0101,${reached}`);
      }
      const { files } = await ingestFiles(w.conn, [file("5w_small.csv", lines)], { config });
      expect(files[0]).toMatchObject({ rowsRead: 30, rowsAccepted: 28, rowsRejected: 2 });
      const got = await reasons(w);
      expect(got.find((r) => r.rule === "activity-unknown")).toMatchObject({ severity: "warning", rows: 25, issues: 25 });
      expect(got.filter((r) => r.severity === "error").reduce((n, r) => n + (r.rows ?? 0), 0)).toBe(2);
    });
  });

  it("120 rows of which 100 carry the same unknown activity (grouped: one stored line): the reason shows 100 rows, not 1", async () => {
    await withMemory(async (w) => {
      await seedAreas(w);
      const lines: string[] = [];
      // rows 2–61 and 82–121 an activity not on the list, rows 62–81 a listed one
      for (let i = 0; i < 120; i++) lines.push(`2025-06,ONG A,GBV,${i >= 60 && i < 80 ? "Case management" : "Tea parties"},XD0101,${i + 1}`);
      const { files } = await ingestFiles(w.conn, [file("5w_grouped.csv", lines)], { config });
      expect(files[0]).toMatchObject({ rowsRead: 120, rowsAccepted: 120, rowsFlagged: 100 });
      // the warning is stored once (that is why a count of ingest_issues lines says 1)
      expect(await rows(w.conn, `SELECT count(*)::INT AS n FROM ingest_issues WHERE rule = 'activity-unknown'`)).toEqual([{ n: 1 }]);
      const got = await reasons(w);
      expect(got.find((r) => r.rule === "activity-unknown")).toEqual({
        severity: "warning",
        rule: "activity-unknown",
        reason: "activity 'Tea parties' is not on the cluster activity list",
        issues: 1,
        rows: 100
      });
      // flagged rows per file, for the page's "rows" figures: the group's 100 rows
      const perFile = await rows(w.conn, datasetSpec("ingest-rows").sql!);
      expect(perFile.filter((r) => r.severity === "warning").map((r) => Number(r.rows))).toEqual([100]);
    });
  });
});
