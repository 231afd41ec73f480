import type { DuckDBConnection } from "@duckdb/node-api";
import { ident } from "../warehouse/sql.ts";

/** DuckDBConnection's methods that take a statement as their first argument */
const SQL_METHODS = new Set(["run", "runAndRead", "runAndReadAll", "runAndReadUntil", "stream", "streamAndRead", "streamAndReadAll", "streamAndReadUntil", "start", "startThenRead", "startThenReadAll", "startThenReadUntil", "startStream", "startStreamThenRead", "startStreamThenReadAll", "startStreamThenReadUntil", "prepare", "extractStatements"]);

/**
 * The typed table `v` has no column for a field the sheet lacks (and has no fallback for): such a column would be
 * NULL in every row, and a million-row 5W lacks about 16 fields of 38, so writing them (value and raw id) took
 * 0.3–0.5 s of the 1.0–1.4 s that building v costs (bench/README). Checks, derivations and inserts written for every
 * field still work: this connection adds a left-out column to v, all NULL, just before the first statement that
 * names it (an ALTER of 1–4 columns: 5–17 ms). A name found in a string literal or another table's column only adds a
 * column that no statement reads; a statement can reach a column only by naming it (v's `*` lists what it holds).
 */
export function withAbsentColumns(conn: DuckDBConnection, table: string, absent: Map<string, string>): DuckDBConnection {
  const left = new Map([...absent].map(([name, type]) => [name.toLowerCase(), { name, type }]));
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  // whole identifiers only: "reached" is not found in "reached_men" or "r_reached"
  const pattern = () => new RegExp(`(?<![\\w$])(${[...left.keys()].map(escape).join("|")})(?![\\w$])`, "gi");
  let names = left.size ? pattern() : null;
  const ensure = async (sql: unknown) => {
    if (!names || typeof sql !== "string") return;
    const found = new Set([...sql.matchAll(names)].map((m) => m[1]!.toLowerCase()));
    if (found.size === 0) return;
    const add = [...found].map((n) => left.get(n)!);
    for (const n of found) left.delete(n);
    names = left.size ? pattern() : null;
    await conn.run(add.map((c) => `ALTER TABLE ${ident(table)} ADD COLUMN ${ident(c.name)} ${c.type}`).join("; "));
  };
  return new Proxy(conn, {
    get(target, prop) {
      if (typeof prop === "string" && SQL_METHODS.has(prop)) {
        const method = (Reflect.get(target, prop, target) as (...args: unknown[]) => Promise<unknown>).bind(target);
        return async (sql: unknown, ...rest: unknown[]) => {
          await ensure(sql);
          return method(sql, ...rest);
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    }
  });
}
