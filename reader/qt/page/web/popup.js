// The word popup: what a word is, shown where it does not cover the text.
"use strict";

let hoverTok = null, hoverTimer = 0;

// Asked once per word and article; the cache holds the promise, so a
// second hover during the first call does not ask again.
function wordInfo(s, t) {
  const key = s + ":" + t;
  if (!infoCache.has(key)) {
    infoCache.set(key, new Promise((resolve) => {
      if (!bridge || !bridge.wordInfo) return resolve(null);
      bridge.wordInfo(s, t, (json) => resolve(parse(json || "null")));
    }));
  }
  return infoCache.get(key);
}

// The dictionary form with its reading (and pitch), the inflections that lead to
// the text (食べる « causative « passive « negative « past), badges, glosses, a
// compound's parts, then imported dictionaries.
function fillPopup(info) {
  const reading = info.baseReading || info.reading || info.surface || "";
  const sub = el("div", "pp-sub", [info.base !== reading && info.base, info.pos].filter(Boolean).join(" · "));
  const inflections = Array.isArray(info.inflections) ? info.inflections.map(String) : [];
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
  if (info.guess) parts.push(el("div", "pp-guess", "reading guessed from the kanji dictionary"));
  if (inflections.length) {
    parts.push(el("div", "pp-infl", [info.base, ...inflections].join(" « ")));
  }
  if (badges.length) parts.push(badgeRow);
  parts.push(glosses.length ? list : el("div", "pp-none", "no dictionary entry"));
  const shorter = Array.isArray(info.parts) ? info.parts : [];
  if (shorter.length) {
    const block = el("div", "pp-parts");
    for (const p of shorter) {
      const line = el("div", "pp-part");
      line.append(el("span", "pp-part-word", String(p.surface)));
      if (p.reading) line.append(el("span", "pp-part-reading", String(p.reading)));
      line.append(document.createTextNode(" " + (Array.isArray(p.glosses) ? p.glosses.join("; ") : "")));
      block.append(line);
    }
    parts.push(block);
  }
  for (const d of (Array.isArray(info.dicts) ? info.dicts : [])) {
    const block = el("div", "pp-dict");
    block.append(el("div", "pp-dname", String(d.dict)));
    for (const text of d.defs || []) block.append(el("div", "pp-def", String(text)));
    parts.push(block);
  }
  if (info.status) parts.push(el("div", "pp-status pp-" + info.status, info.status === "new" ? "not saved yet" : "in your vocabulary: " + info.status));
  if (["new", "learning", "known"].includes(info.anki)) parts.push(el("div", "pp-status pp-anki", "in Anki: " + info.anki));
  parts.push(el("div", "pp-hint", "S: save · K: known · I: ignore · E: + Anki · A: listen"));
  popup.replaceChildren(playButton(), ...parts);
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

// The word's box with its furigana, so that the popup never covers them.
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

// Python knows which word's popup shows (its keys act on it) until it hides.
const hidePopup = () => { if (!popup.hidden) call("popupHidden"); popup.hidden = true; };

function endHover() { clearTimeout(hoverTimer); stayOn(); hoverTok = null; hidePopup(); }

async function hoverRested(tok) {
  if (!tok.isConnected) return;
  const s = indexOf(tok.closest(".s")), t = Number(tok.dataset.t);
  call("wordHovered", s, t);
  const info = await wordInfo(s, t);
  // The pointer moved on meanwhile, or Python knows nothing of the word ("{}").
  if (hoverTok !== tok || !info || !(info.reading || info.surface)) return;
  fillPopup(info);
  popup.hidden = false;
  placePopup(tok);
}

// The popup that shows asks again (a status changed) and stays where it is.
async function refreshPopup() {
  const tok = hoverTok;
  if (popup.hidden || !tok || !tok.isConnected) return;
  const info = await wordInfo(indexOf(tok.closest(".s")), Number(tok.dataset.t));
  if (hoverTok === tok && !popup.hidden && info) fillPopup(info);
}

// ---- audio: the popup's ▶, and the pitch overlay ------------------------

// The popup's ▶ says the word (as A does): the one part of the popup that catches the
// pointer. Leaving the word for blank space gives the pointer a moment to reach it.
let leaveTimer = 0;
const PLAY_REACH_MS = 400;
function leaveSoon() { if (!leaveTimer) leaveTimer = setTimeout(endHover, PLAY_REACH_MS); }
function stayOn() { clearTimeout(leaveTimer); leaveTimer = 0; }
const onPlayButton = (node) => Boolean(node && node.closest?.(".pp-play"));

function playButton() {
  const b = el("button", "pp-play", "\u25B6");
  b.type = "button";
  b.title = "Listen (A)";
  b.addEventListener("mouseenter", stayOn);
  b.addEventListener("mouseleave", (e) => { if (!(hoverTok && hoverTok.contains(e.relatedTarget))) leaveSoon(); });
  b.addEventListener("click", (e) => { e.stopPropagation(); call("popupKey", "a"); });
  return b;
}

// The pitch overlay: the current sentence's accent phrases in kana, a line over the high
// morae and a tick where the pitch falls, in a bar at the foot of the page.
function showPitch(p) {
  let bar = document.getElementById("pitchbar");
  const phrases = p && Number(p.sentence) >= 0 && Array.isArray(p.phrases) ? p.phrases : [];
  if (!phrases.length) { if (bar) bar.hidden = true; return; }
  if (!bar) {
    bar = el("div", null);
    bar.id = "pitchbar";
    bar.lang = "ja";
    document.body.append(bar);
  }
  const row = el("div", "pb-phrases");
  for (const ph of phrases) {
    const line = pitchLine(ph, "pb-phrase");
    line.title = String(ph.text || "");
    row.append(line);
  }
  bar.replaceChildren(el("span", "pb-label", "pitch (estimated)"), row);
  bar.hidden = false;
}

// Hover is debounced: only a pointer resting on one word for a moment counts.
