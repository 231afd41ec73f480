// Crash safety of the warehouse file: `protection ingest` of a large CSV and a large XLSX killed with SIGKILL at
// seeded random moments must leave exactly the files ingested before (nothing of the killed file, or all of it
// when its commit landed first); a final uninterrupted ingest must then succeed; and two ingests at once on the
// same file must wait for each other or fail with the clear "in use" message, never corrupt anything.
// `npm run soak` runs the same kill loop 200 times (test/soak/crash-soak.ts).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../warehouse/errors.ts";
import { openWarehouse } from "../warehouse/db.ts";
import { csvText, FIVE_W_HEADER, goodRow } from "./helpers/bad-files.ts";
import { tempDir } from "./helpers/warehouse.ts";
import { finished, killOnce, killPlan, prepareRig, snapshot, startIngest, whyFailed, type Rig, type Snapshot } from "./soak/crash-soak.ts";

const CSV_ROWS = 300_000;
const XLSX_ROWS = 60_000;
const SEED = Number(process.env.CRASH_SEED ?? 20250601);
// kill anywhere from process start to a little past the usual end of the ingest (~6.5 s CSV, ~4.5 s XLSX here); a kill that comes too late checks a completed ingest instead
const PLAN = killPlan(SEED, 5, { csv: [300, 7_500], xlsx: [300, 5_000] });

const tmp = tempDir("protection-crash-");
let rig: Rig;
let start: Snapshot;

beforeAll(async () => {
  rig = await prepareRig(tmp.dir, { csvRows: CSV_ROWS, xlsxRows: XLSX_ROWS, seed: 1 });
  start = await snapshot(rig.db);
}, 60_000);

afterAll(() => tmp.cleanup());

describe("a warehouse file under SIGKILL", () => {
  it("starts from the seeded areas and three small 5W files, every row accounted for", () => {
    expect(start.files.map((f) => [f.file_name, f.status, f.rows_accepted])).toEqual([
      ["partner1_5w_2025-01.csv", "loaded", 5],
      ["partner2_5w_2025-02.csv", "loaded", 10],
      ["partner3_5w_2025-03.csv", "loaded", 15],
      ["seed_admin.geojson", "loaded", 6]
    ]);
    for (const f of start.files.filter((f) => f.kind === "5w")) expect(start.activities[f.file_hash]).toBe(f.rows_accepted);
  });

  PLAN.forEach(({ which, delayMs }, i) => {
    const rows = which === "csv" ? CSV_ROWS + 1 : XLSX_ROWS;
    it(`recovers from SIGKILL #${i + 1} at ${delayMs.toLocaleString("en-US")} ms into the ingest of a ${rows.toLocaleString("en-US")}-row ${which.toUpperCase()} (seed ${SEED}): the files held before, exactly, and nothing of the killed one unless it committed whole`, async () => {
      const o = await killOnce(rig, which, `kill${i + 1}`, delayMs);
      expect(o.problems).toEqual([]);
      // said plainly, beyond compareAfterKill: the warehouse still opens, and the killed file is all or nothing
      const after = await snapshot(rig.db);
      const own = after.files.filter((f) => f.file_hash === o.target.hash);
      if (o.committed) expect([own.length, after.activities[o.target.hash]]).toEqual([1, o.target.rows]);
      else expect([own.length, after.activities[o.target.hash] ?? 0, after.issues[o.target.hash] ?? 0]).toEqual([0, 0, 0]);
      if (o.run.killed) expect(o.run.signal).toBe("SIGKILL");
      else expect(o.run.code).toBe(0);
    });
  });
});

describe("two ingests at once on the same warehouse file", () => {
  it("makes the second wait (or fail with the clear 'in use' message), loads the large files uninterrupted, and corrupts nothing", async () => {
    const before = await snapshot(rig.db);
    const small = (name: string, k: number) => {
      const p = join(rig.dir, name);
      writeFileSync(p, csvText([FIVE_W_HEADER, ...Array.from({ length: k }, (_, i) => goodRow(i + 100 + k))]));
      return p;
    };
    const waits = small("waiting_5w_2025-04.csv", 4);
    const impatient = small("impatient_5w_2025-05.csv", 6);

    // A: the final, uninterrupted ingest of both large files
    const a = startIngest([rig.csv.path, rig.xlsx.path], rig.db);
    const aDone = finished(a);
    // once A holds the file, anyone else is told it is in use (here with no wait at all)
    let inUse: UserError | null = null;
    const deadline = Date.now() + 30_000;
    while (!inUse && Date.now() < deadline) {
      try {
        const w = await openWarehouse(rig.db, { waitSeconds: 0 });
        w.close();
        await new Promise((r) => setTimeout(r, 300));
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        inUse = e;
      }
    }
    expect(inUse?.message).toBe(`warehouse is in use by another process: ${rig.db} (waited 0 s; try again when it has finished)`);

    // B waits with the CLI's default patience (30 s); C asks for 1 s (PROTECTION_DB_WAIT_SECONDS, if the CLI reads it)
    const b = finished(startIngest([waits], rig.db));
    const c = finished(startIngest([impatient], rig.db, { PROTECTION_DB_WAIT_SECONDS: "1" }));
    const [ra, rb, rc] = await Promise.all([aDone, b, c]);

    expect(ra.code, whyFailed(ra)).toBe(0);
    const reportA = JSON.parse(ra.stdout);
    expect(reportA.files.map((f: { status: string; rowsAccepted: number }) => [f.status, f.rowsAccepted])).toEqual([
      ["loaded", CSV_ROWS],
      ["loaded", XLSX_ROWS]
    ]);
    const loaded = [rig.csv.path, rig.xlsx.path];
    for (const [r, path, n] of [
      [rb, waits, 4],
      [rc, impatient, 6]
    ] as const) {
      if (r.code === 0) {
        expect(JSON.parse(r.stdout).files[0]).toMatchObject({ file: path, status: "loaded", rowsAccepted: n });
        loaded.push(path);
      } else {
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(/^protection: warehouse is in use by another process: .+ \(waited \d+ s; try again when it has finished\)\n$/);
        expect(r.stdout).toBe("");
      }
    }
    // B has 30 s: with A taking ~20 s it gets its turn
    expect(rb.code, whyFailed(rb)).toBe(0);

    const after = await snapshot(rig.db);
    const added = after.files.filter((f) => !before.files.some((g) => g.file_hash === f.file_hash));
    expect(added.map((f) => f.file_name).sort()).toEqual(loaded.map((p) => p.split("/").pop()).sort());
    for (const f of after.files.filter((f) => f.kind === "5w")) expect(after.activities[f.file_hash], f.file_name).toBe(f.rows_accepted);
    for (const f of before.files) expect(after.files).toContainEqual(f);
    expect(after.tables.activities).toBe(before.tables.activities! + added.reduce((s, f) => s + f.rows_accepted, 0));
  });
});
