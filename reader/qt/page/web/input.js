// The mouse and the keyboard: hover, click, keys.
"use strict";

textEl.addEventListener("mouseover", (e) => {
  const tok = e.target.closest?.(".w") || null;
  if (tok === hoverTok) return stayOn();
  if (!tok && hoverTok && !popup.hidden) return leaveSoon();  // on the way to the popup's ▶?
  endHover();
  if (!tok) return;
  hoverTok = tok;
  hoverTimer = setTimeout(() => hoverRested(tok), HOVER_DELAY_MS);
});

// The popup's keys while it shows: S saves the word, K marks it known, I ignores it,
// E adds it to Anki, A says it.
// With the focus elsewhere the window's shortcuts do the same (window/vocabulary.py).
document.addEventListener("keydown", (e) => {
  if (!"skiea".includes(e.key) || !e.key || e.ctrlKey || e.altKey || e.metaKey || popup.hidden || !hoverTok) return;
  call("popupKey", e.key);
  e.preventDefault();
  e.stopImmediatePropagation();  // K is the popup's "known" here, not "previous sentence"
});

textEl.addEventListener("mouseout", (e) => {
  const to = e.relatedTarget;
  if (!hoverTok || (to && (hoverTok.contains(to) || onPlayButton(to)))) return;
  if (!popup.hidden && !to?.closest?.(".w")) return leaveSoon();  // on the way to the popup's ▶?
  endHover();
});

textEl.addEventListener("click", (e) => {
  if (e.button !== 0 || !getSelection().isCollapsed) return;  // not the end of a text selection
  const sent = e.target.closest?.(".s");
  if (!sent) return;
  const i = indexOf(sent);
  const tok = e.target.closest(".w");
  if (tok) {
    selectToken(tok);
    const kanji = kanjiAt(tok, e.clientX, e.clientY);
    if (kanji) call("kanjiClicked", i, Number(tok.dataset.t), kanji);
    else call("wordClicked", i, Number(tok.dataset.t));
  }
  setCurrent(sent);
  call("sentenceClicked", i);
});

// The kanji under the pointer, if the click landed on one (not on its furigana).
const KANJI = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
function kanjiAt(tok, x, y) {
  const at = document.caretRangeFromPoint?.(x, y);
  const node = at?.startContainer;
  if (!node || node.nodeType !== Node.TEXT_NODE || !tok.contains(node) || node.parentElement.closest("rt")) return "";
  for (const k of [at.startOffset, at.startOffset - 1]) {
    if (k < 0 || k >= node.length || !KANJI.test(node.data[k])) continue;
    const r = document.createRange();
    r.setStart(node, k);
    r.setEnd(node, k + 1);
    const b = r.getBoundingClientRect();
    if (x >= b.left && x <= b.right && y >= b.top && y <= b.bottom) return node.data[k];
  }
  return "";
}

window.addEventListener("resize", measureLine);
window.addEventListener("scroll", () => { hidePopup(); schedulePosition(); }, { passive: true });

// A mouse wheel scrolls vertical text sideways: wheel-down reads on (leftwards).
window.addEventListener("wheel", (e) => {
  if (!vertical || e.ctrlKey || e.deltaX || !e.deltaY) return;
  const unit = e.deltaMode === 1 ? 40 : e.deltaMode === 2 ? root.clientWidth : 1;
  scroller().scrollBy({ left: -e.deltaY * unit });
  e.preventDefault();
}, { passive: false });

const KEYS = { j: 1, k: -1, ArrowDown: 1, ArrowUp: -1, ArrowRight: 1, ArrowLeft: -1 };
const KEYS_VERTICAL = { ...KEYS, ArrowLeft: 1, ArrowRight: -1 };

const WORD_KEYS = { l: 1, h: -1, ArrowRight: 1, ArrowLeft: -1 };
const WORD_KEYS_VERTICAL = { l: 1, h: -1, ArrowDown: 1, ArrowUp: -1 };

document.addEventListener("keydown", (e) => {
  if (e.key === "Escape") return endHover();
  if (e.ctrlKey || e.altKey || e.metaKey || e.isComposing) return;
  const t = e.target;
  if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName || ""))) return;
  const word = (e.shiftKey || e.key === "h" || e.key === "l") && (vertical ? WORD_KEYS_VERTICAL : WORD_KEYS)[e.key];
  if (word) {
    e.preventDefault();
    return stepWord(word);
  }
  if (e.key === "Enter" && selectedTok) {
    e.preventDefault();
    return openSelectedWord();
  }
  if (e.key === "n" || e.key === "N") {  // the next (Shift: previous) word not yet met
    e.preventDefault();
    return stepUnknown(e.key === "N" ? -1 : 1);
  }
  if (e.shiftKey) return;
  const delta = (vertical ? KEYS_VERTICAL : KEYS)[e.key];
  if (!delta) return;
  e.preventDefault();
  step(delta);
});
