// Bilingual reading: the English of each sentence (the translator's draft, else the
// machine translation) under it ("interlinear"), or paragraph by paragraph beside the
// Japanese ("parallel", one grid row per paragraph), optionally hidden until its
// sentence is clicked (for learners).
//
// Python sends the English whether a mode is on or not (translationsChanged): it is
// kept here and drawn only while a mode is on, so turning one on costs no round trip.
// The Japanese is not touched: the English goes into elements of its own (.en, one per
// sentence, and .en-p, one per paragraph in parallel mode), so ruby, hover and clicks
// work as without it.
"use strict";

const BI_MODES = ["off", "interlinear", "parallel"];
const HIDDEN_TEXT = "English: click to show";

let biMode = "off";
let hideEnglish = false;
let english = new Map();   // sentence index -> its English
let enGeneration = null;   // the article that English is of
let enModel = null;        // a translation model is installed: null until Python says
let revealed = new Set();  // sentences whose hidden English was clicked open
let enEls = new Map();     // sentence index -> its .en element, while a mode is on
let pairedEls = [];        // the sentence and English under the pointer (parallel)
const biHint = el("p", "bi-hint");
biHint.hidden = true;
biHint.setAttribute("lang", "en");
textEl.before(biHint);

// ---- from Python ------------------------------------------------------

// {generation, english: {i: text}, model?: bool, reset?: bool}; "" removes one.
function receiveTranslations(json) {
  const t = parse(json);
  if (!t || !t.english || typeof t.english !== "object") return;
  if (enGeneration !== null && t.generation < enGeneration) return;  // an article gone by
  if (t.generation !== enGeneration) {
    english = new Map();
    revealed = new Set();
    enGeneration = t.generation;
  } else if (t.reset) english = new Map();
  if (typeof t.model === "boolean") enModel = t.model;
  const changed = [];
  for (const [k, v] of Object.entries(t.english)) {
    const i = Number(k);
    if (!Number.isInteger(i) || i < 0) continue;
    if (typeof v === "string" && v.trim()) english.set(i, v);
    else english.delete(i);
    changed.push(i);
  }
  if (biMode === "off" || enGeneration !== generation) return;
  if (t.reset) for (const [i, e] of enEls) fillEnglish(e, i);
  else for (const i of changed) { const e = enEls.get(i); if (e) fillEnglish(e, i); }
  updateHint();
}

// The settings' part: {bilingual: "off" | "interlinear" | "parallel", hideEnglish}.
function applyBilingual(s) {
  const mode = BI_MODES.includes(s.bilingual) ? s.bilingual : "off";
  const hide = Boolean(s.hideEnglish);
  const redraw = mode !== biMode;
  const refill = hide !== hideEnglish;
  biMode = mode;
  hideEnglish = hide;
  swapClass("bi-", mode, BI_MODES);
  body.classList.toggle("en-hide", hide);
  if (redraw) drawAllEnglish();
  else if (refill) for (const [i, e] of enEls) fillEnglish(e, i);
  updateHint();
}

// ---- following the article --------------------------------------------

function bilingualArticleStarted(gen) {
  enEls = new Map();  // the page's text was emptied
  pairedEls = [];
  if (gen !== enGeneration) {
    english = new Map();
    revealed = new Set();
    enGeneration = gen;
  }
  updateHint();
}

function bilingualAdded(list) {
  if (biMode === "off") return;
  for (const s of list) {
    const sent = byIndex[s[KEY.INDEX]];
    if (sent) addEnglish(sent);
  }
  updateHint();
}

// ---- drawing -------------------------------------------------------------

function drawAllEnglish() {
  for (const e of textEl.querySelectorAll(".en, .en-p")) e.remove();
  enEls = new Map();
  unpair();
  if (biMode === "off") return;
  for (const sent of sentEls) addEnglish(sent);
}

// The English element of one sentence: after it (interlinear), or in its paragraph's
// English twin, the next element, in the grid's second column (parallel).
function addEnglish(sent) {
  const i = indexOf(sent);
  if (enEls.has(i)) return;
  const e = el("span", "en");
  e.setAttribute("data-en", i);
  e.setAttribute("lang", "en");
  if (biMode === "interlinear") sent.after(e);
  else {
    const para = sent.parentElement;
    let twin = para.nextElementSibling;
    if (!twin || !twin.classList.contains("en-p")) {
      twin = el("div", "en-p" + (para.tagName === "H2" ? " en-h" : ""));
      twin.setAttribute("lang", "en");
      para.after(twin);
    }
    if (twin.lastChild) twin.append(" ");
    twin.append(e);
  }
  enEls.set(i, e);
  fillEnglish(e, i);
}

function fillEnglish(e, i) {
  const text = english.get(i) || "";
  const hidden = Boolean(text) && hideEnglish && !revealed.has(i);
  e.classList.toggle("en-hidden", hidden);
  e.classList.toggle("en-missing", !text);
  // Hidden English is not in the page at all: find and copy cannot give it away.
  e.textContent = hidden ? HIDDEN_TEXT : text;
}

function updateHint() {
  const show = biMode !== "off" && english.size === 0 && sentEls.length > 0 && enModel !== null;
  biHint.hidden = !show;
  if (show) {
    biHint.textContent = enModel ? "Translating… the English appears here as it comes."
      : "No translation yet: install a model or write drafts.";
  }
}

// ---- the reader's clicks and pointer ----------------------------------

// Clicking a sentence, or its hidden English, shows its English; clicking English
// (in parallel mode) chooses its sentence as clicking the Japanese does.
textEl.addEventListener("click", (e) => {
  if (biMode === "off" || e.button !== 0 || !getSelection().isCollapsed) return;
  const en = e.target.closest?.(".en");
  const sent = en ? byIndex[Number(en.dataset.en)] : e.target.closest?.(".s");
  if (!sent) return;
  const i = indexOf(sent);
  if (hideEnglish && !revealed.has(i)) {
    revealed.add(i);
    const shown = enEls.get(i);
    if (shown) fillEnglish(shown, i);
  }
  if (en) {
    setCurrent(sent);
    call("sentenceClicked", i);
  }
});

function unpair() {
  for (const p of pairedEls) p.classList.remove("paired");
  pairedEls = [];
}

// Side by side, the pointer on a sentence marks its English, and the other way round.
textEl.addEventListener("mouseover", (e) => {
  if (biMode !== "parallel") return;
  const en = e.target.closest?.(".en");
  const sent = en ? byIndex[Number(en.dataset.en)] : e.target.closest?.(".s");
  const twin = en || (sent && enEls.get(indexOf(sent)));
  if (pairedEls[0] === sent) return;
  unpair();
  if (sent && twin) {
    pairedEls = [sent, twin];
    for (const p of pairedEls) p.classList.add("paired");
  }
});
textEl.addEventListener("mouseleave", unpair);

// For tests and screenshots (runJavaScript): what the bilingual modes show.
function bilingualState() {
  return {
    mode: biMode,
    hide: hideEnglish,
    english: english.size,
    drawn: enEls.size,
    hint: biHint.hidden ? "" : biHint.textContent,
  };
}
