// Pipeline models: one .sql file per table, a `-- depends:` header naming its inputs, run in dependency order.
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { UserError } from "../warehouse/errors.ts";
import { PROJECT_ROOT } from "../warehouse/project-root.ts";

export const MODELS_DIR = join(PROJECT_ROOT, "pipelines", "models");

export interface Model {
  /** the table the model creates (its file name without .sql) */
  name: string;
  /** tables and models it reads, from its `-- depends:` header */
  depends: string[];
  /** the SELECT (or WITH … SELECT) that defines the table */
  sql: string;
}

const NAME = /^[a-z_][a-z0-9_]*$/;

export function parseModel(name: string, text: string): Model {
  if (!NAME.test(name)) throw new UserError(`invalid model name: ${name}`);
  const header = /^\s*(?:--[^\n]*\n\s*)*?--\s*depends:([^\n]*)/.exec(text);
  if (!header) throw new UserError(`model without a "-- depends:" header: ${name}`);
  const depends = header[1]!
    .split(",")
    .map((d) => d.trim())
    .filter((d) => d.length > 0);
  const sql = text.trim().replace(/;\s*$/, "");
  return { name, depends, sql };
}

export function loadModels(dir = MODELS_DIR): Model[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".sql"))
    .sort()
    .map((f) => parseModel(basename(f, ".sql"), readFileSync(join(dir, f), "utf8")));
}

/**
 * Models in an order where each comes after the models it depends on (ties alphabetical).
 * `sources` are the tables that exist without a model (canonical tables, config tables).
 */
export function orderModels(models: Model[], sources: ReadonlySet<string>): Model[] {
  const byName = new Map(models.map((m) => [m.name, m]));
  for (const m of models) {
    for (const d of m.depends) {
      if (!byName.has(d) && !sources.has(d)) throw new UserError(`unknown input: ${d} (in model ${m.name})`);
    }
  }
  const ordered: Model[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (m: Model, path: string[]) => {
    if (state.get(m.name) === "done") return;
    if (state.get(m.name) === "visiting") {
      const cycle = [...path.slice(path.indexOf(m.name)), m.name];
      throw new UserError(`dependency cycle: ${cycle.join(" -> ")}`);
    }
    state.set(m.name, "visiting");
    for (const d of [...m.depends].sort()) {
      const dep = byName.get(d);
      if (dep) visit(dep, [...path, m.name]);
    }
    state.set(m.name, "done");
    ordered.push(m);
  };
  for (const m of [...models].sort((a, b) => a.name.localeCompare(b.name))) visit(m, []);
  return ordered;
}
