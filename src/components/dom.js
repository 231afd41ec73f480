// Building DOM without HTML strings: every string becomes a text node, never markup, so organisation
// names, activity names and raw cell values from partner files cannot inject anything.
// (htl 1.0.0 in node_modules exports only an "import" condition, which Framework 1.13's node resolver
// cannot load; this helper covers what the pages need.)

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false || child === "") continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** el("p", {class: "note"}, "text", otherNode): attributes via setAttribute, listeners via on…. */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = String(value);
    else if (key === "style" && typeof value === "object") Object.assign(node.style, value);
    else if (/^on[a-z]+$/.test(key)) {
      if (typeof value === "function") node.addEventListener(key.slice(2), value);
    } else node.setAttribute(key, value === true ? "" : String(value));
  }
  return append(node, children);
}

/** Several nodes as one fragment. */
export function frag(...children) {
  return append(document.createDocumentFragment(), children);
}
