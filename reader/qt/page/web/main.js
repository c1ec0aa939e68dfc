// Settings, the bridge's handlers, and connecting to Python (last: everything is defined).
"use strict";

// ---- settings --------------------------------------------------------

let layout = "";  // the settings that move text around, to re-anchor on change

function swapClass(prefix, value, allowed) {
  const v = allowed.includes(value) ? value : allowed[0];
  for (const a of allowed) body.classList.toggle(prefix + a, a === v);
}

function applySettings(s) {
  // Keep the reading position across layout changes (unless still at the start).
  const newLayout = [s.furigana, s.furiganaLevel, s.fontSize, s.lineHeight, Boolean(s.vertical), s.bilingual].join();
  const moved = newLayout !== layout && sentEls.length && !pendingRestore && scrollFraction() > 0;
  const anchor = moved ? byIndex[firstVisible()] : null;
  layout = newLayout;
  swapClass("furigana-", s.furigana, ["all", "unknown", "level", "off"]);
  // Level mode hides furigana on words of the chosen JLPT level and easier ones.
  const level = Math.min(5, Math.max(1, Number(s.furiganaLevel) || 3));
  for (let n = 1; n <= 5; n++) body.classList.toggle("easy-" + n, n >= level);
  body.classList.toggle("status-colours", s.statusColours !== false);
  swapClass("theme-", s.theme, ["light", "dark", "sepia"]);
  root.style.colorScheme = s.theme === "dark" ? "dark" : "light";  // scrollbars
  const size = Number(s.fontSize);
  if (size > 0) root.style.setProperty("--font-size", Math.min(96, Math.max(8, size)) + "px");
  const lh = Number(s.lineHeight);
  if (lh > 0) {
    const on = Math.min(4, Math.max(1.2, lh));
    root.style.setProperty("--lh", String(on));
    // Without furigana their row is not needed: 0.4 less (2.2 -> 1.8).
    root.style.setProperty("--lh-off", String(Math.max(1.3, on - 0.4)));
  }
  if (Boolean(s.vertical) !== vertical) {
    vertical = Boolean(s.vertical);
    root.classList.toggle("vertical", vertical);
    body.classList.toggle("vertical", vertical);
    hidePopup();
    scroller().scrollTo(0, 0);
  }
  applyBilingual(s);  // bilingual.js
  measureLine();
  if (anchor) scrollToEl(anchor);
}

// ---- bridge ----------------------------------------------------------

function parse(json) {
  try { return typeof json === "string" ? JSON.parse(json) : json; } catch (e) {
    console.error("reader: bad JSON from the bridge", e);
    return null;
  }
}

const handlers = {
  articleStarted(json) {
    const a = parse(json);
    if (!a) return;
    resetArticle();
    generation = a.generation;
    bilingualArticleStarted(generation);
    titleEl.textContent = a.title || "";
    metaEl.textContent = a.meta || "";
    document.title = a.title || "reader";
    const to = a.scrollTo;
    if (to && ((Number.isInteger(to.sentence) && to.sentence >= 0) || to.fraction > 0)) {
      pendingRestore = { sentence: to.sentence, fraction: Number(to.fraction) || 0, finished: false };
    }
  },
  sentencesAdded(json) {
    const b = parse(json);
    if (!b || b.generation !== generation || !Array.isArray(b.sentences)) return;
    addSentences(b.sentences);
    bilingualAdded(b.sentences);
    tryRestore();
    if (pendingHighlight) highlight(...pendingHighlight);
  },
  articleFinished(json) {
    const f = parse(json);
    if (!f || f.generation !== generation) return;
    if (pendingRestore) {
      pendingRestore.finished = true;
      if (!byIndex[pendingRestore.sentence]) pendingRestore.sentence = -1;  // use the fraction
      tryRestore();
    }
    if (reanchor !== null && !userMoved && byIndex[reanchor]) settle(reanchor, 6);
    reanchor = null;
    schedulePosition();
  },
  infoChanged() {
    infoCache = new Map();
    refreshPopup();
  },
  titleChanged(title) {
    titleEl.textContent = String(title || "");
    document.title = String(title || "reader");
  },
  settingsChanged(json) { const s = parse(json); if (s) applySettings(s); },
  highlightSentence: (i, scroll) => highlight(Number(i), Boolean(scroll)),
  // A word's status changed: recolour its places ({places: [[s, t], ...], status}).
  statusChanged(json) {
    const change = parse(json);
    if (!change || !Array.isArray(change.places) || !STATUS_CLASSES.includes(change.status)) return;
    infoCache = new Map();  // the popups say a word's status: ask again
    for (const [si, ti] of change.places) {
      const el = byIndex[si]?.querySelector(`.t[data-t="${Number(ti)}"]`);
      if (!el || !el.classList.contains("w")) continue;
      el.classList.remove(...STATUS_CLASSES);
      el.classList.add(change.status);
    }
    refreshPopup();  // S, K or I on the popup's word: it says so at once
  },
  // The English of sentences, for the bilingual modes (bilingual.js).
  translationsChanged: (json) => receiveTranslations(json),
  // The current sentence's accent phrases, or none: the pitch overlay (popup.js).
  pitchShown: (json) => showPitch(parse(json)),
  copyRequested: (request, mode) => call("textCopied", request, copyText(mode === "brackets" ? "brackets" : "plain")),
  // The popup of one word, as if the pointer rested on it (screenshots, tests).
  popupRequested(s, t) {
    const tok = byIndex[Number(s)]?.querySelector(`.t[data-t="${Number(t)}"]`);
    if (!tok) return;
    hoverTok = tok;
    hoverRested(tok);
  },
};

// ---- inspection -----------------------------------------------------

// Read-only, for tests and benchmarks (runJavaScript); the app itself talks to the
// page only through the bridge.
window.reader = Object.freeze({
  state: () => JSON.stringify({
    sentence: firstVisible(),
    fraction: scrollFraction(),
    rendered: sentEls.length,
    ruby: textEl.getElementsByTagName("ruby").length,
  }),
  bilingual: () => JSON.stringify(bilingualState()),
});

measureLine();
if (typeof QWebChannel === "function" && window.qt && qt.webChannelTransport) {
  new QWebChannel(qt.webChannelTransport, (channel) => {
    bridge = channel.objects.reader;
    if (!bridge) return console.error("reader: no 'reader' object on the web channel");
    for (const [name, fn] of Object.entries(handlers)) bridge[name]?.connect?.(fn);
    call("pageReady");
  });
} else {
  console.error("reader: no Qt web channel transport");
}
