"""Exporting a translation: the English draft as text, Markdown or Word, and a
bilingual side-by-side page with furigana (which the Qt layer prints to PDF).

An export says what it holds: a sentence's English is the translator's draft; where
there is none, the machine translation only when asked for, marked [MT], else the
sentence is marked [untranslated]; a first line counts each. The sentences of one
input line form one paragraph, as in the original.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

from reader.core.errors import ReaderError
from reader.core.storage.atomic import replacing
from reader.core.text.formats import ruby_html
from reader.core.text.model import AnnotatedSentence

FORMATS = (".txt", ".md", ".docx", ".html")


DRAFT, MACHINE, UNTRANSLATED = "draft", "machine", "untranslated"
MACHINE_MARK, UNTRANSLATED_MARK = "[MT]", "[untranslated]"


@dataclass(frozen=True)
class Line:
    """One sentence of the article, its English and where that comes from."""

    sentence: AnnotatedSentence
    english: str
    source: str = DRAFT  # DRAFT, MACHINE or UNTRANSLATED

    @property
    def shown(self) -> str:
        """The English as exported: machine text and gaps marked."""
        if self.source == MACHINE:
            return f"{MACHINE_MARK} {self.english}"
        if self.source == UNTRANSLATED:
            return UNTRANSLATED_MARK
        return self.english


def lines(
    sentences: Sequence[AnnotatedSentence], drafts: Sequence[str], machine: Sequence[str],
    fill_with_machine: bool = False,
) -> list[Line]:
    """A line per sentence: its draft; else, if asked, its machine translation; else a gap."""
    out = []
    for i, s in enumerate(sentences):
        draft = (drafts[i] if i < len(drafts) else "").strip()
        mt = (machine[i] if i < len(machine) else "").strip()
        if draft:
            out.append(Line(s, draft, DRAFT))
        elif fill_with_machine and mt:
            out.append(Line(s, mt, MACHINE))
        else:
            out.append(Line(s, "", UNTRANSLATED))
    return out


def summary(rows: Sequence[Line]) -> str:
    """What an export holds, in one line."""
    counts = {source: sum(1 for r in rows if r.source == source) for source in (DRAFT, MACHINE, UNTRANSLATED)}
    parts = [f"{counts[DRAFT]} of {len(rows)} sentences in your draft"]
    if counts[MACHINE]:
        parts.append(f"{counts[MACHINE]} machine-translated, marked {MACHINE_MARK}")
    if counts[UNTRANSLATED]:
        parts.append(f"{counts[UNTRANSLATED]} untranslated, marked {UNTRANSLATED_MARK}")
    return "; ".join(parts) + "."


def paragraphs(rows: Sequence[Line]) -> list[tuple[str, str]]:
    """(kind, English) per paragraph: sentences of one input line joined by a space."""
    out: list[tuple[str, str]] = []
    current = None
    for row in rows:
        english = row.shown.strip()
        if row.sentence.sentence.paragraph != current:
            current = row.sentence.sentence.paragraph
            out.append((row.sentence.sentence.kind, english))
        elif english:
            kind, text = out[-1]
            out[-1] = (kind, f"{text} {english}".strip())
    return [(kind, text) for kind, text in out if text]


def draft_text(title: str, rows: Sequence[Line]) -> str:
    body = "\n\n".join(text for _, text in paragraphs(rows))
    head = f"{title}\n\n" if title else ""
    return f"{head}({summary(rows)})\n\n{body}\n"


def draft_markdown(title: str, rows: Sequence[Line]) -> str:
    parts = [f"# {title}"] if title else []
    parts.append(f"*{summary(rows)}*")
    for kind, text in paragraphs(rows):
        parts.append(f"## {text}" if kind == "heading" else (f"- {text}" if kind == "list" else text))
    return "\n\n".join(parts) + "\n"


def write_docx(path: Path, title: str, rows: Sequence[Line]) -> None:
    import docx

    document = docx.Document()
    if title:
        document.add_heading(title, level=1)
    document.add_paragraph(summary(rows)).runs[0].italic = True
    for kind, text in paragraphs(rows):
        if kind == "heading":
            document.add_heading(text, level=2)
        elif kind == "list":
            document.add_paragraph(text, style="List Bullet")
        else:
            document.add_paragraph(text)
    document.save(str(path))


def bilingual_html(title: str, rows: Sequence[Line]) -> str:
    """Japanese with furigana beside the English, one row per sentence; self-contained."""
    body = "".join(
        f"<tr><td lang=\"ja\">{''.join(ruby_html(t) for t in row.sentence.tokens)}</td>"
        f"<td lang=\"en\" class=\"{row.source}\">{escape(row.shown)}</td></tr>\n"
        for row in rows
    )
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>{escape(title)}</title>
<style>
body {{ font-family: "Noto Serif CJK JP", serif; margin: 1.5em; }}
table {{ border-collapse: collapse; width: 100%; }}
td {{ vertical-align: top; padding: 0.35em 0.6em; border-bottom: 1px solid #ddd; width: 50%; }}
td[lang=ja] {{ line-height: 2.2; }} rt {{ font-size: 0.5em; color: #555; }}
th {{ text-align: left; border-bottom: 2px solid #999; padding: 0.35em 0.6em; }}
.machine {{ color: #666; }} .untranslated {{ color: #a33; }} .summary {{ font-style: italic; }}
</style></head><body>
<h1>{escape(title)}</h1>
<p class="summary">{escape(summary(rows))}</p>
<table>
<thead><tr><th>Japanese</th><th>English</th></tr></thead>
{body}</table>
</body></html>
"""


def export(path: Path | str, title: str, rows: Sequence[Line]) -> Path:
    """Write ``rows`` in the format the file name's suffix asks for, whole or not at all
    (a failure leaves an old file of that name as it was)."""
    path = Path(path)
    suffix = path.suffix.lower()
    writers = {
        ".txt": lambda tmp: tmp.write_text(draft_text(title, rows), encoding="utf-8"),
        ".md": lambda tmp: tmp.write_text(draft_markdown(title, rows), encoding="utf-8"),
        ".docx": lambda tmp: write_docx(tmp, title, rows),
        ".html": lambda tmp: tmp.write_text(bilingual_html(title, rows), encoding="utf-8"),
        ".htm": lambda tmp: tmp.write_text(bilingual_html(title, rows), encoding="utf-8"),
    }
    write = writers.get(suffix)
    if write is None:
        raise ReaderError(f"cannot export to {path.name}", "choose .txt, .md, .docx, .html or .pdf")
    with replacing(path) as tmp:
        write(tmp)
    return path
