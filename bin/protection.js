#!/usr/bin/env node
// Entry point for `npx protection`: the bundle of the CLI (bin/build-cli.mjs) while it is current, otherwise
// the TypeScript sources through tsx, with no build step needed.
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const bundle = join(root, "bin", ".bundle", "main.js");

/** The bundle, unless a source it was built from has changed (or gone) since it was built. */
function currentBundle() {
  try {
    const built = statSync(bundle).mtimeMs;
    const inputs = JSON.parse(readFileSync(join(root, "bin", ".bundle", "inputs.json"), "utf8"));
    // a source that is gone throws here too: the bundle is then not current either
    return inputs.every((p) => statSync(join(root, p)).mtimeMs <= built) ? bundle : null;
  } catch {
    return null;
  }
}

async function loadMain() {
  const current = process.env.PROTECTION_NO_BUNDLE ? null : currentBundle();
  if (current) {
    try {
      return (await import(pathToFileURL(current).href)).main;
    } catch {
      // being rebuilt (npm install) at this moment: the sources will do
    }
  }
  const { register } = await import("tsx/esm/api");
  register();
  return (await import("../cli/main.ts")).main;
}

const main = await loadMain();
process.exitCode = await main(process.argv);
