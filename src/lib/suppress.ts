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
function complementRules(cells: Cell[], sums: SumGroup[], maxes: MaxGroup[], threshold: number): number {
  let complements = 0;
  const withhold = (i: number) => {
    cells[i]!.state = "complementary";
    complements++;
  };
  /** The smallest shown non-zero cell of a list (first on ties). */
  const smallestShown = (list: number[]) => {
    let best: number | undefined;
    for (const i of list) {
      const c = cells[i]!;
      if (c.state === "shown" && positive(c) && (best === undefined || c.value! < cells[best]!.value!)) best = i;
    }
    return best;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const g of sums) {
      // the withheld non-zero cells of the equation, its total included when the total is a cell
      const unknown = [...g.members, ...(g.total !== undefined ? [g.total] : [])].filter((i) => withheld(cells[i]!) && positive(cells[i]!));
      if (!unknown.length) continue;
      // one unknown: the equation gives it back. Only "<5" cells: their sum is known and each is bounded
      // by 1..threshold-1, so 4 + 4 = 8 gives both back; an opaque complement leaves each its whole range.
      if (unknown.length > 1 && unknown.some((i) => cells[i]!.state !== "small")) continue;
      const best = smallestShown(g.members) ?? (g.total !== undefined && cells[g.total]!.state === "shown" && positive(cells[g.total]!) ? g.total : undefined);
      if (best === undefined) continue;
      withhold(best);
      changed = true;
    }
    for (const m of maxes) {
      const target = cells[m.target]!;
      if (typeof target.value !== "number") continue;
      const members = m.members.map((i) => [i, cells[i]!] as const).filter(([, c]) => typeof c.value === "number");
      if (target.state === "shown") {
        if (members.some(([, c]) => c.state === "shown" && c.value === target.value)) continue;
        // the maximum is one of the withheld members: a "<5" one cannot reach a shown target of 5 or more
        const candidates = members.filter(([, c]) => opaque(c) || (c.state === "small" && target.value! < threshold));
        if (candidates.length >= 2 || !positive(target)) continue;
        if (candidates.length && candidates.every(([, c]) => c.state === "hidden") && !m.guardHidden) continue;
        withhold(m.target);
        changed = true;
      } else if (opaque(target)) {
        // a withheld maximum is the largest shown member unless a withheld member may exceed it
        const shownMax = Math.max(-1, ...members.filter(([, c]) => c.state === "shown").map(([, c]) => c.value!));
        const mayExceed = members.some(([, c]) => opaque(c) || (c.state === "small" && shownMax < threshold - 1));
        if (mayExceed || shownMax <= 0) continue;
        for (const [i, c] of members) {
          if (c.state === "shown" && c.value === shownMax) {
            withhold(i);
            changed = true;
          }
        }
      }
    }
  }
  return complements;
}

/**
 * Marks the cells in place: primary suppression (small counts), complementary suppression by the rules
 * above, then an audit as an attacker would do it (interval propagation over every equation and
 * maximum, repeated until nothing narrows): a "<5" cell narrowed below 1…threshold-1, or a withheld one
 * pinned to one value, gets one more withheld cell in each of its equations, and the rules run again.
 * Returns how many cells were withheld as complements.
 */
export function suppressCells(cells: Cell[], sums: SumGroup[], maxes: MaxGroup[], threshold: number): number {
  for (const c of cells) if (c.state === "shown" && isSmall(c.value, threshold)) c.state = "small";
  let complements = complementRules(cells, sums, maxes, threshold);
  const sumsOf = new Map<number, SumGroup[]>();
  const maxesOf = new Map<number, MaxGroup[]>();
  const add = <G>(map: Map<number, G[]>, i: number, g: G) => {
    const list = map.get(i);
    if (list) list.push(g);
    else map.set(i, [g]);
  };
  for (const g of sums) for (const i of [...g.members, ...(g.total !== undefined ? [g.total] : [])]) add(sumsOf, i, g);
  for (const m of maxes) for (const i of [m.target, ...m.members]) add(maxesOf, i, m);
  for (let round = 0; round < 30; round++) {
    const { lo, hi } = propagateBounds(cells, sums, maxes, threshold);
    const leaks: number[] = [];
    cells.forEach((c, i) => {
      if (c.state === "small" && (lo[i]! > 1 || hi[i]! < threshold - 1)) leaks.push(i);
      else if ((c.state === "complementary" || c.state === "hidden") && positive(c) && hi[i]! - lo[i]! < 1) leaks.push(i);
    });
    for (const i of determinedCells(cells, sums, maxes)) if (!leaks.includes(i)) leaks.push(i);
    if (!leaks.length) break;
    let added = 0;
    const determined = new Set(determinedCells(cells, sums, maxes));
    for (const i of leaks) {
      if (cells[i]!.state === "shown") continue;
      const candidates = nearbyShown(i, cells, sumsOf, maxesOf);
      if (!determined.has(i)) {
        // narrowed by bounds: one more unknown in the nearest equation
        if (candidates[0] !== undefined) {
          cells[candidates[0]]!.state = "complementary";
          added++;
        }
        continue;
      }
      // determined exactly: the nearest shown cell whose withholding leaves it undetermined
      let fixed = false;
      for (const c of candidates.slice(0, 12)) {
        cells[c]!.state = "complementary";
        if (!determinedCells(cells, sums, maxes, i).includes(i)) {
          fixed = true;
          added++;
          break;
        }
        cells[c]!.state = "shown";
      }
      if (!fixed && candidates[0] !== undefined) {
        cells[candidates[0]]!.state = "complementary";
        added++;
      }
    }
    if (!added) break;
    complements += added + complementRules(cells, sums, maxes, threshold);
  }
  return complements;
}

