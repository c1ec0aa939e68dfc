// The reading position: what is in view, scrolling to a sentence, and the current one.
"use strict";

// Where a rect starts and ends along the reading direction, measured from
// the viewport's start edge: the top, or the right edge for vertical-rl.
const startOf = (r) => (vertical ? root.clientWidth - r.right : r.top);
const endOf = (r) => (vertical ? root.clientWidth - r.left : r.bottom);

// Position in sentEls of the first sentence visible at the start edge. One
// that began before the view and ends within its first line does not
// count, so scrolling to a sentence and reading the position back agree.
function firstVisiblePos() {
  const n = sentEls.length;
  if (!n) return -1;
  let lo = 0, hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (endOf(sentEls[mid].getBoundingClientRect()) > 1) hi = mid;
    else lo = mid + 1;
  }
  const k = Math.min(lo, n - 1);
  const first = sentEls[k].getClientRects()[0];
  if (!first || startOf(first) >= -2) return k;
  const line = parseFloat(getComputedStyle(textEl).lineHeight) || 40;
  if (endOf(sentEls[k].getBoundingClientRect()) > 1.5 * line) return k;
  return Math.min(k + 1, n - 1);
}

const firstVisible = (pos = firstVisiblePos()) => (pos < 0 ? -1 : indexOf(sentEls[pos]));

function scrollRange() {
  const s = scroller();
  return vertical ? s.scrollWidth - s.clientWidth : s.scrollHeight - s.clientHeight;
}

function scrollFraction() {
  const s = scroller(), max = scrollRange();
  const at = vertical ? Math.abs(s.scrollLeft) : s.scrollTop;
  return max > 0 ? Math.min(1, Math.max(0, at / max)) : 0;
}

function setFraction(f) {
  if (vertical) scroller().scrollLeft = -f * scrollRange();  // vertical-rl: 0 at the right
  else scroller().scrollTop = f * scrollRange();
}

function scrollToEl(target, block = "start", smooth = false) {
  const behavior = smooth && !reducedMotion.matches ? "smooth" : "auto";
  target.scrollIntoView({ block, inline: "nearest", behavior });
}

// Scroll only when the sentence is outside the middle band of the view.
function bringIntoView(target) {
  const r = target.getBoundingClientRect();
  const size = vertical ? root.clientWidth : root.clientHeight;
  if (startOf(r) < size * 0.15 || endOf(r) > size * 0.85) scrollToEl(target, "center", true);
}

let posTimer = 0, lastPosTime = 0, lastReported = "";
let readingAt = -1;  // the first visible sentence, kept across a resize of the view

// A narrower or wider view re-wraps the text: keep the reader's place.
let resizeFrame = 0;
window.addEventListener("resize", () => {
  const keep = reanchor !== null ? reanchor : readingAt;
  if (resizeFrame || keep <= 0) return;  // at the start, the title stays in view
  resizeFrame = requestAnimationFrame(() => {
    resizeFrame = 0;
    if (byIndex[keep]) scrollToEl(byIndex[keep]);
  });
});

function schedulePosition() {
  if (posTimer) return;
  const wait = Math.max(0, POSITION_INTERVAL_MS - (performance.now() - lastPosTime));
  posTimer = setTimeout(reportPosition, wait);
}

function reportPosition() {
  posTimer = 0;
  lastPosTime = performance.now();
  // Not before the article has been scrolled to its saved place.
  if (pendingRestore || !sentEls.length) return;
  const i = firstVisible(), f = scrollFraction();
  readingAt = i;
  const key = i + ":" + f.toFixed(4);
  if (key === lastReported) return;
  lastReported = key;
  call("positionChanged", i, f);
}

// The sentence a restore scrolled to, kept until the article is complete so the
// page can return to it once layout has settled, unless the user moved meanwhile.
let reanchor = null;
let userMoved = false;
for (const kind of ["wheel", "keydown", "mousedown", "touchstart"]) {
  window.addEventListener(kind, () => { userMoved = true; }, { passive: true, capture: true });
}

// Estimated sizes of not-yet-painted paragraphs (content-visibility) are replaced
// by real ones for a moment after loading: return to the restored sentence until
// the page holds still there, unless the user has moved.
function settle(index, tries) {
  requestAnimationFrame(() => {
    if (userMoved || !byIndex[index]) return;
    if (Math.abs(firstVisible() - index) > 1) scrollToEl(byIndex[index]);
    readingAt = index;
    schedulePosition();
    if (tries > 1) setTimeout(() => settle(index, tries - 1), 120);
  });
}

