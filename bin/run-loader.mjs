#!/usr/bin/env node
// Framework's interpreter for TypeScript data loaders (observablehq.config.ts `interpreters`). tsx and the
// loaders' imports (DuckDB, zod) cost ~0.45 s of start-up per loader, most of a loader's run, so
// `protection build` (cli/loader-bundle.ts) bundles every loader once with esbuild and runs them all in
// one process beforehand (`--prerun`), keeping each one's output for this build only:
//   - output kept for the loader (PROTECTION_LOADER_OUTPUT): written to stdout as it is;
//   - else a bundle of it (PROTECTION_LOADER_BUNDLE): run as plain JavaScript;
//   - else (a dev server, a loader added since): run through tsx as before.
import { spawn } from "node:child_process";
import { createReadStream, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const { PROTECTION_LOADER_BUNDLE: bundle, PROTECTION_LOADER_OUTPUT: output, PROTECTION_LOADER_ROOT: root } = process.env;
const rel = (loader) => relative(root, resolve(loader)).replace(/\.ts$/, "");

/** Run each loader's bundle in this process, its stdout kept in <output>/<loader>; a failed one is left out. */
async function prerun(loaders) {
  const write = process.stdout.write.bind(process.stdout);
  for (const loader of loaders) {
    const chunks = [];
    process.exitCode = 0;
    process.stdout.write = (chunk, encoding, cb) => {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, typeof encoding === "string" ? encoding : "utf8"));
      (typeof encoding === "function" ? encoding : cb)?.();
      return true;
    };
    try {
      await import(pathToFileURL(join(bundle, `${rel(loader)}.js`)).href);
    } catch (e) {
      process.exitCode = 1;
      process.stderr.write(`${loader}: ${e?.message ?? e}\n`);
    } finally {
      process.stdout.write = write;
    }
    if (process.exitCode) continue; // run again on its own by Framework, which then reports the failure
    const file = join(output, rel(loader));
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, Buffer.concat(chunks));
  }
  process.exitCode = 0;
}

const [first, ...rest] = process.argv.slice(2);
if (first === "--prerun") {
  await prerun(rest);
} else if (!first) {
  process.stderr.write("usage: run-loader.mjs <loader.ts> | --prerun <loader.ts...>\n");
  process.exitCode = 2;
} else if (output && root && existsSync(join(output, rel(first)))) {
  createReadStream(join(output, rel(first))).pipe(process.stdout);
} else if (bundle && root && existsSync(join(bundle, `${rel(first)}.js`))) {
  await import(pathToFileURL(join(bundle, `${rel(first)}.js`)).href);
} else {
  const child = spawn("tsx", [first, ...rest], { stdio: "inherit", shell: process.platform === "win32" });
  child.on("error", (e) => {
    process.stderr.write(`${first}: ${e.message}\n`);
    process.exitCode = 1;
  });
  child.on("close", (code) => (process.exitCode = code ?? 1));
}
