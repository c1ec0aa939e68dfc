// The reader page: its elements, its state and the bridge to Python. The page's
// scripts run in the order page/view.py's SCRIPTS gives and share one global scope.
// All text goes into the DOM through text nodes / textContent, never as markup.
"use strict";

const root = document.documentElement;
const body = document.body;
const titleEl = document.getElementById("title");
const metaEl = document.getElementById("meta");
const textEl = document.getElementById("text");
const popup = document.getElementById("popup");
const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");

// The keys of the sentences and words Python sends: named once here, and once in
// reader/qt/page/bridge.py (Key); a test checks that both lists agree.
const KEY = Object.freeze({
  INDEX: "i", PARAGRAPH: "p", KIND: "kind", WORDS: "words", ONE_UNKNOWN: "n1",
  RUBY: "r", WORD: "w", STATUS: "s", LEVEL: "j",
});
const STATUS_CLASSES = ["new", "learning", "known"];

const HOVER_DELAY_MS = 60;
const POSITION_INTERVAL_MS = 250;  // positionChanged at most 4 times a second

let bridge = null;
let generation = null;     // of the article shown; batches of others are dropped
let sentEls = [];          // sentence elements in document order
let byIndex = [];          // sentence index -> element (sparse)
let lastPara = null;       // paragraph element the last sentence went into
let lastParaKey = null;
let lastParaChars = 0;     // its character count, for its size estimate
let current = null;        // .s.current
let selectedTok = null;    // .w.selected
let pendingRestore = null;     // {sentence, fraction, finished} still to scroll to
let pendingHighlight = null;   // [i, scroll] for a sentence not streamed in yet
let infoCache = new Map();     // "s:t" -> Promise of the word's info
let vertical = false;

const call = (name, ...args) => { if (bridge && bridge[name]) bridge[name](...args); };
const scroller = () => document.scrollingElement || root;
const indexOf = (el) => Number(el.dataset.i);

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text != null) e.textContent = text;
  return e;
}
