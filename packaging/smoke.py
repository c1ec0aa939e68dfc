"""Smoke test of the bundle built by `make dist` (packaging/build_dist.py).

Runs dist/reader/reader offscreen, each time with a scratch data directory:

1. ``reader articles``: the bundled articles (package data, paths.resources_dir());
2. ``reader annotate FILE`` with READER_DICT_DIR at a built dictionary: fugashi,
   unidic-lite's dicdir and the glosses;
3. the window, through the bundle's hidden switch READER_SMOKE_SCREENSHOT=OUT.png
   (packaging/entry.py): QtWebEngine renders the first article, OUT.png must be
   over 50 KB;
4. ``reader models install`` and ``reader translate`` with a tiny random-weight model
   made here by tests/core/translation/tinymodel.py (ctranslate2, sentencepiece);
   skipped when that cannot be made (no tests/ or numpy);
5. ``reader setup`` into a scratch folder: the first-run dictionary build from the
   bundled jamdict-data, offline (about a minute; --quick skips it).

Then times the screenshot run of the bundle against the same run from the virtual
environment (``python -m reader.qt.screenshot``), best of 3 each, and prints the
ratio (and the same for ``reader articles``, a command-line start), and the bundle's
size on disk. Exit status 0 when every check passed.

    python packaging/smoke.py [--bundle dist/reader] [--dict-dir dictionaries] [--quick]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MIN_PNG = 50 * 1024
TEXT = "日本語の文章を読みます。停戦の交渉が始まった。\n"


class Smoke:
    def __init__(self, bundle: Path, dict_dir: Path, scratch: Path) -> None:
        exe = bundle / ("reader.exe" if sys.platform == "win32" else "reader")
        if not exe.is_file():
            raise SystemExit(f"smoke: no bundle at {exe}: run `make dist` first")
        self.exe, self.dict_dir, self.scratch = exe, dict_dir, scratch
        self.failures: list[str] = []

    def env(self, **extra: str) -> dict[str, str]:
        env = dict(os.environ)
        env.pop("READER_SMOKE_SCREENSHOT", None)
        data = tempfile.mkdtemp(prefix="data-", dir=self.scratch)
        env.update(QT_QPA_PLATFORM="offscreen", READER_DATA_DIR=data,
                   READER_DICT_DIR=str(self.dict_dir), PYTHONIOENCODING="utf-8")
        env.update(extra)
        return env

    def run(self, name: str, argv: list[str], env: dict[str, str], timeout: int = 180,
            expect: str = "") -> subprocess.CompletedProcess[str] | None:
        started = time.monotonic()
        try:
            done = subprocess.run(argv, env=env, capture_output=True, text=True,
                                  encoding="utf-8", errors="replace", timeout=timeout)
        except subprocess.TimeoutExpired:
            self.fail(name, f"timed out after {timeout} s")
            return None
        took = time.monotonic() - started
        ok = done.returncode == 0 and expect in done.stdout
        print(f"[{'ok' if ok else 'FAIL'}] {name}: exit {done.returncode}, {took:.1f} s")
        if not ok:
            why = f"exit {done.returncode}" if done.returncode else f"{expect!r} not in the output"
            self.fail(name, why, done)
        return done

    def fail(self, name: str, why: str, done: subprocess.CompletedProcess[str] | None = None) -> None:
        self.failures.append(f"{name}: {why}")
        if done is not None:
            for label, text in (("stdout", done.stdout), ("stderr", done.stderr)):
                if text.strip():
                    print(f"    {label}: " + text.strip()[-2000:].replace("\n", "\n    "))
        else:
            print(f"[FAIL] {name}: {why}")

    def articles(self) -> None:
        done = self.run("reader articles", [str(self.exe), "articles"], self.env())
        if done is not None and done.returncode == 0:
            lines = done.stdout.splitlines()
            print("    " + "\n    ".join(lines[:4]) + (f"\n    … {len(lines)} lines" if len(lines) > 4 else ""))
            if not lines:
                self.fail("reader articles", "printed nothing")

    def say(self) -> None:
        """Open JTalk's dictionary and voice travel in the bundle: a sentence becomes a WAV."""
        out = self.scratch / "say.wav"
        done = self.run("reader say -o", [str(self.exe), "say", "平和の話です。", "-o", str(out)], self.env())
        if done is not None and done.returncode == 0:
            size = out.stat().st_size if out.is_file() else 0
            if size < 10_000:
                self.fail("reader say -o", f"{out} is {size} bytes: no speech")
            else:
                print(f"    {out.name}: {size / 1024:.0f} KB")

    def annotate(self) -> None:
        text = self.scratch / "sample.txt"
        text.write_text(TEXT, encoding="utf-8")
        done = self.run("reader annotate", [str(self.exe), "annotate", str(text)], self.env(),
                        expect="文章[ぶんしょう]")
        if done is not None and done.returncode == 0:
            print("    " + done.stdout.strip().replace("\n", "\n    "))
        done = self.run("reader annotate -f json (glosses)",
                        [str(self.exe), "annotate", "-f", "json", str(text)], self.env(),
                        expect='"glosses": ["Japan"]')

    def screenshot(self, argv: list[str], env: dict[str, str], out: Path, name: str) -> float | None:
        out.unlink(missing_ok=True)
        started = time.monotonic()
        done = self.run(name, argv, env, timeout=120)
        took = time.monotonic() - started
        if done is None or done.returncode != 0:
            return None
        size = out.stat().st_size if out.is_file() else 0
        if size <= MIN_PNG:
            self.fail(name, f"{out} is {size} bytes, not over {MIN_PNG}")
            return None
        print(f"    {out.name}: {size / 1024:.0f} KB")
        return took

    def bundle_screenshot(self, out: Path, name: str = "window screenshot (bundle)") -> float | None:
        return self.screenshot([str(self.exe)], self.env(READER_SMOKE_SCREENSHOT=str(out)), out, name)

    def venv_screenshot(self, out: Path) -> float | None:
        return self.screenshot([sys.executable, "-m", "reader.qt.screenshot", str(out)],
                               self.env(), out, "window screenshot (venv)")

    def best_time(self, argv: list[str], runs: int) -> float | None:
        """The quickest of ``runs`` runs of argv (None if one fails)."""
        times = []
        for _ in range(max(1, runs)):
            started = time.monotonic()
            done = subprocess.run(argv, env=self.env(), capture_output=True, check=False)
            if done.returncode != 0:
                self.fail(" ".join(Path(a).name for a in argv), f"exit {done.returncode}")
                return None
            times.append(time.monotonic() - started)
        return min(times)

    def translate(self) -> None:
        try:
            sys.path.insert(0, str(ROOT))
            from tests.core.translation.tinymodel import TINY_NAME, build_package_dir, zip_package
        except ImportError as exc:
            print(f"[skip] reader translate: cannot make the tiny model here ({exc})")
            return
        root = Path(tempfile.mkdtemp(prefix="model-", dir=self.scratch))
        package = zip_package(build_package_dir(root / "src"), root / f"{TINY_NAME}.argosmodel")
        env = self.env()  # one data directory for both commands
        self.run("reader models install", [str(self.exe), "models", "install", str(package)], env)
        text = self.scratch / "sample.txt"
        text.write_text(TEXT, encoding="utf-8")
        done = self.run("reader translate (tiny random model)",
                        [str(self.exe), "translate", "--no-cache", str(text)], env)
        if done is not None and done.returncode == 0 and not done.stdout.strip():
            self.fail("reader translate", "printed nothing")

    def setup(self) -> None:
        dicts = self.scratch / "first-run-dictionaries"
        self.run("reader setup (first-run dictionary build)", [str(self.exe), "setup"],
                 self.env(READER_DICT_DIR=str(dicts)), timeout=600, expect="built ")
        built = dicts / "jmdict.sqlite"
        if built.is_file():
            print(f"    {built.name}: {built.stat().st_size / 2**20:.0f} MiB")


