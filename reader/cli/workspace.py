"""The translator's workspace on the command line: `reader drafts export|import|list`,
`reader qa`, `reader tm import|export|match`.

ARTICLE is a bundled article's id or number (`reader articles`), an imported article's
id (imp-N, `reader drafts list`), or a file, imported as an article the first time
(the same unchanged file later finds that article again, with its drafts).

`reader qa` exits 0 when the drafts pass, 4 when it found issues (listed on stdout), and
1 or 2, as every command, when it could not check.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from reader.cli import console
from reader.core.errors import InputError, ReaderError
from reader.core.storage.store import Store, open_store_checked

EXPORT_FORMATS = ("xliff", "tmx", "txt", "md", "docx", "html", "pdf")
BY_SUFFIX = {
    ".xlf": "xliff", ".xliff": "xliff", ".tmx": "tmx", ".txt": "txt", ".md": "md", ".docx": "docx",
    ".html": "html", ".htm": "html", ".pdf": "pdf",
}
EXIT_ISSUES = 4


def add_parsers(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("drafts", help="export, import or list the English drafts of articles")
    dsub = p.add_subparsers(dest="drafts_command", metavar="{export,import,list}")
    dsub.required = True
    d = dsub.add_parser(
        "export", help="write an article's drafts as XLIFF, TMX, text, Markdown, Word, HTML or PDF",
        description="Write ARTICLE's drafts. xliff: XLIFF 1.2 for CAT tools (drafts and review "
        "states); tmx: TMX 1.4b of its drafted sentences; txt/md/docx: the English; html/pdf: "
        "Japanese beside English. QA issues in the drafts are warned about on stderr.",
    )
    d.add_argument("article", help="an article id (reader articles, reader drafts list) or a file")
    d.add_argument("--format", "-f", choices=EXPORT_FORMATS, help="default: from the file name's suffix")
    d.add_argument("-o", "--output", required=True, type=Path, help="the file to write")
    d.set_defaults(func=cmd_drafts_export)
    d = dsub.add_parser(
        "import", help="bring drafts back from an XLIFF or TMX file (and reviewed ones into the memory)",
        description="Read an XLIFF 1.2 file exported by `reader drafts export` and edited in a CAT "
        "tool (or a TMX file written by reader): targets and review states come back, matched by "
        "id and by Japanese text. Anything that does not fit refuses the whole file, unless "
        "--skip-mismatched. Reviewed drafts become memory units.",
    )
    d.add_argument("path", type=Path, help="an .xlf/.xliff or .tmx file")
    d.add_argument("--article", help="import into this article instead of the one the file names")
    d.add_argument("--skip-mismatched", action="store_true",
                   help="apply the units that fit and list the others, rather than refusing the file")
    d.set_defaults(func=cmd_drafts_import)
    d = dsub.add_parser("list", help="articles with drafts: sentences drafted and reviewed")
    d.set_defaults(func=cmd_drafts_list)

    p = sub.add_parser(
        "qa", help="check an article's drafts (numbers, glossary terms, consistency, brackets…)",
        description="Check ARTICLE's drafts: numbers, glossary terms, empty or untranslated "
        "sentences, the same sentence translated two ways, brackets and quotes, double spaces. "
        f"Exit status: 0 no issues, {EXIT_ISSUES} issues found.",
    )
    p.add_argument("article", help="an article id or a file")
    p.add_argument("--format", "-f", choices=("text", "json"), default="text")
    p.add_argument("--ignore", action="append", default=[], metavar="CODE",
                   help="leave out issues of this code (e.g. empty); may be repeated")
    p.set_defaults(func=cmd_qa)

    p = sub.add_parser("tm", help="the translation memory: import, export, match")
    tsub = p.add_subparsers(dest="tm_command", metavar="{import,export,match}")
    tsub.required = True
    t = tsub.add_parser("import", help="add the units of a TMX 1.4b file (Japanese→English)")
    t.add_argument("path", type=Path)
    t.set_defaults(func=cmd_tm_import)
    t = tsub.add_parser("export", help="write every unit to a TMX 1.4b file")
    t.add_argument("path", type=Path)
    t.set_defaults(func=cmd_tm_export)
    t = tsub.add_parser("match", help="the memory's matches for a Japanese sentence")
    t.add_argument("text", help="a Japanese sentence")
    t.add_argument("--format", "-f", choices=("text", "json"), default="text")
    t.add_argument("--limit", type=int, default=3, help="at most this many (default: %(default)s)")
    t.add_argument("--threshold", type=float, default=70.0,
                   help="lowest fuzzy score, 1-100 (default: %(default)s)")
    t.set_defaults(func=cmd_tm_match)


# --- articles ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Target:
    """An article as the workspace sees it: its sentences and their drafts."""

    id: str
    title: str
    text: str
    sources: list[str]
    drafts: dict[int, tuple[str, bool]]


def _imported_article(store: Store, path: Path) -> tuple[str, str, str]:
    from reader.core.library import importers
    from reader.core.library.imported import ImportedArticles

    articles = ImportedArticles(store)
    imported = importers.import_file(path)
    origin = str(path.resolve())
    known = articles.find_origin(origin)
    if known is not None:
        old = articles.get(known)
        if old.text == imported.text:
            return known, old.info.title, old.text
    info = articles.add(
        imported.title, imported.text, source=imported.source, url=imported.url,
        author=imported.author, date=imported.date, origin=origin,
    )
    print(f"reader: imported {path.name} as article {info.id}", file=sys.stderr)
    return info.id, imported.title, imported.text


def resolve_article(store: Store, ref: str) -> tuple[str, str, str]:
    """(id, title, text) of ARTICLE: an imported or bundled article's id, a bundled
    article's number, or a file (imported first)."""
    from reader.core.library import bundled
    from reader.core.library.imported import ImportedArticles, is_imported

    if is_imported(ref):
        article = ImportedArticles(store).get(ref)
        return article.info.id, article.info.title, article.text
    try:
        article = bundled.load_article(ref)
        return article.info.id, article.info.title, article.text
    except ReaderError:
        pass
    path = Path(ref)
    if path.is_file():
        return _imported_article(store, path)
    raise InputError(
        f"no article or file named {ref!r}",
        "give an id from `reader articles` or `reader drafts list`, or the path of a text file",
    )


