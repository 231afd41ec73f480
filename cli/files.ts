// Expands the files and folders given on the command line into data files, in a stable order.
import { readdirSync, statSync, existsSync } from "node:fs";
import { join } from "node:path";
import { formatOf } from "../loaders/file-facts.ts";

const SKIP = /^(\.|~\$)|\.(md|txt|pdf|docx?)$/i;

export function expandPaths(inputs: string[]): string[] {
  const out: string[] = [];
  for (const input of inputs) {
    if (existsSync(input) && statSync(input).isDirectory()) {
      for (const name of readdirSync(input).sort()) {
        if (SKIP.test(name)) continue;
        const p = join(input, name);
        if (statSync(p).isDirectory()) out.push(...expandPaths([p]));
        else if (formatOf(p) || /\.(xls|zip)$/i.test(name)) out.push(p);
      }
    } else {
      out.push(input);
    }
  }
  return out;
}

/** Boundaries first, then p-code lists and population, then everything that is matched against them. */
export function orderForIngest(files: string[]): string[] {
  const rank = (p: string) => {
    const n = p.toLowerCase();
    if (/\.(geo|topo)json$/.test(n) || /admbnda|boundar|_adm\d?\.|adm\d_/.test(n)) return 0;
    if (/pcode/.test(n)) return 1;
    if (/pop/.test(n)) return 2;
    return 3;
  };
  return files.map((p, i) => ({ p, i, r: rank(p) })).sort((a, b) => a.r - b.r || a.i - b.i).map((x) => x.p);
}
