// Small-number suppression on a table of cells: primary suppression of small counts, then complementary
// suppression until no published total or maximum gives a withheld cell away.
//
// A cell is one count of one row (reach-admin2 row 12, column "reached"). The caller says how cells
// relate (suppress-rules.ts builds the relations from the dataset declarations):
//   - a SUM group: cells that add up to a total someone can read (in this dataset or another one). If
//     exactly one cell of the group is withheld, total − the others gives it back: the smallest other
//     non-zero cell is withheld too (or, when there is none, the total, which is then small itself);
//   - a MAX group: a target cell that is the maximum of its members (the overall 'ALL' figure of an
//     area and group is the max over its AoRs). A shown target equal only to withheld members gives them
//     away, so it is withheld; a withheld target whose members are all shown is their max, so the
//     members equal to it are withheld.
// Zero is not a small number: 0 stays 0 (nobody reached identifies nobody), and a 0 is never chosen as
// a complement (withholding it would hide nothing: the total still gives the small cell back).

export type CellState =
  /** published as is */
  | "shown"
  /** 1 ≤ value < threshold: published as "<threshold" */
  | "small"
  /** withheld so that a total or maximum cannot give a small or hidden cell back: published as null */
  | "complementary"
  /** never published (a sensitive AoR's admin2 figure): only there so that totals and maxima protect it */
  | "hidden";

export interface Cell {
  value: number | null;
  state: CellState;
}

export interface SumGroup {
  /** Which relation this is, for tests and debugging ("admin2 in admin1", "groups in area"). */
  kind: string;
  /** Cells that add up to the total. */
  members: number[];
  /** The total's cell when it is in the same table; absent when the total is published elsewhere. */
  total?: number;
}

export interface MaxGroup {
  kind: string;
  target: number;
  members: number[];
  /** Whether the target is withheld when only hidden members reach it (sensitive AoR figures). */
  guardHidden: boolean;
}

export function isSmall(value: number | null, threshold: number): boolean {
  return typeof value === "number" && value > 0 && value < threshold;
}

const positive = (c: Cell) => typeof c.value === "number" && c.value > 0;
/** Withheld with nothing said about its value (a "<5" cell is withheld too, but says it is small). */
const opaque = (c: Cell) => c.state === "complementary" || c.state === "hidden";
const withheld = (c: Cell) => c.state !== "shown";

/**
 * Marks the cells in place: primary suppression (small counts), then complementary suppression over the
 * sum and max groups until nothing changes. Returns how many cells were withheld as complements.
 */
export function suppressCells(cells: Cell[], sums: SumGroup[], maxes: MaxGroup[], threshold: number): number {
  for (const c of cells) if (c.state === "shown" && isSmall(c.value, threshold)) c.state = "small";
  let complements = 0;
  const withhold = (i: number) => {
    cells[i]!.state = "complementary";
    complements++;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const g of sums) {
      if (g.total !== undefined && withheld(cells[g.total]!)) continue; // two unknowns in one equation
      const unknown = g.members.filter((i) => withheld(cells[i]!) && positive(cells[i]!));
      if (unknown.length !== 1) continue;
      // the next smallest non-zero cell of the group (first in row order on ties)
      let best: number | undefined;
      for (const i of g.members) {
        const c = cells[i]!;
        if (c.state === "shown" && positive(c) && (best === undefined || c.value! < cells[best]!.value!)) best = i;
      }
      if (best !== undefined) withhold(best);
      else if (g.total !== undefined && positive(cells[g.total]!)) withhold(g.total);
      else continue;
      changed = true;
    }
    for (const m of maxes) {
      const target = cells[m.target]!;
      if (typeof target.value !== "number") continue;
      const members = m.members.map((i) => [i, cells[i]!] as const).filter(([, c]) => typeof c.value === "number");
      if (target.state === "shown") {
        const atMax = members.filter(([, c]) => c.value === target.value);
        if (!atMax.length || atMax.some(([, c]) => c.state === "shown")) continue;
        if (atMax.every(([, c]) => c.state === "hidden") && !m.guardHidden) continue;
        withhold(m.target);
        changed = true;
      } else if (target.state === "complementary" && members.every(([, c]) => !opaque(c))) {
        for (const [i, c] of members) {
          if (c.state === "shown" && c.value === target.value && positive(c)) {
            withhold(i);
            changed = true;
          }
        }
      }
    }
  }
  return complements;
}
