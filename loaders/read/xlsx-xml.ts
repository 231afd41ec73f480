// XML helpers of the fast XLSX reader: text decoding (entities, line ends, Excel's _xHHHH_ escapes), a
// small tag tokenizer for the small parts (workbook, relationships, styles), number-format date
// detection, and a streaming parser for the shared strings table.

// ---------------------------------------------------------------------------------------------------
// text

const ENTITY = /&(?:#(\d+)|#x([0-9a-fA-F]+)|(amp|lt|gt|quot|apos));/g;
const NAMED: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** XML character and entity references; an unknown entity is left as written. */
export function decodeEntities(t: string): string {
  if (t.indexOf("&") < 0) return t;
  return t.replace(ENTITY, (m, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (name) return NAMED[name]!;
    const code = dec !== undefined ? parseInt(dec, 10) : parseInt(hex!, 16);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
  });
}

const X_ESCAPE = /_x([0-9A-Fa-f]{4})_/g;

/** Text content as a parser reports it: line ends normalised (XML 1.0 §2.11: CR LF and CR become LF;
 *  a CR written as &#13; stays), references decoded, then Excel's _xHHHH_ escapes (_x000D_ is a CR,
 *  _x005F_ a literal underscore) decoded. */
export function decodeText(raw: string): string {
  let t = raw;
  if (t.indexOf("\r") >= 0) t = t.replace(/\r\n?/g, "\n");
  if (t.indexOf("&") >= 0) t = decodeEntities(t);
  if (t.indexOf("_x") >= 0) t = t.replace(X_ESCAPE, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return t;
}

const lineEnds = (raw: string) => (raw.indexOf("\r") >= 0 ? raw.replace(/\r\n?/g, "\n") : raw);
const xEscapes = (t: string) => (t.indexOf("_x") >= 0 ? t.replace(X_ESCAPE, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : t);

/** Text of an element starting at `from` (just after its start tag) up to the next tag, with CDATA
 *  sections; `escapes`: decode _xHHHH_ too (string values, not error codes). Returns the text and the
 *  position of the '<' that ends it (-1: the end is not in `s`). */
export function readText(s: string, from: number, escapes: boolean): [string, number] {
  let end = s.indexOf("<", from);
  if (end < 0) return ["", -1];
  if (s.charCodeAt(end + 1) !== 33 /* ! */) {
    const raw = s.slice(from, end);
    return [escapes ? decodeText(raw) : decodeEntities(lineEnds(raw)), end];
  }
  // mixed text and CDATA sections (spreadsheet writers do not use them, but XML allows them)
  let out = "";
  let p = from;
  for (;;) {
    end = s.indexOf("<", p);
    if (end < 0) return ["", -1];
    out += decodeEntities(lineEnds(s.slice(p, end)));
    if (!s.startsWith("<![CDATA[", end)) break;
    const close = s.indexOf("]]>", end + 9);
    if (close < 0) return ["", -1];
    out += lineEnds(s.slice(end + 9, close));
    p = close + 3;
  }
  return [escapes ? xEscapes(out) : out, end];
}

// ---------------------------------------------------------------------------------------------------
// small parts: a tokenizer good enough for workbook.xml, relationships and styles.xml

export interface Tag {
  /** local name (without a namespace prefix) */
  name: string;
  close: boolean;
  selfClose: boolean;
  /** attributes by their full name, values decoded */
  attrs: Record<string, string>;
}

const TAG = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;
const ATTR = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

export function* tags(xml: string): Generator<Tag> {
  TAG.lastIndex = 0;
  for (let m = TAG.exec(xml); m; m = TAG.exec(xml)) {
    const full = m[2]!;
    const attrs: Record<string, string> = {};
    if (m[3]) {
      ATTR.lastIndex = 0;
      for (let a = ATTR.exec(m[3]); a; a = ATTR.exec(m[3])) attrs[a[1]!] = decodeEntities((a[2] ?? a[3] ?? "").replace(/[\t\n\r]/g, " "));
    }
    yield { name: full.slice(full.indexOf(":") + 1), close: m[1] === "/", selfClose: m[4] === "/", attrs };
  }
}

/** An attribute by local name, whatever its prefix (r:id, relationships:id…). */
function attrByLocalName(attrs: Record<string, string>, local: string, prefixed: boolean): string | undefined {
  for (const [k, v] of Object.entries(attrs)) {
    const i = k.indexOf(":");
    if ((prefixed ? i >= 0 : i < 0) && k.slice(i + 1) === local) return v;
  }
  return undefined;
}

export interface WorkbookSheet {
  name: string;
  hidden: boolean;
  rId: string | undefined;
}

export function parseWorkbook(xml: string): { sheets: WorkbookSheet[]; date1904: boolean } {
  const sheets: WorkbookSheet[] = [];
  let date1904 = false;
  let inSheets = false;
  for (const t of tags(xml)) {
    if (t.name === "sheets") inSheets = !t.close && !t.selfClose;
    else if (t.name === "sheet" && inSheets && !t.close) {
      const state = t.attrs.state;
      sheets.push({ name: t.attrs.name ?? "", hidden: state === "hidden" || state === "veryHidden", rId: attrByLocalName(t.attrs, "id", true) });
    } else if (t.name === "workbookPr" && !t.close) {
      const v = t.attrs.date1904;
      date1904 = v === "1" || v === "true";
    }
  }
  return { sheets, date1904 };
}

export interface Relationship {
  type: string;
  /** zip entry name the target resolves to (null for external targets) */
  entry: string | null;
}

/** Relationships of a part in folder `base` (e.g. "xl/"), targets resolved to entry names. */
export function parseRels(xml: string, base: string): Map<string, Relationship> {
  const rels = new Map<string, Relationship>();
  for (const t of tags(xml)) {
    if (t.name !== "Relationship" || t.close) continue;
    const id = t.attrs.Id;
    const target = t.attrs.Target;
    if (!id || target === undefined) continue;
    const external = t.attrs.TargetMode === "External";
    rels.set(id, { type: t.attrs.Type ?? "", entry: external ? null : resolveTarget(base, target) });
  }
  return rels;
}

function resolveTarget(base: string, target: string): string {
  let t = target.replace(/\\/g, "/");
  try {
    t = decodeURIComponent(t);
  } catch {
    // a literal % in a name
  }
  const parts = t.startsWith("/") ? [] : base.split("/").filter(Boolean);
  for (const p of t.split("/")) {
    if (p === "" || p === ".") continue;
    if (p === "..") parts.pop();
    else parts.push(p);
  }
  return parts.join("/");
}

// ---------------------------------------------------------------------------------------------------
// number formats

/** Built-in formats that are dates or times: 14–22, 45–47 and the East Asian date formats 27–36, 50–58. */
function isBuiltInDate(id: number): boolean {
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
}

/** A custom format code is a date when a date or time part (d m y h s, or b for Buddhist years) appears
 *  outside quoted text, [colours/conditions/locales], backslash-escaped characters and the _x / *x
 *  padding and fill characters. Case does not matter (LibreOffice writes DD/MM/YYYY). */
export function isDateFormatCode(code: string): boolean {
  for (let i = 0; i < code.length; i++) {
    const c = code[i]!;
    if (c === '"') {
      const end = code.indexOf('"', i + 1);
      if (end < 0) return false;
      i = end;
    } else if (c === "[") {
      const end = code.indexOf("]", i + 1);
      if (end < 0) return false;
      i = end;
    } else if (c === "\\" || c === "_" || c === "*") i++;
    else if ("dmyhsbDMYHSB".includes(c)) return true;
  }
  return false;
}

/** For each cellXfs index: 1 when its number format is a date. */
export function parseDateStyles(xml: string): Uint8Array {
  const custom = new Map<number, string>();
  const xfFormats: number[] = [];
  let inCellXfs = false;
  let inNumFmts = false;
  for (const t of tags(xml)) {
    if (t.name === "numFmts") inNumFmts = !t.close && !t.selfClose;
    else if (t.name === "cellXfs") inCellXfs = !t.close && !t.selfClose;
    else if (t.close) continue;
    else if (t.name === "numFmt" && inNumFmts) {
      const id = parseInt(t.attrs.numFmtId ?? "", 10);
      if (Number.isFinite(id) && t.attrs.formatCode !== undefined) custom.set(id, t.attrs.formatCode);
    } else if (t.name === "xf" && inCellXfs) xfFormats.push(parseInt(t.attrs.numFmtId ?? "0", 10) || 0);
  }
  const out = new Uint8Array(xfFormats.length);
  for (let i = 0; i < xfFormats.length; i++) {
    const id = xfFormats[i]!;
    const code = custom.get(id);
    out[i] = (code !== undefined ? isDateFormatCode(code) : isBuiltInDate(id)) ? 1 : 0;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// shared strings, streamed

const isDelim = (c: number) => c === 32 || c === 62 || c === 47 || c === 9 || c === 10 || c === 13;

/** Feed decoded chunks of sharedStrings.xml; `strings` grows as <si> items complete. An empty item is
 *  null (as exceljs has it: a cell pointing at it is empty), rich text is its runs joined, phonetic
 *  guides (<rPh>) are left out. */
export class SharedStringsParser {
  readonly strings: (string | null)[] = [];
  private rest = "";
  private pfx: string | null = null;
  private siOpen = "<si";
  private siClose = "</si>";

  feed(chunk: string, final = false): void {
    const s = this.rest + chunk;
    this.rest = "";
    let pos = 0;
    if (this.pfx === null) {
      const root = rootPrefix(s);
      if (root === null) {
        if (final) return;
        this.rest = s;
        return;
      }
      this.pfx = root.prefix;
      this.siOpen = `<${root.prefix}si`;
      this.siClose = `</${root.prefix}si>`;
      pos = root.end;
    }
    const P = this.pfx.length;
    for (;;) {
      const lt = s.indexOf(this.siOpen, pos);
      if (lt < 0) {
        // keep a possible "<s" / "<x:s" split at the end
        const last = s.lastIndexOf("<");
        if (!final && last >= pos) this.rest = s.slice(last);
        return;
      }
      const after = s.charCodeAt(lt + 3 + P);
      if (after !== after) {
        if (!final) this.rest = s.slice(lt);
        return;
      }
      if (!isDelim(after)) {
        pos = lt + 3;
        continue;
      }
      const gt = s.indexOf(">", lt);
      if (gt < 0) {
        if (!final) this.rest = s.slice(lt);
        return;
      }
      if (s.charCodeAt(gt - 1) === 47) {
        this.strings.push(null);
        pos = gt + 1;
        continue;
      }
      const end = s.indexOf(this.siClose, gt);
      if (end < 0) {
        if (!final) this.rest = s.slice(lt);
        return;
      }
      this.strings.push(richText(s, gt + 1, end, P));
      pos = end + this.siClose.length;
    }
  }
}

/** The text of a shared string item (<si>) or inline string (<is>) between `a` and `b`: its <t> elements
 *  joined, phonetic guides (<rPh>) left out; null when empty and not rich text. */
export function richText(s: string, a: number, b: number, P: number): string | null {
  // fast path: <t>plain</t> or <t xml:space="preserve">plain</t>
  if (s.charCodeAt(a) === 60 && s.charCodeAt(a + 1 + P) === 116 && isDelim(s.charCodeAt(a + 2 + P))) {
    const gt = s.indexOf(">", a);
    if (s.charCodeAt(gt - 1) !== 47) {
      const te = s.indexOf("<", gt + 1);
      if (te > 0 && s.charCodeAt(te + 1) === 47 && s.indexOf(">", te) + 1 === b) {
        const raw = s.slice(gt + 1, te);
        const text = raw.indexOf("&") >= 0 || raw.indexOf("_x") >= 0 || raw.indexOf("\r") >= 0 ? decodeText(raw) : raw;
        return text === "" ? null : text;
      }
    }
  }
  let out = "";
  let runs = false;
  let k = a;
  while (k < b) {
    const lt = s.indexOf("<", k);
    if (lt < 0 || lt >= b) break;
    if (s.charCodeAt(lt + 1) === 47) {
      k = lt + 2;
      continue;
    }
    const c = s.charCodeAt(lt + 1 + P);
    const gt = s.indexOf(">", lt);
    if (gt < 0 || gt >= b) break; // malformed: a tag that never ends
    const self = s.charCodeAt(gt - 1) === 47;
    if (c === 116 && isDelim(s.charCodeAt(lt + 2 + P))) {
      // <t>
      if (self) {
        k = gt + 1;
        continue;
      }
      const [text, end] = readText(s, gt + 1, true);
      out += text;
      k = end < 0 ? b : end;
    } else if (c === 114 && isDelim(s.charCodeAt(lt + 2 + P))) {
      // <r>: a rich-text run
      runs = true;
      k = gt + 1;
    } else if (c === 114 && s.charCodeAt(lt + 2 + P) === 80 && s.charCodeAt(lt + 3 + P) === 104 && isDelim(s.charCodeAt(lt + 4 + P))) {
      // <rPh>: a phonetic guide, not part of the text
      const end = self ? gt : s.indexOf(`</${s.slice(lt + 1, lt + 1 + P)}rPh>`, gt);
      k = end < 0 || end >= b ? b : end + 1;
    } else k = gt + 1;
  }
  return out === "" && !runs ? null : out;
}

/** The namespace prefix of the document's root element ("" or "x:") and where its start tag ends;
 *  null when the root element is not complete in `s` yet. */
export function rootPrefix(s: string): { prefix: string; end: number } | null {
  let p = 0;
  for (;;) {
    const lt = s.indexOf("<", p);
    if (lt < 0) return null;
    const c = s.charCodeAt(lt + 1);
    if (c === 63 /* ? */) {
      const e = s.indexOf("?>", lt);
      if (e < 0) return null;
      p = e + 2;
    } else if (c === 33 /* ! */) {
      const e = s.startsWith("<!--", lt) ? s.indexOf("-->", lt) : s.indexOf(">", lt);
      if (e < 0) return null;
      p = e + 1;
    } else if (c !== c) return null;
    else {
      const gt = s.indexOf(">", lt);
      if (gt < 0) return null;
      let n = lt + 1;
      while (n < gt && !isDelim(s.charCodeAt(n))) n++;
      const name = s.slice(lt + 1, n);
      const colon = name.indexOf(":");
      return { prefix: colon >= 0 ? name.slice(0, colon + 1) : "", end: gt + 1 };
    }
  }
}