/**
 * What a reader of every published figure can deduce about each cell by interval propagation: shown
 * cells are known, "<5" cells lie in 1…threshold-1, other withheld cells are ≥ 0; each equation and
 * maximum narrows the others, rounds repeated until nothing changes (or 60 rounds).
 */
export function propagateBounds(cells: Cell[], sums: SumGroup[], maxes: MaxGroup[], threshold: number): { lo: Float64Array; hi: Float64Array } {
  const n = cells.length;
  const lo = new Float64Array(n);
  const hi = new Float64Array(n);
  cells.forEach((c, i) => {
    if (c.state === "shown" && typeof c.value === "number") lo[i] = hi[i] = c.value;
    else if (c.state === "small") {
      lo[i] = 1;
      hi[i] = threshold - 1;
    } else {
      lo[i] = 0;
      hi[i] = Infinity;
    }
  });
  const integral = cells.map((c) => c.value === null || Number.isInteger(c.value));
  const set = (i: number, l: number, h: number): boolean => {
    if (integral[i]) {
      l = Math.ceil(l - 1e-9);
      h = Math.floor(h + 1e-9);
    }
    let changed = false;
    if (l > lo[i]! + 1e-9) {
      lo[i] = l;
      changed = true;
    }
    if (h < hi[i]! - 1e-9) {
      hi[i] = h;
      changed = true;
    }
    return changed;
  };
  const open = sums.filter((g) => [...g.members, ...(g.total !== undefined ? [g.total] : [])].some((i) => lo[i] !== hi[i]));
  const openMax = maxes.filter((m) => [m.target, ...m.members].some((i) => lo[i] !== hi[i]));
  for (let round = 0, changed = true; changed && round < 60; round++) {
    changed = false;
    for (const g of open) {
      if (g.total === undefined) continue; // a total published elsewhere, not a cell: nothing known to narrow with
      let sumLo = 0;
      let finiteHi = 0;
      let infinite = 0;
      for (const i of g.members) {
        sumLo += lo[i]!;
        if (hi[i] === Infinity) infinite++;
        else finiteHi += hi[i]!;
      }
      const t = g.total;
      if (set(t, sumLo, infinite ? Infinity : finiteHi)) changed = true;
      for (const i of g.members) {
        const othersLo = sumLo - lo[i]!;
        const othersHi = hi[i] === Infinity ? (infinite > 1 ? Infinity : finiteHi) : infinite ? Infinity : finiteHi - hi[i]!;
        if (set(i, lo[t]! - othersHi, hi[t]! - othersLo)) changed = true;
      }
    }
    for (const m of openMax) {
      const t = m.target;
      let maxLo = -Infinity;
      let maxHi = -Infinity;
      for (const i of m.members) {
        maxLo = Math.max(maxLo, lo[i]!);
        maxHi = Math.max(maxHi, hi[i]!);
      }
      if (set(t, maxLo, maxHi)) changed = true;
      for (const i of m.members) if (set(i, lo[i]!, hi[t]!)) changed = true;
      const reach = m.members.filter((i) => hi[i]! >= lo[t]! - 1e-9);
      if (reach.length === 1 && set(reach[0]!, lo[t]!, hi[reach[0]!]!)) changed = true;
    }
  }
  return { lo, hi };
}

/**
 * Withheld cells the published figures determine exactly by linear algebra alone: the equations (and
 * the maxima with one withheld member, taken as equalities) over the withheld cells, reduced to row
 * echelon form per connected group of cells; a cell whose row has no other withheld cell left is
 * determined. Catches what interval propagation cannot: x = 44 − s and z = 86 + s, added, give z + x.
 */
