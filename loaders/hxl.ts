// HXL hashtags: parsing, the hashtag-row rule and tag patterns, after libhxl.
export interface HxlTag {
  tag: string;
  attrs: Set<string>;
  text: string;
}

const HASHTAG = /^\s*#([a-z][a-z0-9_]*)((?:\s*[+]\s*[a-z][a-z0-9_]*)*)\s*$/i;

export function parseHashtag(cell: string | null | undefined): HxlTag | null {
  if (!cell) return null;
  const m = HASHTAG.exec(cell);
  if (!m) return null;
  const attrs = new Set(
    m[2]!
      .split("+")
      .map((a) => a.trim().toLowerCase())
      .filter(Boolean)
  );
  const tag = m[1]!.toLowerCase();
  return { tag, attrs, text: `#${tag}${[...attrs].map((a) => `+${a}`).join("")}` };
}

/** libhxl: a row is the hashtag row when more than half of its non-empty cells are hashtags. */
export function isHashtagRow(cells: readonly (string | null)[]): boolean {
  const filled = cells.filter((c) => c !== null && String(c).trim() !== "");
  if (filled.length === 0) return false;
  const tags = filled.filter((c) => parseHashtag(String(c)) !== null).length;
  return tags / filled.length > 0.5;
}

export interface HxlPattern {
  tag: string;
  include: string[];
  exclude: string[];
}

export function parsePattern(pattern: string): HxlPattern {
  const m = /^#([a-z0-9_]+)(.*)$/i.exec(pattern.replace(/\s+/g, ""));
  if (!m) throw new Error(`invalid hxl pattern: ${pattern}`);
  const include: string[] = [];
  const exclude: string[] = [];
  for (const part of m[2]!.match(/[+-][a-z0-9_]+/gi) ?? []) (part[0] === "+" ? include : exclude).push(part.slice(1).toLowerCase());
  return { tag: m[1]!.toLowerCase(), include, exclude };
}

/** Specificity of a match (1 + attributes required), or 0 when the tag does not match. */
export function matchPattern(tag: HxlTag, pattern: HxlPattern): number {
  if (tag.tag !== pattern.tag) return 0;
  if (!pattern.include.every((a) => tag.attrs.has(a))) return 0;
  if (pattern.exclude.some((a) => tag.attrs.has(a))) return 0;
  return 1 + pattern.include.length;
}
