import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { writeFileSync } from "node:fs";
import { tempDir } from "./helpers/warehouse.ts";

const cli = (args: string[]) => spawnSync(process.execPath, ["bin/protection.js", ...args], { encoding: "utf8", timeout: 60_000 });

describe("the protection command", () => {
  it("has --help on every command and exits 2 on wrong usage", () => {
    for (const c of ["ingest", "check", "run", "build", "preview", "query", "demo"]) {
      const r = cli([c, "--help"]);
      expect(r.status, c).toBe(0);
      expect(r.stdout).toContain(`Usage: protection ${c}`);
    }
    expect(cli(["ingest", "x.csv", "--kind", "nonsense"]).status).toBe(2);
    expect(cli(["frobnicate"]).status).toBe(2);
  });

  it("takes a global --config before any command, and says which file is missing", () => {
    const tmp = tempDir();
    try {
      const missing = join(tmp.dir, "no-such-operation.json");
      for (const args of [["--config", missing, "run", "--db", join(tmp.dir, "w.duckdb")], ["run", "--config", missing, "--db", join(tmp.dir, "w.duckdb")]]) {
        const r = cli(args);
        expect(r.status, args.join(" ")).toBe(1);
        expect(r.stderr).toContain(`operation config not found: ${missing}`);
      }
    } finally {
      tmp.cleanup();
    }
  });

  it("ingests, answers read-only queries as JSON keyed by column, neutralises formulas in CSV, and exits 1 on a missing file", () => {
    const tmp = tempDir();
    try {
      const db = join(tmp.dir, "w.duckdb");
      const file = join(tmp.dir, "espoir_5w.csv");
      writeFileSync(file, "Reporting month,Organization,AoR,District P-code,Population group,People reached\n2025-04,=HYPERLINK(\"http://x\"),GBV,XD0101,IDP,100\n");
      const ing = cli(["ingest", file, "--db", db, "--json"]);
      expect(ing.status).toBe(0);
      const report = JSON.parse(ing.stdout);
      expect(report.files[0]).toMatchObject({ kind: "5w", status: "loaded", rowsRead: 1, rowsAccepted: 1, rowsRejected: 0 });
      const q = cli(["query", "SELECT org_lead, reached FROM activities", "--db", db, "--format", "json"]);
      expect(JSON.parse(q.stdout)).toEqual([{ org_lead: '=HYPERLINK("http://x")', reached: 100 }]);
      const csv = cli(["query", "SELECT org_lead, reached FROM activities", "--db", db, "--format", "csv"]);
      expect(csv.stdout).toBe(`org_lead,reached\n"'=HYPERLINK(""http://x"")",100\n`);
      const write = cli(["query", "DELETE FROM activities", "--db", db]);
      expect(write.status).toBe(1);
      expect(write.stderr).toMatch(/read-only|query failed/);
      // dates as ISO dates, without JSON's quotes (was """2025-04-01T00:00:00.000Z""")
      const dates = cli(["query", "SELECT reporting_month, [reporting_month] AS months FROM activities", "--db", db, "--format", "csv"]);
      expect(dates.stdout).toBe(`reporting_month,months\n2025-04-01,"[""2025-04-01""]"\n`);
      expect(JSON.parse(cli(["query", "SELECT reporting_month FROM activities", "--db", db, "--format", "json"]).stdout)).toEqual([{ reporting_month: "2025-04-01" }]);
      const missing = cli(["ingest", join(tmp.dir, "nope.xlsx"), "--db", db]);
      expect(missing.status).toBe(1);
      expect(missing.stdout).toContain("nope.xlsx: file not found");
    } finally {
      tmp.cleanup();
    }
  });
});
