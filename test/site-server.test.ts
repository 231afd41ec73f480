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
writeFileSync(join(site, "_file", "data", "reach.0a1b2c3d.json"), "[]");
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

  it("lets browsers keep content-named files for good and revalidates pages", async () => {
    const running = await serveSite({ out: site, port: 0 });
    try {
      const asset = await fetch(`${running.url}/_file/data/reach.0a1b2c3d.json`);
      expect(asset.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      expect(await asset.text()).toBe("[]");
      // no hash in the name: the same name may hold other content after a rebuild
      const unhashed = await fetch(`${running.url}/_file/data/reach.json`);
      expect(unhashed.headers.get("cache-control")).toBe("no-cache");
      // every body read: an unread one keeps its connection busy, and close() waits for it
      await unhashed.text();
      const page = await fetch(`${running.url}/5w`);
      expect(page.headers.get("cache-control")).toBe("no-cache");
      await page.text();
      const etag = page.headers.get("etag")!;
      expect(etag).toMatch(/^"[0-9a-z]+-[0-9a-z]+"$/);
      const again = await fetch(`${running.url}/5w`, { headers: { "If-None-Match": etag } });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe("");
      writeFileSync(join(site, "5w.html"), "<h1>5w, rebuilt</h1>");
      const rebuilt = await fetch(`${running.url}/5w`, { headers: { "If-None-Match": etag } });
      expect(rebuilt.status).toBe(200);
      expect(await rebuilt.text()).toBe("<h1>5w, rebuilt</h1>");
      const missing = await fetch(`${running.url}/nope`);
      expect(missing.headers.get("cache-control")).toBe("no-store");
      expect(missing.headers.get("etag")).toBeNull();
      await missing.text();
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
