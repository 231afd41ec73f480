// How the pages start: the data they fetch on opening is asked for in a cell without imports. A cell that
// imports waits for its modules (Plot, d3, the components) before its body runs, and on the demo's /5w that
// held the data requests back ~400 ms after the document was parsed.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const SRC = "src";
const pages = readdirSync(SRC).filter((f) => f.endsWith(".md") && f !== "README.md");
const cells = (page: string) => [...readFileSync(join(SRC, page), "utf8").matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]!);
/** a file read as the page opens: FileAttachment(…).json() and the like, not a FileAttachment kept for later */
const EAGER = /FileAttachment\([^)]*\)\.(json|csv|tsv|text|arrow|parquet|arrayBuffer|blob|image|zip|xlsx)\(/;

describe("site pages", () => {
  it("are found", () => {
    expect(pages).toContain("5w.md");
    expect(pages.length).toBeGreaterThanOrEqual(10);
  });

  it.each(pages)("%s fetches its opening data from cells without imports", (page) => {
    const all = cells(page);
    const eager = all.filter((c) => EAGER.test(c));
    for (const c of eager) expect(c, `${page}: a cell reads a file and imports`).not.toMatch(/^\s*import\s/m);
    // the first cell is the data, so it is the first thing the runtime starts
    if (eager.length) expect(EAGER.test(all[0]!), `${page}: the first cell is not the data`).toBe(true);
  });
});