function tryRestore() {
  const r = pendingRestore;
  if (!r) return;
  if (Number.isInteger(r.sentence) && r.sentence >= 0) {
    if (!byIndex[r.sentence]) return;  // not streamed in yet
    scrollToEl(byIndex[r.sentence]);
    reanchor = r.sentence;  // layout may still shift as the rest streams in
    readingAt = r.sentence;  // and the view may be resized before the next report
    userMoved = false;
    pendingRestore = null;
  } else if (r.finished) {
    setFraction(r.fraction);
    pendingRestore = null;
  }
}

// ---- current sentence, selected word ---------------------------------

function setCurrent(sent) {
  if (current === sent) return;
  current?.classList.remove("current");
  current = sent;
  sent?.classList.add("current");
}

function highlight(i, scroll) {
  pendingHighlight = null;
  if (!(i >= 0)) return setCurrent(null);
  if (!byIndex[i]) { pendingHighlight = [i, scroll]; return; }
  setCurrent(byIndex[i]);
  if (scroll) scrollToEl(byIndex[i], "center", true);
}

function step(delta) {
  if (!sentEls.length) return;
  const at = current ? sentEls.indexOf(current) : -1;
  const pos = at < 0 ? Math.max(0, firstVisiblePos())
    : Math.min(sentEls.length - 1, Math.max(0, at + delta));
  if (sentEls[pos] === current) return;
  setCurrent(sentEls[pos]);
  bringIntoView(current);
  call("currentSentenceChanged", indexOf(current));
}

// The word cursor: h and l (or Shift+←/→) move word by word through the text, the
// word's popup shows as if hovered (so S, K and I act on it), and Enter opens it in
// the word panel. It starts at the current sentence, else the first one on screen.
function stepWord(delta) {
  if (!sentEls.length) return;
  let sent = selectedTok?.closest(".s") || current || sentEls[Math.max(0, firstVisiblePos())];
  let words = Array.from(sent.querySelectorAll(".w"));
  let at = selectedTok && words.includes(selectedTok) ? words.indexOf(selectedTok) + delta
    : (delta > 0 ? 0 : words.length - 1);
  let pos = sentEls.indexOf(sent);
  while (at < 0 || at >= words.length) {  // on into the next (or previous) sentence with words
    pos += delta;
    if (pos < 0 || pos >= sentEls.length) return;
    sent = sentEls[pos];
    words = Array.from(sent.querySelectorAll(".w"));
    at = delta > 0 ? 0 : words.length - 1;
  }
  const tok = words[at];
  selectToken(tok);
  if (current !== sent) {
    setCurrent(sent);
    call("currentSentenceChanged", indexOf(sent));
  }
  tok.scrollIntoView({ block: "nearest", inline: "nearest" });
  endHover();
  hoverTok = tok;
  hoverRested(tok);
}

// N and Shift+N: the word cursor on to the next (previous) word still "new" (not
// learning, known or ignored), with its popup as h and l show it; from the word under
// the cursor, else the current sentence, else the first one on screen. Sentences are
// walked one by one from there, so a press costs what it passes over.
function stepUnknown(delta) {
  if (!sentEls.length) return;
  const from = selectedTok?.closest(".s") || current || sentEls[Math.max(0, firstVisiblePos())];
  let pos = sentEls.indexOf(from);
  let words = Array.from(from.querySelectorAll(".w"));
  let at = selectedTok && words.includes(selectedTok) ? words.indexOf(selectedTok) + delta
    : (delta > 0 ? 0 : words.length - 1);
  for (;;) {
    for (; at >= 0 && at < words.length; at += delta) {
      if (!words[at].classList.contains("new")) continue;
      const tok = words[at], sent = sentEls[pos];
      selectToken(tok);
      if (current !== sent) {
        setCurrent(sent);
        call("currentSentenceChanged", indexOf(sent));
      }
      // Far off: centred at once (a smooth scroll's events would hide the popup), and
      // the popup shown once the scroll has been reported, in the next frame.
      const r = tok.getBoundingClientRect(), size = vertical ? root.clientWidth : root.clientHeight;
      const far = startOf(r) < size * 0.1 || endOf(r) > size * 0.9;
      if (far) tok.scrollIntoView({ block: "center", inline: "nearest" });
      endHover();
      hoverTok = tok;
      const show = () => { if (hoverTok === tok) hoverRested(tok); };
      if (far) requestAnimationFrame(show);
      else show();
      return;
    }
    pos += delta;
    if (pos < 0 || pos >= sentEls.length) return;  // none left that way
    words = Array.from(sentEls[pos].querySelectorAll(".w"));
    at = delta > 0 ? 0 : words.length - 1;
  }
}

function openSelectedWord() {
  if (!selectedTok?.isConnected) return;
  call("wordClicked", indexOf(selectedTok.closest(".s")), Number(selectedTok.dataset.t));
}

function selectToken(tok) {
  selectedTok?.classList.remove("selected");
  selectedTok = tok;
  tok.classList.add("selected");
}
