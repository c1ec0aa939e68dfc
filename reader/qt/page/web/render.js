// Rendering the sentences Python streams in, paragraph by paragraph.
"use strict";

// The sentence element; adds its characters to chars.n.
function renderSentence(s, chars) {
  const span = document.createElement("span");
  span.className = s[KEY.ONE_UNKNOWN] ? "s iplus1" : "s";  // i+1: one word away from readable
  span.setAttribute("data-i", s[KEY.INDEX]);
  // The sentence's words (食べさせられなかった is one, 首脳会談 another) and the spaces
  // between them; data-t is a word's index in this list, as Python counts them.
  const words = s[KEY.WORDS] || [];
  for (let j = 0; j < words.length; j++) {
    const tok = words[j];
    const t = document.createElement("span");
    // A word to learn has a status colour (new, learning, known) and maybe a JLPT
    // level (5 = N5 .. 1 = N1, for the level mode of furigana).
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