def load_target(store: Store, ref: str) -> Target:
    from reader.core.text.sentences import split_sentences
    from reader.core.translation.drafts import Drafts

    article_id, title, text = resolve_article(store, ref)
    sources = [s.text for s in split_sentences(text)]
    return Target(article_id, title, text, sources, Drafts(store).load(article_id, sources))


def _segments(target: Target) -> list:
    from reader.core.translation.qa import Segment

    return [Segment(i, source, target.drafts.get(i, ("", False))[0]) for i, source in enumerate(target.sources)]


def _issues(store: Store, target: Target) -> list:
    from reader.core.translation.glossary import Termbase
    from reader.core.translation.qa import check

    return check(_segments(target), dict(Termbase(store).terms()))


# --- drafts ------------------------------------------------------------------------------
def cmd_drafts_export(args: argparse.Namespace) -> int:
    store = open_store_checked()
    target = load_target(store, args.article)
    kind = args.format or BY_SUFFIX.get(args.output.suffix.lower())
    if kind is None:
        raise InputError(f"cannot tell the format of {args.output.name}", f"add --format ({', '.join(EXPORT_FORMATS)})")
    issues = [i for i in _issues(store, target) if i.code != "empty"]
    if issues:
        codes = ", ".join(sorted({i.code for i in issues}))
        print(f"reader: warning: QA found {len(issues)} issue{'s' * (len(issues) != 1)} in the drafts "
              f"({codes}); see `reader qa {target.id}`", file=sys.stderr)
    drafted = sum(1 for draft, _ in target.drafts.values() if draft.strip())
    reviewed = sum(1 for draft, done in target.drafts.values() if draft.strip() and done)
    _write_export(kind, args.output, target)
    console.stdout().write(
        f"wrote {args.output}: {drafted} of {len(target.sources)} sentences drafted, {reviewed} reviewed\n"
    )
    return 0


def _write_export(kind: str, path: Path, target: Target) -> None:
    if kind == "xliff":
        from reader.core.translation import xliff

        segments = [
            xliff.Segment(i, source, *target.drafts.get(i, ("", False))) for i, source in enumerate(target.sources)
        ]
        xliff.write_xliff(path, target.id, target.title, segments)
    elif kind == "tmx":
        from reader.core.translation import tmx

        units = [
            tmx.Unit(target.sources[i], draft, target.id, sentence=i, reviewed=reviewed)
            for i, (draft, reviewed) in sorted(target.drafts.items()) if draft.strip()
        ]
        tmx.write_tmx(path, units)
    else:
        from reader.core.storage.atomic import replacing
        from reader.core.text.pipeline import Annotator
        from reader.core.text.sentences import split_sentences
        from reader.core.translation import export

        annotated = list(Annotator(None).annotate_sentences(split_sentences(target.text)))
        rows = export.lines(annotated, [target.drafts.get(i, ("", False))[0] for i in range(len(annotated))], [])
        if kind == "pdf":
            from reader.cli.workspace_pdf import write_pdf

            write_pdf(path, target.title, rows)
            return
        if kind == "docx":
            with replacing(path) as tmp:
                export.write_docx(tmp, target.title, rows)
            return
        writers = {"txt": export.draft_text, "md": export.draft_markdown, "html": export.bilingual_html}
        with replacing(path) as tmp:
            tmp.write_text(writers[kind](target.title, rows), encoding="utf-8")


