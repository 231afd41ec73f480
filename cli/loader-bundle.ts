// The site's TypeScript data loaders bundled into plain JavaScript before a build (bin/run-loader.mjs runs
// them): ~20 loaders each paid tsx's start-up (~0.7 s) for ~0.1 s of query. The bundle lives under
// node_modules/.cache so that the packages it leaves external resolve from the project.
import { spawn } from "node:child_process";
import { build } from "esbuild";
import { readdirSync, rmSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, relative } from "node:path";
import { PROJECT_ROOT } from "../warehouse/project-root.ts";

/** Every `*.ts` data loader under src (a loader's name has an extension before .ts: x.json.ts). */
export function loaderFiles(dir = join(PROJECT_ROOT, "src")): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...loaderFiles(path));
    else if (/\.[a-z0-9]+\.ts$/i.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push(path);
  }
  return out;
}

export interface LoaderBundle {
  /** Folder holding src's loaders as .js, mirroring their paths under `root`. */
  dir: string;
  /** Folder holding each loader's output once prerun() has run them. */
  output: string;
  root: string;
  loaders: string[];
  /** The environment bin/run-loader.mjs reads. */
  env: Record<string, string>;
  dispose(): void;
}

/** Bundle every loader under src into one folder (shared chunks split out); null when there is none. */
export async function bundleLoaders(tag = String(process.pid)): Promise<LoaderBundle | null> {
  const root = join(PROJECT_ROOT, "src");
  const entryPoints = loaderFiles(root);
  if (!entryPoints.length) return null;
  const dir = join(PROJECT_ROOT, "node_modules", ".cache", `protection-loaders-${tag}`);
  rmSync(dir, { recursive: true, force: true });
  await build({
    absWorkingDir: PROJECT_ROOT,
    entryPoints: Object.fromEntries(entryPoints.map((p) => [relative(root, p).replace(/\.ts$/, ""), p])),
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    outdir: dir,
    logLevel: "error"
  });
  const output = `${dir}-output`;
  rmSync(output, { recursive: true, force: true });
  return {
    dir,
    output,
    root,
    loaders: entryPoints,
    env: { PROTECTION_LOADER_BUNDLE: dir, PROTECTION_LOADER_OUTPUT: output, PROTECTION_LOADER_ROOT: root },
    dispose: () => {
      rmSync(dir, { recursive: true, force: true });
      rmSync(output, { recursive: true, force: true });
    }
  };
}

/**
 * Run every bundled loader, in one Node process per core (one start-up each, DuckDB and zod loaded once per
 * process, the warehouse opened read-only by all): Framework then reads each output instead of starting the
 * loader. A loader that fails here is simply run again by Framework, which reports its error as usual.
 */
export async function prerunLoaders(bundle: LoaderBundle, env: NodeJS.ProcessEnv, log: (line: string) => void = () => {}, processes = Math.max(1, Math.min(availableParallelism(), 4))): Promise<void> {
  const runner = join(PROJECT_ROOT, "bin", "run-loader.mjs");
  // the largest loaders are the month files: deal them round-robin so that each process gets a share
  const shares = Array.from({ length: processes }, (_, i) => bundle.loaders.filter((_l, j) => j % processes === i)).filter((s) => s.length);
  await Promise.all(
    shares.map(
      (loaders) =>
        new Promise<void>((resolvePromise, reject) => {
          const child = spawn(process.execPath, [runner, "--prerun", ...loaders], { cwd: PROJECT_ROOT, env: { ...env, ...bundle.env }, stdio: ["ignore", "ignore", "pipe"] });
          child.stderr.on("data", (chunk: Buffer) => {
            for (const line of chunk.toString("utf8").split(/\r?\n/)) if (line.trim()) log(line);
          });
          child.on("error", reject);
          child.on("close", () => resolvePromise());
        })
    )
  );
}
