// Reader view: renders the article streamed from Python over QWebChannel.
// All text goes into the DOM through text nodes / textContent, never as markup.
"use strict";

(() => {
  const root = document.documentElement;
  const body = document.body;
  const titleEl = document.getElementById("title");
  const metaEl = document.getElementById("meta");
  const textEl = document.getElementById("text");
  const popup = document.getElementById("popup");
  const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");

  // The keys of the sentences and tokens Python sends: named once here, and once in
  // reader/qt/page/bridge.py (Key); a test checks that both lists agree.
  const KEY = Object.freeze({
    INDEX: "i", PARAGRAPH: "p", KIND: "kind", TOKENS: "tokens", ONE_UNKNOWN: "n1",
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
  let infoCache = new Map();     // "s:t" -> Promise of the token's info
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

  // ---- rendering -------------------------------------------------------

  // The sentence element; adds its characters to chars.n.
  function renderSentence(s, chars) {
    const span = document.createElement("span");
    span.className = s[KEY.ONE_UNKNOWN] ? "s iplus1" : "s";  // i+1: one word away from readable
    span.setAttribute("data-i", s[KEY.INDEX]);
    const tokens = s[KEY.TOKENS] || [];
    for (let j = 0; j < tokens.length; j++) {
      const tok = tokens[j];
      const t = document.createElement("span");
      // A word has a status colour (new, learning, known) and maybe a JLPT level
      // (5 = N5 .. 1 = N1, for the level mode of furigana).
      const status = STATUS_CLASSES.includes(tok[KEY.STATUS]) ? tok[KEY.STATUS] : "new";
      t.className = "t" + (tok[KEY.WORD] ? " w " + status : "") + (tok[KEY.LEVEL] ? " j" + tok[KEY.LEVEL] : "");
      t.setAttribute("data-t", j);
      for (const [text, reading] of tok[KEY.RUBY]) {
        chars.n += text.length;
        if (!reading) { t.appendChild(document.createTextNode(text)); continue; }
        const ruby = document.createElement("ruby");
        ruby.append(text, el("rt", null, reading));
        t.appendChild(ruby);
      }
      span.appendChild(t);
    }
    return span;
  }

  function newParagraph(kind) {
    if (kind === "heading") return document.createElement("h2");
    return el("p", kind === "list" ? "list" : null);
  }

  // Paragraphs use content-visibility: auto, so a long article is laid out
  // only where it is looked at; until then each one's size is estimated from
  // its character count (--chars, see reader.css).
  function addSentences(list) {
    const frag = document.createDocumentFragment();
    let tail = null;  // sentences continuing a paragraph already on the page,
    let tailPara = null;  // and that paragraph (lastPara moves on if the batch starts others)
    const chars = { n: 0 };
    const flush = () => {
      if (lastPara) lastPara.style.setProperty("--chars", (lastParaChars += chars.n));
      chars.n = 0;
    };
    for (const s of list) {
      const kind = s[KEY.KIND] || "text";
      const key = s[KEY.PARAGRAPH] + "/" + kind;
      if (key !== lastParaKey || !lastPara) {
        flush();
        lastPara = newParagraph(kind);
        lastParaKey = key;
        lastParaChars = 0;
        frag.appendChild(lastPara);
      }
      const sent = renderSentence(s, chars);
      if (lastPara.isConnected) {
        tailPara = lastPara;
        (tail ??= document.createDocumentFragment()).appendChild(sent);
      }
      else lastPara.appendChild(sent);
      sentEls.push(sent);
      byIndex[s[KEY.INDEX]] = sent;
    }
    flush();
    if (tail) tailPara.appendChild(tail);
    textEl.appendChild(frag);
  }

  // Characters per line for the size estimates.
  function measureLine() {
    const size = parseFloat(getComputedStyle(textEl).fontSize) || 20;
    const inline = vertical ? textEl.clientHeight : textEl.clientWidth;
    root.style.setProperty("--per-line", Math.max(4, Math.floor(inline / size)));
  }

  function resetArticle() {
    endHover();
    titleEl.textContent = metaEl.textContent = "";
    textEl.replaceChildren();
    sentEls = [];
    byIndex = [];
    lastPara = lastParaKey = current = selectedTok = null;
    pendingRestore = pendingHighlight = null;
    infoCache = new Map();
    lastReported = "";
    scroller().scrollTo(0, 0);  // the start: top, or the right edge in vertical mode
  }

  // ---- position --------------------------------------------------------

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

  function selectToken(tok) {
    selectedTok?.classList.remove("selected");
    selectedTok = tok;
    tok.classList.add("selected");
  }

  // ---- word popup ------------------------------------------------------

  let hoverTok = null, hoverTimer = 0;

  // Asked once per token and article; the cache holds the promise, so a
  // second hover during the first call does not ask again.
  function tokenInfo(s, t) {
    const key = s + ":" + t;
    if (!infoCache.has(key)) {
      infoCache.set(key, new Promise((resolve) => {
        if (!bridge || !bridge.tokenInfo) return resolve(null);
        bridge.tokenInfo(s, t, (json) => resolve(parse(json || "null")));
      }));
    }
    return infoCache.get(key);
  }

  function fillPopup(info) {
    const reading = info.reading || info.surface || "";
    const sub = el("div", "pp-sub", [info.base !== reading && info.base, info.pos].filter(Boolean).join(" · "));
    const badges = [];
    if (info.common) badges.push(["pp-common", "common"]);
    if (info.level) badges.push(["pp-level", "JLPT " + info.level]);
    if (info.band) badges.push(["pp-band", info.band]);
    for (const f of (Array.isArray(info.freqs) ? info.freqs : [])) {
      if (f && f.value) badges.push(["pp-freq", `${f.dict}: ${f.value}`]);
    }
    const badgeRow = el("div", "pp-badges");
    for (const [cls, text] of badges) badgeRow.append(el("span", "pp-badge " + cls, String(text)));
    const glosses = Array.isArray(info.glosses) ? info.glosses.slice(0, 3) : [];
    const list = el("ol");
    for (const g of glosses) list.append(el("li", null, String(g)));
    // The first accent is drawn on the reading itself when it is the same word form
    // (停戦); an inflected form (食べた) gets the dictionary form's accent on a line below.
    const pitches = Array.isArray(info.pitch) ? info.pitch.slice(0, 3) : [];
    const onReading = pitches.length && Array.isArray(pitches[0].morae) && pitches[0].morae.join("") === reading;
    const parts = [onReading ? pitchLine(pitches[0], "pp-reading") : el("div", "pp-reading", reading)];
    for (const p of pitches.slice(onReading ? 1 : 0)) parts.push(pitchLine(p, "pp-pitch"));
    parts.push(sub);
    if (badges.length) parts.push(badgeRow);
    parts.push(glosses.length ? list : el("div", "pp-none", "no dictionary entry"));
    for (const d of (Array.isArray(info.dicts) ? info.dicts : [])) {
      const block = el("div", "pp-dict");
      block.append(el("div", "pp-dname", String(d.dict)));
      for (const text of d.defs || []) block.append(el("div", "pp-def", String(text)));
      parts.push(block);
    }
    parts.push(el("div", "pp-hint", "S: save to vocabulary"));
    popup.replaceChildren(...parts);
  }

  // A reading with its pitch drawn over it: a line over the high morae, a
  // tick down where the pitch drops, and a dashed tail when a following
  // particle stays high (heiban).
  function pitchLine(p, cls) {
    const row = el("div", cls + " pitched");
    const morae = Array.isArray(p.morae) ? p.morae : [];
    const high = Array.isArray(p.high) ? p.high : [];
    morae.forEach((m, i) => {
      let cls = "m" + (high[i] ? " h" : "");
      if (high[i] && i > 0 && !high[i - 1]) cls += " rise";
      if (Number(p.drop) === i + 1) cls += " drop";
      row.append(el("span", cls, String(m)));
    });
    row.append(el("span", "m tail" + (p.particleHigh ? " h" : ""), "\u2009"));
    row.append(el("span", "pp-pname", `[${Number(p.drop)}] ${p.name || ""}`.trim()));
    return row;
  }

  // The token's box with its furigana, so that the popup never covers them.
  function tokenBox(tok) {
    let { left, top, right, bottom } = tok.getClientRects()[0] || tok.getBoundingClientRect();
    for (const rt of tok.querySelectorAll("rt")) {
      const q = rt.getBoundingClientRect();
      if (!q.width || !q.height) continue;  // hidden furigana
      left = Math.min(left, q.left); top = Math.min(top, q.top);
      right = Math.max(right, q.right); bottom = Math.max(bottom, q.bottom);
    }
    return { left, top, right, bottom };
  }

  function placePopup(tok) {
    const b = tokenBox(tok);
    const W = root.clientWidth, H = root.clientHeight, gap = 6, m = 4;
    const pw = popup.offsetWidth, ph = popup.offsetHeight;
    let x, y;
    if (vertical) {  // beside the column: to its left (where reading goes on), else right
      x = b.left - gap - pw;
      if (x < m && b.right + gap + pw <= W - m) x = b.right + gap;
      y = b.top + ph > H - m ? b.bottom - ph : b.top;
    } else {  // below the line, else above it; left-aligned, else right-aligned
      y = b.bottom + gap;
      if (y + ph > H - m && b.top - gap - ph >= m) y = b.top - gap - ph;
      x = b.left + pw > W - m ? b.right - pw : b.left;
    }
    x = Math.max(m, Math.min(x, W - pw - m));
    y = Math.max(m, Math.min(y, H - ph - m));
    popup.style.transform = `translate(${Math.round(x)}px, ${Math.round(y)}px)`;
  }

  const hidePopup = () => { popup.hidden = true; };

  function endHover() { clearTimeout(hoverTimer); hoverTok = null; hidePopup(); }

  async function hoverRested(tok) {
    if (!tok.isConnected) return;
    const s = indexOf(tok.closest(".s")), t = Number(tok.dataset.t);
    call("wordHovered", s, t);
    const info = await tokenInfo(s, t);
    // The pointer moved on meanwhile, or Python knows nothing of the token ("{}").
    if (hoverTok !== tok || !info || !(info.reading || info.surface)) return;
    fillPopup(info);
    popup.hidden = false;
    placePopup(tok);
  }

  // Hover is debounced: only a pointer resting on one word for a moment counts.
  textEl.addEventListener("mouseover", (e) => {
    const tok = e.target.closest?.(".w") || null;
    if (tok === hoverTok) return;
    endHover();
    if (!tok) return;
    hoverTok = tok;
    hoverTimer = setTimeout(() => hoverRested(tok), HOVER_DELAY_MS);
  });

  // "s" while the popup shows saves the word under the pointer.
  document.addEventListener("keydown", (e) => {
    if (e.key !== "s" || e.ctrlKey || e.altKey || e.metaKey || popup.hidden || !hoverTok) return;
    const s = indexOf(hoverTok.closest(".s")), t = Number(hoverTok.dataset.t);
    call("wordSaveRequested", s, t);
    e.preventDefault();
  });

  textEl.addEventListener("mouseout", (e) => {
    if (hoverTok && !(e.relatedTarget && hoverTok.contains(e.relatedTarget))) endHover();
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

  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape") return endHover();
    if (e.ctrlKey || e.altKey || e.metaKey || e.shiftKey || e.isComposing) return;
    const t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName || ""))) return;
    const delta = (vertical ? KEYS_VERTICAL : KEYS)[e.key];
    if (!delta) return;
    e.preventDefault();
    step(delta);
  });

  // ---- copying ---------------------------------------------------------

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

  // ---- settings --------------------------------------------------------

  let layout = "";  // the settings that move text around, to re-anchor on change

  function swapClass(prefix, value, allowed) {
    const v = allowed.includes(value) ? value : allowed[0];
    for (const a of allowed) body.classList.toggle(prefix + a, a === v);
  }

  function applySettings(s) {
    // Keep the reading position across layout changes (unless still at the start).
    const newLayout = [s.furigana, s.furiganaLevel, s.fontSize, s.lineHeight, Boolean(s.vertical)].join();
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
    settingsChanged(json) { const s = parse(json); if (s) applySettings(s); },
    highlightSentence: (i, scroll) => highlight(Number(i), Boolean(scroll)),
    // A word's status changed: recolour the given tokens ({places: [[s, t], ...], status}).
    statusChanged(json) {
      const change = parse(json);
      if (!change || !Array.isArray(change.places) || !STATUS_CLASSES.includes(change.status)) return;
      for (const [si, ti] of change.places) {
        const el = byIndex[si]?.querySelector(`.t[data-t="${Number(ti)}"]`);
        if (!el || !el.classList.contains("w")) continue;
        el.classList.remove(...STATUS_CLASSES);
        el.classList.add(change.status);
      }
    },
    copyRequested: (request, mode) => call("textCopied", request, copyText(mode === "brackets" ? "brackets" : "plain")),
    // The popup of one token, as if the pointer rested on it (screenshots, tests).
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
})();
