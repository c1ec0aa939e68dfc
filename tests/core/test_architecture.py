"""The core stays free of Qt, and PySide6 stays on a release that does not crash."""

import ast
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import reader.core

CORE = Path(reader.core.__file__).parent


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_never_imports_qt():
    offenders = {
        str(p.relative_to(CORE)): sorted(n for n in _imports(p) if n.split(".")[0] in ("PySide6", "shiboken6"))
        for p in CORE.rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_nothing_imports_argostranslate_translate():
    package = CORE.parent
    bad = [str(p) for p in package.rglob("*.py") if "argostranslate.translate" in _imports(p)]
    assert bad == []


def test_pyside6_is_below_6_12():
    major, minor = (int(x) for x in version("PySide6").split(".")[:2])
    assert (major, minor) < (6, 12), "PySide6 6.12.0 aborts Python 3.11: keep the pin <6.12"


def test_void_calls_do_not_leak_none():
    """PySide6 6.12.0 leaked a reference to None on every call returning nothing,
    and Python aborted after a few thousand calls."""
    code = (
        "import sys\n"
        "from PySide6.QtCore import QObject\n"
        "o = QObject()\n"
        "before = sys.getrefcount(None)\n"
        "for i in range(20000):\n"
        "    o.setObjectName('x')\n"
        "print(sys.getrefcount(None) - before)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.strip()) < 1000


def test_no_torch_stanza_or_spacy_in_the_environment():
    """argostranslate is installed --no-deps: its heavy, online-at-run-time deps stay out."""
    import importlib.util

    assert importlib.util.find_spec("argostranslate") is not None
    for heavy in ("torch", "stanza", "spacy"):
        assert importlib.util.find_spec(heavy) is None, f"{heavy} is installed"
