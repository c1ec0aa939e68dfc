// Copying text without furigana, or with it in brackets.
"use strict";

const BLOCKS = new Set(["P", "H1", "H2", "DIV", "HEADER", "MAIN", "BODY"]);

// Text of one range. "plain" skips furigana; "brackets" writes 停戦[ていせん]
// for each ruby the range touches, always with its whole reading.
function rangeText(range, mode) {
  let out = "";
  const newline = () => { if (out && !out.endsWith("\n")) out += "\n"; };
  const walk = (node) => {
    if (!range.intersectsNode(node)) return;
    if (node.nodeType === Node.TEXT_NODE) {
      if (BLOCKS.has(node.parentNode.tagName) && !node.data.trim()) return;  // markup whitespace
      let s = node.data;
      if (node === range.endContainer) s = s.slice(0, range.endOffset);
      if (node === range.startContainer) s = s.slice(range.startOffset);
      out += s;
      return;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    const tag = node.tagName;
    if (tag === "RT" || tag === "RP" || tag === "SCRIPT" || tag === "STYLE" || node === popup) return;
    // The English of the bilingual modes (bilingual.js) is not part of the Japanese text:
    // a selection of English alone is left to the browser's own copy.
    if (node.classList.contains("en") || node.classList.contains("en-p")) return;
    const before = out.length;
    const block = BLOCKS.has(tag);
    if (block) newline();
    for (const c of node.childNodes) walk(c);
    if (block) newline();
    if (tag === "RUBY" && mode === "brackets") {
      const rt = node.querySelector("rt");
      if (out.length === before) {  // only the reading was selected: give the base too
        for (const c of node.childNodes) if (c.nodeType === Node.TEXT_NODE) out += c.data;
      }
      if (rt && rt.textContent) out += "[" + rt.textContent + "]";
    }
  };
  walk(range.commonAncestorContainer);
  return out;
}

function copyText(mode) {
  const sel = getSelection();
  if (!sel || sel.isCollapsed) return "";
  const parts = [];
  for (let n = 0; n < sel.rangeCount; n++) parts.push(rangeText(sel.getRangeAt(n), mode));
  return parts.join("\n").replace(/^\n+|\n+$/g, "");
}

// Ctrl+C (or Qt's copy action) never copies furigana.
document.addEventListener("copy", (e) => {
  const text = copyText("plain");
  if (!text || !e.clipboardData) return;
  e.clipboardData.setData("text/plain", text);
  e.preventDefault();
});