export function determinedCells(cells: Cell[], sums: SumGroup[], maxes: MaxGroup[], only?: number): number[] {
  const unknown = (i: number) => cells[i]!.state !== "shown" || cells[i]!.value === null;
  // coefficients: a sum row is total − Σ members; signs matter only for cancellation, so keep them
  const signed: Map<number, number>[] = [];
  for (const g of sums) {
    if (g.total === undefined) continue;
    const r = new Map<number, number>();
    for (const i of g.members) if (unknown(i)) r.set(i, (r.get(i) ?? 0) - 1);
    if (unknown(g.total)) r.set(g.total, (r.get(g.total) ?? 0) + 1);
    for (const [k, v] of r) if (v === 0) r.delete(k);
    if (r.size) signed.push(r);
  }
  for (const m of maxes) {
    const vars = m.members.filter(unknown);
    if (unknown(m.target) && vars.length === 1 && vars[0] !== m.target) signed.push(new Map([[m.target, 1], [vars[0]!, -1]]));
    else if (!unknown(m.target) && vars.length === 1 && !m.members.some((i) => !unknown(i) && cells[i]!.value === cells[m.target]!.value)) signed.push(new Map([[vars[0]!, 1]]));
  }
  // connected groups of withheld cells
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let r = x;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r)!;
    if (!parent.has(r)) parent.set(r, r);
    parent.set(x, r);
    return r;
  };
  for (const r of signed) {
    const [first, ...rest] = [...r.keys()];
    for (const k of rest) parent.set(find(k), find(first!));
  }
  const groups = new Map<number, Map<number, number>[]>();
  for (const r of signed) {
    const root = find([...r.keys()][0]!);
    const list = groups.get(root);
    if (list) list.push(r);
    else groups.set(root, [r]);
  }
  const out: number[] = [];
  for (const [root, eqs] of groups) {
    if (only !== undefined && (!parent.has(only) || find(only) !== root)) continue;
    // Gaussian elimination with sparse rows (Map column → coefficient)
    const pivots = new Map<number, Map<number, number>>();
    for (const eq of eqs) {
      const row = new Map(eq);
      for (;;) {
        let col: number | undefined;
        for (const k of row.keys()) if (pivots.has(k)) {
          col = k;
          break;
        }
        if (col === undefined) break;
        const p = pivots.get(col)!;
        const f = row.get(col)! / p.get(col)!;
        for (const [k, v] of p) {
          const nv = (row.get(k) ?? 0) - f * v;
          if (Math.abs(nv) < 1e-9) row.delete(k);
          else row.set(k, nv);
        }
      }
      if (!row.size) continue;
      const col = [...row.keys()].sort((a, b) => a - b)[0]!;
      // keep earlier pivot rows reduced by the new one, so a determined cell shows as a one-cell row
      for (const [pc, p] of pivots) {
        const v = p.get(col);
        if (v === undefined) continue;
        const f = v / row.get(col)!;
        for (const [k, rv] of row) {
          const nv = (p.get(k) ?? 0) - f * rv;
          if (Math.abs(nv) < 1e-9) p.delete(k);
          else p.set(k, nv);
        }
        void pc;
      }
      pivots.set(col, row);
    }
    for (const [col, row] of pivots) {
      if (row.size === 1 && positive(cells[col]!) && cells[col]!.state !== "shown") out.push(col);
    }
  }
  return out;
}

/** Shown non-zero cells of the relations around cell i, nearest first (breadth-first over relations), smallest first within a relation. */
function nearbyShown(start: number, cells: Cell[], sumsOf: Map<number, SumGroup[]>, maxesOf: Map<number, MaxGroup[]>): number[] {
  const out: number[] = [];
  const seenCells = new Set<number>([start]);
  const seenGroups = new Set<object>();
  let frontier = [start];
  for (let depth = 0; depth < 5 && frontier.length && out.length < 60; depth++) {
    const next: number[] = [];
    for (const i of frontier) {
      const groups: number[][] = [];
      for (const g of sumsOf.get(i) ?? []) {
        if (seenGroups.has(g)) continue;
        seenGroups.add(g);
        groups.push([...g.members, ...(g.total !== undefined ? [g.total] : [])]);
      }
      for (const m of maxesOf.get(i) ?? []) {
        if (seenGroups.has(m)) continue;
        seenGroups.add(m);
        groups.push([m.target, ...m.members]);
      }
      for (const list of groups) {
        const shown = list.filter((j) => cells[j]!.state === "shown" && positive(cells[j]!) && !out.includes(j)).sort((a, b) => cells[a]!.value! - cells[b]!.value!);
        out.push(...shown);
        for (const j of list) if (!seenCells.has(j) && cells[j]!.state !== "shown") {
          seenCells.add(j);
          next.push(j);
        }
      }
    }
    frontier = next;
  }
  return out;
}