def cmd_drafts_import(args: argparse.Namespace) -> int:
    store = open_store_checked()
    if args.path.suffix.lower() == ".tmx":
        return _import_tmx_drafts(store, args)
    from reader.core.translation import xliff
    from reader.core.translation.drafts import Drafts

    document = xliff.read_xliff(args.path)
    ref = args.article or document.article_id
    if not ref:
        raise InputError(f"{args.path.name} does not say which article it is for", "add --article ID")
    target = load_target(store, ref) if args.article else _known_target(store, ref, args.path.name)
    plan = xliff.plan_import(document, target.sources, target.drafts)
    _refuse_or_warn(plan.problems, plan.summary(), args, target.id)
    Drafts(store).save_many(target.id, plan.changes)
    reviewed = sum(1 for *_, done in plan.changes if done)
    console.stdout().write(
        f"updated {len(plan.changes)} drafts of {target.id} ({reviewed} reviewed, now in the memory); "
        f"{plan.unchanged} unchanged\n"
    )
    return 0


def _known_target(store: Store, ref: str, name: str) -> Target:
    """The article an exchange file names; it must already be in the library."""
    from reader.core.library.imported import is_imported

    if Path(ref).exists() and not is_imported(ref):
        raise InputError(f"{name} names no article of reader's", "add --article ID")
    try:
        return load_target(store, ref)
    except ReaderError:
        raise InputError(
            f"{name} is for article {ref!r}, which is not in your library",
            "import the article again and give its id with --article",
        ) from None


def _refuse_or_warn(problems: list[str], summary: str, args: argparse.Namespace, article_id: str) -> None:
    if not problems:
        return
    if not args.skip_mismatched:
        raise InputError(
            f"{args.path.name} does not fit article {article_id}: {summary}; nothing was changed",
            "export the article again, or add --skip-mismatched to apply the units that fit",
        )
    print(f"reader: warning: skipped {len(problems)} units: {summary}", file=sys.stderr)


def _import_tmx_drafts(store: Store, args: argparse.Namespace) -> int:
    """A TMX written by `reader drafts export`: its units carry their article and sentence.
    Drafts and memory change in one transaction."""
    from reader.core.translation import tmx
    from reader.core.translation.drafts import Drafts
    from reader.core.translation.tm import TranslationMemory, normalise

    document = tmx.read_tmx(args.path)
    changes: dict[str, list[tuple[int, str, str, bool]]] = {}
    problems: list[str] = []
    targets: dict[str, Target] = {}
    for number, unit in enumerate(document.units, 1):
        ref = args.article or unit.article_id
        if not ref or unit.sentence is None:
            continue
        if ref not in targets:
            targets[ref] = _known_target(store, ref, args.path.name)
        target = targets[ref]
        i = unit.sentence
        if not 0 <= i < len(target.sources):
            problems.append(f"unit {number} names sentence {i + 1} of {target.id}, which has {len(target.sources)}")
        elif normalise(unit.source) != normalise(target.sources[i]):
            problems.append(f"unit {number}'s Japanese is not sentence {i + 1}'s of {target.id} any more")
        elif target.drafts.get(i) != (unit.target, unit.reviewed):
            changes.setdefault(target.id, []).append((i, target.sources[i], unit.target, unit.reviewed))
    _refuse_or_warn(problems, "; ".join(problems[:5]), args, ", ".join(targets) or "?")
    drafts, memory = Drafts(store), TranslationMemory(store)
    with store.transaction():
        for article_id, found in changes.items():
            drafts.save_many(article_id, found)
        added = memory.add_units(document.reviewed_units())
    console.stdout().write(
        f"updated {sum(map(len, changes.values()))} drafts; {added} units into the memory "
        f"(which holds {memory.count()})\n"
    )
    return 0