def disk_usage(folder: Path) -> str:
    du = shutil.which("du")
    if du:
        done = subprocess.run([du, "-sh", str(folder)], capture_output=True, text=True, check=False)
        if done.returncode == 0:
            return done.stdout.split()[0]
    total = sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    return f"{total / 2**20:.0f}M"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "reader")
    parser.add_argument("--dict-dir", type=Path, default=ROOT / "dictionaries",
                        help="a folder with a built jmdict.sqlite (default: %(default)s)")
    parser.add_argument("--runs", type=int, default=3, help="timed screenshot runs of each (best of)")
    parser.add_argument("--quick", action="store_true", help="skip the first-run dictionary build")
    args = parser.parse_args(argv)
    if not (args.dict_dir / "jmdict.sqlite").is_file():
        raise SystemExit(f"smoke: no {args.dict_dir / 'jmdict.sqlite'}: run `make setup` first")

    with tempfile.TemporaryDirectory(prefix="reader-smoke-") as tmp:
        scratch = Path(tmp)
        smoke = Smoke(args.bundle.resolve(), args.dict_dir.resolve(), scratch)
        smoke.articles()
        smoke.annotate()
        bundle_times: list[float] = []
        venv_times: list[float] = []
        for i in range(max(1, args.runs)):
            took = smoke.bundle_screenshot(scratch / f"bundle-{i}.png",
                                           f"window screenshot (bundle, run {i + 1})")
            if took is not None:
                bundle_times.append(took)
            took = smoke.venv_screenshot(scratch / f"venv-{i}.png")
            if took is not None:
                venv_times.append(took)
        cli_bundle = smoke.best_time([str(smoke.exe), "articles"], args.runs)
        venv_reader = Path(sys.executable).with_name("reader.exe" if sys.platform == "win32" else "reader")
        cli_venv = smoke.best_time([str(venv_reader), "articles"], args.runs) if venv_reader.is_file() else None
        smoke.translate()
        smoke.say()
        if not args.quick:
            smoke.setup()

        print()
        if bundle_times and venv_times:
            b, v = min(bundle_times), min(venv_times)
            print(f"start-up to a rendered article, best of {args.runs}: bundle {b:.2f} s, "
                  f"venv {v:.2f} s, ratio bundle/venv {b / v:.2f}")
        if cli_bundle and cli_venv:
            print(f"command line (`reader articles`), best of {args.runs}: bundle {cli_bundle:.2f} s, "
                  f"venv {cli_venv:.2f} s, ratio bundle/venv {cli_bundle / cli_venv:.2f}")
        print(f"bundle size on disk: {disk_usage(args.bundle)} ({args.bundle})")
        if smoke.failures:
            print(f"smoke test FAILED ({len(smoke.failures)}):")
            for failure in smoke.failures:
                print(f"  - {failure}")
            return 1
        print("smoke test passed")
        return 0


if __name__ == "__main__":
    sys.exit(main())
