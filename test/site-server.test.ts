// The preview server: clean URLs, no way out of the site directory, loopback only by default.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { builtPages, clearLoaderCache, resolveRequest, serveSite } from "../cli/site.ts";
import { tempDir } from "./helpers/warehouse.ts";

const { dir, cleanup } = tempDir("site-server-");
afterAll(cleanup);
const site = join(dir, "dist");
mkdirSync(join(site, "_file", "data"), { recursive: true });
mkdirSync(join(site, "_observablehq"), { recursive: true });
writeFileSync(join(site, "index.html"), "<h1>home</h1>");
writeFileSync(join(site, "5w.html"), "<h1>5w</h1>");
writeFileSync(join(site, "404.html"), "<h1>missing</h1>");
writeFileSync(join(site, "_file", "data", "reach.json"), "{}");
writeFileSync(join(dir, "secret.txt"), "outside");

describe("resolveRequest", () => {
  it("maps clean URLs to the built pages", () => {
    expect(resolveRequest(site, "/")).toBe(join(site, "index.html"));
    expect(resolveRequest(site, "/5w")).toBe(join(site, "5w.html"));
    expect(resolveRequest(site, "/5w?x=1#y")).toBe(join(site, "5w.html"));
    expect(resolveRequest(site, "/_file/data/reach.json")).toBe(join(site, "_file", "data", "reach.json"));
    expect(resolveRequest(site, "/nothing")).toBeNull();
  });

  it("never serves a file outside the site", () => {
    expect(resolveRequest(site, "/../secret.txt")).toBeNull();
    expect(resolveRequest(site, "/%2e%2e/secret.txt")).toBeNull();
    expect(resolveRequest(site, "/..%2fsecret.txt")).toBeNull();
    expect(resolveRequest(site, "/%00")).toBeNull();
    expect(resolveRequest(site, "/%E0%A4%A")).toBeNull();
  });
});

describe("serveSite", () => {
  it("serves the site on 127.0.0.1 with content types and the 404 page", async () => {
    const running = await serveSite({ out: site, port: 0 });
    try {
      expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const home = await fetch(`${running.url}/`);
      expect(home.status).toBe(200);
      expect(home.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(await home.text()).toBe("<h1>home</h1>");
      expect((await fetch(`${running.url}/_file/data/reach.json`)).headers.get("content-type")).toMatch(/^application\/json/);
      const missing = await fetch(`${running.url}/nope`);
      expect(missing.status).toBe(404);
      expect(await missing.text()).toBe("<h1>missing</h1>");
      expect((await fetch(`${running.url}/`, { method: "POST" })).status).toBe(405);
    } finally {
      await running.close();
    }
  });

  it("refuses a directory without a built site", async () => {
    await expect(serveSite({ out: join(dir, "empty"), port: 0 })).rejects.toThrow(/no built site/);
  });
});

describe("build helpers", () => {
  it("lists the built pages as site paths", () => {
    expect(builtPages(site)).toEqual(["/", "/5w"]);
  });

  it("clears cached data-loader output but keeps Framework's module cache", () => {
    const cache = join(dir, "cache");
    mkdirSync(join(cache, "data"), { recursive: true });
    mkdirSync(join(cache, "_node", "d3@7"), { recursive: true });
    writeFileSync(join(cache, "data", "reach.json"), "{}");
    writeFileSync(join(cache, "_build.json"), "{}");
    expect(clearLoaderCache(cache)).toEqual(["data"]);
    expect(clearLoaderCache(cache)).toEqual([]);
    expect(clearLoaderCache(join(dir, "no-cache"))).toEqual([]);
  });
});
