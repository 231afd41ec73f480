// Building and previewing the static dashboard: `observable build` with the warehouse and audience passed
// to the data loaders through the environment, and a small static server over the built directory.
import { spawn } from "node:child_process";
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { delimiter, dirname, extname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { withWarehouse } from "../warehouse/db.ts";
import { UserError } from "../warehouse/errors.ts";
import { bundleLoaders, prerunLoaders } from "./loader-bundle.ts";
import { PROJECT_ROOT } from "../warehouse/project-root.ts";

/** The project root (where observablehq.config.ts lives). */
export { PROJECT_ROOT };
const SRC = join(PROJECT_ROOT, "src");
const CACHE = join(SRC, ".observablehq", "cache");
const LOCK = join(SRC, ".observablehq", "build.lock");

export type Audience = "internal" | "public";

export interface BuildOptions {
  /** Warehouse file; default data/warehouse.duckdb. */
  db?: string;
  /** Output directory; default dist/. */
  out?: string;
  audience?: Audience;
  /** Operation config; default PROTECTION_CONFIG or data/operation.json. */
  config?: string;
  /** Build log lines (Framework's output); default: discarded. */
  log?: (line: string) => void;
}

export interface BuildResult {
  /** Site paths of the built pages ("/", "/5w", …). */
  pages: string[];
  /** Total size of the built directory. */
  bytes: number;
}

/**
 * Framework reuses a data loader's cached output while the loader file is older than it, whatever the
 * warehouse or audience: remove every cached loader output (everything but Framework's own `_…`
 * folders, the bundled node_modules and npm modules) so each build runs every loader afresh.
 */
export function clearLoaderCache(cache = CACHE): string[] {
  if (!existsSync(cache)) return [];
  const removed: string[] = [];
  for (const entry of readdirSync(cache)) {
    if (entry.startsWith("_")) continue; // _node, _npm, _jsr, _observablehq: modules, not data
    rmSync(join(cache, entry), { recursive: true, force: true });
    removed.push(entry);
  }
  return removed;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** One build at a time per checkout: builds share src/.observablehq/cache. */
async function withBuildLock<T>(fn: () => Promise<T>, waitSeconds = 600): Promise<T> {
  mkdirSync(dirname(LOCK), { recursive: true });
  const deadline = Date.now() + waitSeconds * 1000;
  for (;;) {
    try {
      writeFileSync(LOCK, String(process.pid), { flag: "wx" });
      break;
    } catch {
      const holder = Number(readFileSync(LOCK, "utf8").trim());
      if (!Number.isInteger(holder) || holder <= 0 || !pidAlive(holder)) {
        rmSync(LOCK, { force: true }); // stale lock from a build that died
        continue;
      }
      if (Date.now() > deadline) throw new UserError(`another site build is running (pid ${holder}); try again when it has finished`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(LOCK, { force: true });
  }
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(path));
    else out.push(path);
  }
  return out;
}

/** Pages of a built site: every .html file except 404, as site paths. */
export function builtPages(out: string): string[] {
  return listFiles(out)
    .filter((f) => f.endsWith(".html") && !f.endsWith(`${sep}404.html`))
    .map((f) => "/" + relative(out, f).split(sep).join("/").replace(/\.html$/, "").replace(/(^|\/)index$/, ""))
    .map((p) => (p === "/" ? "/" : p.replace(/\/$/, "")))
    .sort();
}

/** Framework 1.13 writes a bare `<html>`: screen readers and hyphenation need the language of the pages. */
export function setHtmlLang(out: string, lang = "en"): void {
  for (const file of listFiles(out)) {
    if (!file.endsWith(".html")) continue;
    const html = readFileSync(file, "utf8");
    if (html.includes("<html>")) writeFileSync(file, html.replace("<html>", `<html lang="${lang}">`));
  }
}

export async function buildSite({ db = "data/warehouse.duckdb", out = "dist", audience = "internal", config, log = () => {} }: BuildOptions = {}): Promise<BuildResult> {
  if (audience !== "internal" && audience !== "public") throw new UserError(`invalid audience: ${audience} (expected internal or public)`);
  const dbPath = resolve(db);
  if (!existsSync(dbPath)) throw new UserError(`warehouse not found: ${db} (run \`protection ingest\` first)`);
  const outPath = resolve(out);
  const inside = (path: string) => path === outPath || path.startsWith(outPath + sep);
  if (inside(PROJECT_ROOT) || inside(SRC) || inside(dbPath)) throw new UserError(`refusing to build into ${out}: it holds the project or the warehouse`);
  // The output directory is replaced: only when it is empty or an earlier build.
  if (existsSync(outPath) && readdirSync(outPath).length && !existsSync(join(outPath, "_observablehq"))) {
    throw new UserError(`refusing to build into ${out}: not empty and not a built site`);
  }
  const configPath = config ? resolve(config) : process.env.PROTECTION_CONFIG ? resolve(process.env.PROTECTION_CONFIG) : undefined;
  const bin = join(PROJECT_ROOT, "node_modules", ".bin");

  return withBuildLock(async () => {
    clearLoaderCache();
    const loaders = await bundleLoaders();
    // the data dictionary page's content, generated here where the kinds and models can be read
    const dictionaryFile = `${outPath}.dictionary-${process.pid}.json`;
    const { buildDictionary } = await import("./dictionary.ts");
    const dictionary = await withWarehouse(dbPath, (w) => buildDictionary(w.conn), { readOnly: true });
    writeFileSync(dictionaryFile, JSON.stringify(dictionary));
    // Build next to the output and swap it in only when the build succeeded: a failed build never
    // leaves a half-written site where the previous one was.
    const staging = `${outPath}.building-${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PROTECTION_DB: dbPath,
      PROTECTION_AUDIENCE: audience,
      PROTECTION_SITE_OUT: staging,
      OBSERVABLE_TELEMETRY_DISABLE: "1",
      // Framework runs TypeScript data loaders with `tsx` from PATH.
      PATH: [bin, process.env.PATH ?? ""].join(delimiter),
      ...(configPath ? { PROTECTION_CONFIG: configPath } : {}),
      ...(loaders?.env ?? {}),
      PROTECTION_DICTIONARY: dictionaryFile
    };
    if (loaders) await prerunLoaders(loaders, env, log);
    const lines: string[] = [];
    try {
      const code = await new Promise<number>((resolvePromise, reject) => {
        const child = spawn(join(bin, "observable"), ["build"], { cwd: PROJECT_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
        const onData = (chunk: Buffer) => {
          for (const line of chunk.toString("utf8").split(/\r?\n/)) {
            if (!line.trim()) continue;
            lines.push(line);
            log(line);
          }
        };
        child.stdout.on("data", onData);
        child.stderr.on("data", onData);
        child.on("error", reject);
        child.on("close", (c) => resolvePromise(c ?? 1));
      });
      if (code !== 0) {
        const errors = lines.filter((l) => /error|failed|cannot|refusing/i.test(l)).slice(-8);
        throw new UserError(`site build failed (exit ${code}):\n${(errors.length ? errors : lines.slice(-8)).join("\n")}`);
      }
      setHtmlLang(staging);
      rmSync(outPath, { recursive: true, force: true });
      renameSync(staging, outPath);
    } finally {
      loaders?.dispose();
      rmSync(dictionaryFile, { force: true });
      rmSync(staging, { recursive: true, force: true });
      // Never leave this build's data behind for the next one, whatever happened to it.
      clearLoaderCache();
    }
    const pages = builtPages(outPath);
    const bytes = listFiles(outPath).reduce((n, f) => n + statSync(f).size, 0);
    return { pages, bytes };
  });
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".arrow": "application/vnd.apache.arrow.file",
  ".parquet": "application/octet-stream",
  ".txt": "text/plain; charset=utf-8"
};

export interface ServeOptions {
  out?: string;
  port?: number;
  host?: string;
}

export interface RunningServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** The file a request path maps to inside root ("/5w" → 5w.html, "/" → index.html), or null. */
export function resolveRequest(root: string, urlPath: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(urlPath.split("?")[0]!.split("#")[0]!);
  } catch {
    return null;
  }
  if (path.includes("\0")) return null;
  const base = resolve(root);
  const target = resolve(base, "." + (path.startsWith("/") ? path : `/${path}`));
  if (target !== base && !target.startsWith(base + sep)) return null; // no way out of the site
  const candidates = path.endsWith("/") ? [join(target, "index.html")] : [target, `${target}.html`, join(target, "index.html")];
  for (const c of candidates) {
    if (existsSync(c) && statSync(c).isFile()) return c;
  }
  return null;
}

/**
 * Framework names every module, stylesheet and data file by its content ("style.c95861bf.css"): a browser may keep
 * those for good, and a second page then loads only its own data (and the JavaScript compiled the first time, which
 * is most of a page's start). Pages keep their names, so they are checked again on every visit (ETag): a rebuilt
 * site shows at once.
 */
const CONTENT_NAMED = /^_[a-z]+[\\/].*\.[0-9a-f]{8}\.[a-z0-9]+$/i;

/** A static file server over a built site, on loopback by default (the CLI's `preview`, the e2e test). */
export async function serveSite({ out = "dist", port = 3000, host = "127.0.0.1" }: ServeOptions = {}): Promise<RunningServer> {
  const root = resolve(out);
  if (!existsSync(join(root, "index.html"))) throw new UserError(`no built site in ${out} (run the build first)`);
  const server = createServer((req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { Allow: "GET, HEAD" }).end();
      return;
    }
    const file = resolveRequest(root, req.url ?? "/");
    const notFound = join(root, "404.html");
    const path = file ?? (existsSync(notFound) ? notFound : null);
    if (!path) {
      res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("not found");
      return;
    }
    const stats = statSync(path);
    const etag = `"${stats.size.toString(36)}-${Math.floor(stats.mtimeMs).toString(36)}"`;
    const headers = {
      "Content-Type": TYPES[extname(path).toLowerCase()] ?? "application/octet-stream",
      "Content-Length": stats.size,
      "Cache-Control": !file ? "no-store" : CONTENT_NAMED.test(relative(root, path)) ? "public, max-age=31536000, immutable" : "no-cache",
      // the 404 page stands for no file: nothing to revalidate
      ...(file ? { ETag: etag } : {}),
      "X-Content-Type-Options": "nosniff"
    };
    if (file && req.headers["if-none-match"] === etag) {
      res.writeHead(304, { ETag: etag, "Cache-Control": headers["Cache-Control"] }).end();
      return;
    }
    res.writeHead(file ? 200 : 404, headers);
    if (req.method === "HEAD") res.end();
    else createReadStream(path).pipe(res);
  });
  await new Promise<void>((resolvePromise, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolvePromise());
  });
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${actualPort}`,
    server,
    close: () => new Promise<void>((r) => server.close(() => r()))
  };
}

// `tsx cli/site.ts build [db] [out] [internal|public]` / `tsx cli/site.ts preview [out] [port]`.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [command, a, b, c] = process.argv.slice(2);
  try {
    if (command === "build") {
      const started = Date.now();
      const result = await buildSite({ db: a, out: b, audience: (c as Audience) ?? "internal", log: (l) => process.stderr.write(`${l}\n`) });
      process.stdout.write(`built ${result.pages.length} pages (${result.pages.join(", ")}), ${(result.bytes / 1e6).toFixed(1)} MB in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    } else if (command === "preview") {
      const running = await serveSite({ out: a, port: b ? Number(b) : undefined });
      process.stdout.write(`serving ${a ?? "dist"} at ${running.url}/ (Ctrl-C to stop)\n`);
    } else {
      process.stderr.write("usage: tsx cli/site.ts build [db] [out] [internal|public] | preview [out] [port]\n");
      process.exitCode = 2;
    }
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exitCode = (e as UserError).exitCode ?? 1;
  }
}
