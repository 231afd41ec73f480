#!/usr/bin/env node
// Bundles the CLI (cli/main.ts and what it imports from this repository; packages stay in node_modules) into
// bin/.bundle/, so that `protection` starts without the TypeScript loader: ~0.3 s instead of ~0.6 s, a tenth of
// a 100,000-row XLSX ingest. Run by `npm install` / `npm ci` (prepare); bin/protection.js uses the bundle only
// while no source it was built from has changed since, and runs the sources through tsx otherwise.
import { build } from "esbuild";
import { renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "bin", ".bundle");
const tmp = `${out}.tmp-${process.pid}`;
const result = await build({
  absWorkingDir: root,
  entryPoints: ["cli/main.ts"],
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  // The packages the CLI always loads are bundled too: importing them from node_modules one file at a time
  // (@duckdb/node-api alone is ~40 CommonJS files, each resolved and scanned for its exports) made
  // `protection --help` take 0.70 s; bundled, 0.36 s, and every command starts that much sooner. Kept out: the native binding, and the big packages only
  // some commands load (the site build, the browser, the Excel writer), loaded when those commands run.
  external: ["@duckdb/node-bindings", "esbuild", "exceljs", "playwright-core", "@observablehq/*"],
  // bundled CommonJS calls require() for node's modules: an ES module has none of its own
  banner: { js: `import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);` },
  outdir: tmp,
  metafile: true,
  logLevel: "warning"
});
// the sources it was built from: their modification times decide whether the bundle is still current
// (the packages' files are not: a change of package versions goes through npm install, which rebuilds it, and
// package-lock.json stands for them)
const inputs = Object.keys(result.metafile.inputs).filter((p) => !p.includes("node_modules/"));
writeFileSync(join(tmp, "inputs.json"), JSON.stringify([...inputs, "package-lock.json"]));
rmSync(out, { recursive: true, force: true });
renameSync(tmp, out);
