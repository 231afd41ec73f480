// The stage rule (README "Layout"), checked with dependency-cruiser: loaders/, pipelines/ and src/ import
// warehouse/ and never each other, warehouse/ imports no stage, demo/ imports nothing of the product, no
// import circles. The second test plants wrong imports in a scratch tree to show the check fails, naming them.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "..");
const DEPCRUISE = join(ROOT, "node_modules", ".bin", "depcruise");
const FOLDERS = ["warehouse", "loaders", "pipelines", "src", "cli", "demo", "bench", "test", "observablehq.config.ts"];

function cruise(cwd: string, targets: string[]) {
  const r = spawnSync(DEPCRUISE, [...targets, "--config", ".dependency-cruiser.cjs", "--output-type", "err"], { cwd, encoding: "utf8", timeout: 120_000 });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

describe("the stage rule", () => {
  const scratch = mkdtempSync(join(tmpdir(), "structure-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("holds for the whole repository", () => {
    const { status, output } = cruise(ROOT, FOLDERS);
    expect(output).toMatch(/no dependency violations found/);
    expect(status).toBe(0);
  }, 120_000);

  it("fails on a planted wrong import and a planted circle, naming each", () => {
    cpSync(join(ROOT, ".dependency-cruiser.cjs"), join(scratch, ".dependency-cruiser.cjs"));
    writeFileSync(join(scratch, "tsconfig.json"), JSON.stringify({ compilerOptions: { module: "nodenext", allowImportingTsExtensions: true } }));
    const files: Record<string, string> = {
      "warehouse/db.ts": "export const open = () => 1;\n",
      "loaders/ingest.ts": 'import { open } from "../warehouse/db.ts";\nexport const ingest = () => open();\n',
      // a model reaching into the file readers: the mistake issue #10 found
      "pipelines/run.ts": 'import { ingest } from "../loaders/ingest.ts";\nexport const run = () => ingest();\n',
      "src/lib/a.ts": 'import { b } from "./b.ts";\nexport const a = () => b();\n',
      "src/lib/b.ts": 'import { a } from "./a.ts";\nexport const b = (): number => (a ? 1 : 0);\n'
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(scratch, path)), { recursive: true });
      writeFileSync(join(scratch, path), text);
    }
    const { status, output } = cruise(scratch, ["warehouse", "loaders", "pipelines", "src"]);
    expect(status).not.toBe(0);
    expect(output).toMatch(/pipelines-only-warehouse: pipelines\/run\.ts → loaders\/ingest\.ts/);
    expect(output).toMatch(/no-circular: src\/lib\/a\.ts →/);
  }, 120_000);
});
