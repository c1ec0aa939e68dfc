"""The tree shows the architecture, and tests keep it so.

- The core never imports Qt (nor the command line), and its tests run without it.
- Core domains import only downward, in the order LAYERS declares; peers of one
  layer do not import each other.
- Nothing in reader/ imports in a circle.
- No module is over 500 lines.
- The heavy translation stack (torch, stanza) stays out.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

import reader

PACKAGE = Path(reader.__file__).parent
CORE = PACKAGE / "core"
#: The core's domains, lowest first. Each may import the ones before it, never after.
LAYERS = (
    ("text",),  # pure computation over strings: decoding, sentences, MeCab, furigana
    ("storage",),  # the user's database: connection, schema, clock, backups
    ("dictionaries",),  # JMdict and friends, imported Yomitan dictionaries, examples
    ("library",),  # bundled and imported articles, reading positions
    ("vocabulary", "translation", "audio"),  # the learner's words; the translator's work; speech and estimated pitch
    ("app",),  # the installed application: credits, desktop integration
)
#: Modules the core keeps at its top: what every domain shares.
CORE_ROOT = {"__init__", "errors", "net", "paths"}
MAX_LINES = 500


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imports(path: Path, *, type_checking: bool = True) -> set[str]:
    """reader modules ``path`` imports, at the top or inside functions; ``from pkg import
    mod`` counts as importing the module. Without ``type_checking``, imports under
    ``if TYPE_CHECKING:`` (which never run) are left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped: set[int] = set()
    if not type_checking:
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                skipped.update(id(n) for sub in node.body for n in ast.walk(sub))
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                found.add(full if full in MODULES else node.module)
    return found


def test_the_core_imports_no_qt_and_no_command_line():
    offenders = {
        module_name(p): sorted(
            n for n in imports(p) if n.split(".")[0] in ("PySide6", "shiboken6") or n.startswith(("reader.qt", "reader.cli"))
        )
        for p in CORE.rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_relative_imports_are_not_used():
    """Absolute imports name where a module lives, and survive moving the importer."""
    relative = [
        module_name(p)
        for p in PACKAGE.rglob("*.py")
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and node.level
    ]
    assert relative == []


def test_the_core_is_domain_packages_over_errors_and_paths():
    top = {p.stem for p in CORE.glob("*.py")}
    assert top == CORE_ROOT
    domains = {p.name for p in CORE.iterdir() if (p / "__init__.py").is_file()}
    assert domains == {name for layer in LAYERS for name in layer}


def _layer(domain: str) -> int:
    return next(n for n, layer in enumerate(LAYERS) if domain in layer)


def test_core_domains_import_only_downward():
    wrong = []
    for path in CORE.rglob("*.py"):
        parts = path.relative_to(CORE).parts
        if len(parts) < 2:
            continue
        domain = parts[0]
        for name in imports(path):
            other = name.split(".")
            if other[:2] != ["reader", "core"] or len(other) < 3 or other[2] in CORE_ROOT:
                continue
            if other[2] != domain and _layer(other[2]) >= _layer(domain):
                wrong.append(f"{module_name(path)} -> {name}")
    assert wrong == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in graph:
        if v not in index:
            visit(v)
    return found


def test_nothing_imports_in_a_circle():
    graph = {
        name: {m for m in imports(path, type_checking=False) if m in MODULES and m != name}
        for name, path in MODULES.items()
    }
    assert _cycles(graph) == []


def test_the_cycle_check_finds_cycles():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_module_is_over_500_lines():
    long = {
        str(p.relative_to(PACKAGE)): n
        for p in PACKAGE.rglob("*")
        if p.suffix in (".py", ".js", ".css", ".html")
        and (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


@pytest.mark.skipif(os.environ.get("READER_BLOCK_QT") != "1", reason="only where tests/core runs with Qt blocked")
def test_qt_is_blocked_for_the_core_tests():
    """`make test` runs tests/core with READER_BLOCK_QT=1 (tests/core/conftest.py)."""
    with pytest.raises(ImportError, match="blocked"):
        import PySide6  # noqa: F401


def test_every_core_module_imports_with_qt_blocked():
    code = (
        "import importlib, pkgutil, sys\n"
        "from tests.core.conftest import BlockQt\n"
        "sys.meta_path.insert(0, BlockQt())\n"
        "import reader.core\n"
        "for m in pkgutil.walk_packages(reader.core.__path__, 'reader.core.'):\n"
        "    importlib.import_module(m.name)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'reader.qt', 'reader.cli'))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=PACKAGE.parent
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_nothing_imports_argostranslate_translate():
    bad = [module_name(p) for p in PACKAGE.rglob("*.py") if "argostranslate.translate" in imports(p)]
    assert bad == []


def test_no_torch_stanza_or_spacy_in_the_environment():
    """argostranslate is installed --no-deps: its heavy, online-at-run-time deps stay out."""
    import importlib.util

    assert importlib.util.find_spec("argostranslate") is not None
    for heavy in ("torch", "stanza", "spacy"):
        assert importlib.util.find_spec(heavy) is None, f"{heavy} is installed"