def cmd_drafts_list(args: argparse.Namespace) -> int:
    from reader.core.library import bundled
    from reader.core.library.imported import ImportedArticles
    from reader.core.translation.drafts import Drafts

    store = open_store_checked()
    progress = Drafts(store).progress_all()
    out = console.stdout()
    infos = [*ImportedArticles(store).all(), *bundled.list_articles()]
    for info in infos:
        drafted, reviewed = progress.get(info.id, (0, 0))
        out.write(f"{info.id}  {drafted} drafted, {reviewed} reviewed  {info.title}\n")
    return 0


# --- QA ----------------------------------------------------------------------------------
def cmd_qa(args: argparse.Namespace) -> int:
    from reader.core.translation.qa import CODES

    unknown = [code for code in args.ignore if code not in CODES]
    if unknown:
        raise InputError(f"no QA check is called {unknown[0]!r}", f"choose from {', '.join(CODES)}")
    store = open_store_checked()
    target = load_target(store, args.article)
    issues = [i for i in _issues(store, target) if i.code not in args.ignore]
    out = console.stdout()
    if args.format == "json":
        items = [
            {"sentence": i.sentence, "code": i.code, "message": i.message, "source": target.sources[i.sentence],
             "draft": target.drafts.get(i.sentence, ("", False))[0]}
            for i in issues
        ]
        out.write(json.dumps({"article": target.id, "sentences": len(target.sources), "issues": items},
                             ensure_ascii=False, indent=1) + "\n")
    else:
        for issue in issues:
            draft = target.drafts.get(issue.sentence, ("", False))[0]
            out.write(f"sentence {issue.sentence + 1} [{issue.code}] {issue.message}\n"
                      f"   ja: {target.sources[issue.sentence]}\n")
            if draft:
                out.write(f"   en: {draft}\n")
        counts = {code: sum(1 for i in issues if i.code == code) for code in CODES}
        summary = ", ".join(f"{n} {code}" for code, n in counts.items() if n)
        out.write(f"{len(issues)} issues in {len(target.sources)} sentences{f' ({summary})' if summary else ''}\n")
    return EXIT_ISSUES if issues else 0


# --- translation memory ----------------------------------------------------------------
def cmd_tm_import(args: argparse.Namespace) -> int:
    from reader.core.translation import tmx
    from reader.core.translation.tm import TranslationMemory

    document = tmx.read_tmx(args.path)
    memory = TranslationMemory(open_store_checked())
    reviewed = document.reviewed_units()
    taken = memory.add_units(reviewed)
    left = len(document.units) - len(reviewed)
    notes = [f"{document.blank} with an empty side"] if document.blank else []
    notes += [f"{left} drafts not reviewed"] if left else []
    skipped = f"; left out {', '.join(notes)}" if notes else ""
    console.stdout().write(f"added or updated {taken} units{skipped}; the memory holds {memory.count()}\n")
    return 0


def cmd_tm_export(args: argparse.Namespace) -> int:
    from reader.core.translation.tm import TranslationMemory

    written = TranslationMemory(open_store_checked()).export_tmx(args.path)
    console.stdout().write(f"wrote {written} units to {args.path}\n")
    return 0


def _marked(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    """``text`` with its differing spans in [brackets]."""
    out, at = [], 0
    for start, end in spans:
        out += [text[at:start], "[", text[start:end], "]"]
        at = end
    return "".join(out) + text[at:]


def cmd_tm_match(args: argparse.Namespace) -> int:
    from reader.core.translation.tm import TranslationMemory

    if not 1 <= args.threshold <= 100:
        raise InputError(f"--threshold {args.threshold:g} is not between 1 and 100", "try 70")
    if args.limit < 1:
        raise InputError(f"--limit {args.limit} is not 1 or more", "try 3")
    found = TranslationMemory(open_store_checked()).matches(args.text, limit=args.limit, threshold=args.threshold)
    out = console.stdout()
    if args.format == "json":
        items = [
            {"score": round(m.score, 1), "source": m.source, "target": m.target, "article": m.article_id,
             "updated": m.updated, "diff": [list(span) for span in m.diff]}
            for m in found
        ]
        out.write(json.dumps({"query": args.text, "matches": items}, ensure_ascii=False, indent=1) + "\n")
        return 0
    if not found:
        out.write(f"no match of {args.threshold:g}% or more\n")
    for m in found:
        out.write(f"{m.score:5.1f}%  {m.target}\n        {m.source}  ({m.article_id or 'imported'}, {m.updated[:10]})\n")
        if m.diff:
            out.write(f"        differs: {_marked(args.text, m.diff)}\n")
    return 0
