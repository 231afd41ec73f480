// The analysts' narrative on the PAU page: plain text blocks (paragraphs, list items) built as text nodes,
// and a visible "missing" marker wherever the narrative file lacks a part — the tool never writes analysis.
import {el} from "./dom.js";

/** A missing part of the PAU, said where the text would be. */
export function missing(what, hint = null) {
  return el("p", {class: "pau-missing", role: "note"}, el("strong", {}, "Missing: "), what, hint ? ` — ${hint}` : "");
}

/** Paragraphs and bullet items of one narrative block (from pau-meta's parsed narrative). */
export function textBlock(block) {
  const out = [];
  let list = null;
  for (const b of block ?? []) {
    if (b.kind === "li") {
      if (!list) out.push((list = el("ul")));
      list.append(el("li", {}, b.text));
    } else {
      list = null;
      out.push(el("p", {}, b.text));
    }
  }
  return el("div", {class: "pau-text"}, out);
}

/** The problems found in the narrative file, for the analysts (never fatal). */
export function narrativeProblems(narrative) {
  const problems = narrative?.problems ?? [];
  if (!problems.length) return null;
  return el("div", {class: "data-note pau-problems", role: "note"}, el("strong", {}, `Narrative file ${narrative.file}: ${problems.length} problem${problems.length > 1 ? "s" : ""}`), el("ul", {}, problems.map((p) => el("li", {}, p))));
}
