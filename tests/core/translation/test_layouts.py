"""Every model layout installs (from a folder and from a zip), translates and is removed;
broken ones are refused with one line and leave nothing behind."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from reader.core.errors import ReaderError
from reader.core.translation import layouts, packages
from reader.core.translation.engine import CT2Translator
from tests.core.translation.tinymodel import LAYOUT_NAMES, build_layout_dir, zip_folder

SENTENCES = ["平和の話です。", "さようなら", "2025年8月のアンカレッジ米ロ首脳会談以降、停戦が議論された。"]
EXPECTED = {  # layout, licence, source tokens around the sentence, target prefix
    "argos": ("argos", "see its README", (), (), ()),
    "ct2": ("ct2", "cc-by-4.0", (), (), ()),
    "marian": ("marian", "apache-2.0", (), ("</s>",), ()),
    "nllb": ("prefix", "CC-BY-NC-4.0", ("jpn_Jpan",), ("</s>",), ("eng_Latn",)),
    "m2m100": ("prefix", "MIT", ("__ja__",), ("</s>",), ("__en__",)),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("layouts")
    return {kind: build_layout_dir(root, kind) for kind in EXPECTED}


def _left_over() -> list[str]:
    root = packages.packages_dir()
    return sorted(os.listdir(root)) if root.exists() else []


def _yes(name: str, notice: str) -> bool:
    return True


@pytest.mark.parametrize("kind", list(EXPECTED))
@pytest.mark.parametrize("form", ["folder", "zip"])
def test_every_layout_installs_translates_and_is_removed(built, tmp_path: Path, kind: str, form: str):
    source = built[kind]
    if form == "zip":
        source = zip_folder(source, tmp_path / f"{source.name}.zip", top=kind == "argos")
    info = packages.install_package(source, accept_licence=_yes)
    layout, licence, before, after, prefix = EXPECTED[kind]
    assert (info.name, info.layout, info.licence) == (LAYOUT_NAMES[kind], layout, licence)
    assert (info.from_code, info.to_code) == ("ja", "en")
    assert info.source == str(source) and info.size > 0
    manifest = json.loads((info.path / layouts.MANIFEST).read_text(encoding="utf-8"))
    assert manifest["layout"] == layout and manifest["size"] == info.size
    assert [p.name for p in packages.list_packages()] == [info.name]
    translator = CT2Translator(info, beam_size=2)
    tokens = translator.encode(SENTENCES[0])
    assert tuple(tokens[: len(before)]) == before and tuple(tokens[len(tokens) - len(after) :]) == after
    assert info.target_tokens == prefix
    got = dict(translator.translate_sentences(SENTENCES))
    assert sorted(got) == [0, 1, 2] and all(got.values())
    assert not any(t in text for text in got.values() for t in ("eng_Latn", "__en__", "</s>"))
    assert packages.remove_package(info.name).name == info.name
    assert packages.list_packages() == [] and _left_over() == []


def test_the_best_layout_is_chosen_when_several_are_installed(built):
    packages.install_package(built["argos"])
    packages.install_package(built["ct2"])
    assert packages.require_package().layout == "ct2"


def test_nllb_needs_its_licence_accepted(built):
    seen: list[tuple[str, str]] = []

    def no(name: str, notice: str) -> bool:
        seen.append((name, notice))
        return False

    for answer in (None, no):
        with pytest.raises(ReaderError, match="CC-BY-NC-4.0 and was not accepted") as caught:
            packages.install_package(built["nllb"], accept_licence=answer)
        assert "--accept-licence" in caught.value.advice
        assert _left_over() == []
    assert seen and seen[0][0] == "nllb-200-tiny" and "non-commercial" in seen[0][1]
    assert packages.install_package(built["m2m100"]).licence == "MIT"  # no question for MIT


def _broken(built: dict[str, Path], tmp_path: Path, case: str) -> Path:
    folder = tmp_path / "quickmt-ja-en-broken"
    shutil.copytree(built["ct2"], folder)
    if case == "wrong-layout":
        (folder / "src.spm.model").unlink()
        (folder / "tgt.spm.model").unlink()
        (folder / "model.bin").rename(folder / "weights.bin")
    elif case == "no-tokenizer":
        (folder / "src.spm.model").rename(folder / "tokenizer.model")
        (folder / "tgt.spm.model").unlink()
    elif case == "manifest-outside":
        manifest = {"layout": "ct2", "from": "ja", "to": "en",
                    "files": {"model": ".", "source_spm": "../../../etc/passwd", "target_spm": "tgt.spm.model"}}
        (folder / layouts.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    elif case == "manifest-absolute":
        manifest = {"layout": "ct2", "files": {"model": "/usr", "source_spm": "a", "target_spm": "b"}}
        (folder / layouts.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    elif case == "vocabulary-mismatch":
        vocab = json.loads((folder / "target_vocabulary.json").read_text(encoding="utf-8"))
        (folder / "target_vocabulary.json").write_text(json.dumps(vocab[:500]), encoding="utf-8")
    elif case == "empty-model-bin":
        (folder / "model.bin").write_bytes(b"")
    elif case == "en-ja":
        folder = folder.rename(tmp_path / "quickmt-en-ja-broken")
    return zip_folder(folder, tmp_path / f"{case}.zip")


@pytest.mark.parametrize(
    ("case", "says"),
    [
        ("wrong-layout", "is not a known model layout"),
        ("no-tokenizer", "has a model.bin but no tokenizer"),
        ("manifest-outside", "reader-model.json points outside its folder (files.source_spm"),
        ("manifest-absolute", "points outside its folder (files.model = '/usr')"),
        ("vocabulary-mismatch", "target_vocabulary.json has 500 tokens for a model of"),
        ("empty-model-bin", "its model.bin is empty (0 bytes)"),
        ("en-ja", "translates en→ja; reader needs ja→en"),
    ],
)
def test_broken_models_are_refused_with_one_line(built, tmp_path: Path, case: str, says: str):
    bad = _broken(built, tmp_path, case)
    with pytest.raises(ReaderError) as caught:
        packages.install_package(bad)
    assert says in caught.value.message and bad.name in caught.value.message
    assert "\n" not in caught.value.message and caught.value.advice
    assert packages.list_packages() == [] and _left_over() == []


def test_a_folder_with_a_link_is_refused(built, tmp_path: Path):
    folder = tmp_path / "quickmt-ja-en-link"
    shutil.copytree(built["ct2"], folder)
    (folder / "README.md").unlink()
    (folder / "README.md").symlink_to("/etc/passwd")
    with pytest.raises(ReaderError, match="symbolic link"):
        packages.install_package(folder)
    assert _left_over() == []


def test_an_installed_manifest_that_points_outside_is_not_listed(built):
    info = packages.install_package(built["marian"])
    manifest = json.loads((info.path / layouts.MANIFEST).read_text(encoding="utf-8"))
    manifest["files"]["model"] = "../.."
    (info.path / layouts.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    assert packages.list_packages() == []


def test_nllb_needs_consent_whatever_licence_its_shipped_manifest_claims():
    claimed_mit = {"layout": "prefix", "licence": "MIT", "target_prefix": ["eng_Latn"]}
    assert layouts.needs_consent(claimed_mit)
    assert "non-commercial" in layouts.licence_notice(claimed_mit).lower()
    assert not layouts.needs_consent({"layout": "prefix", "licence": "MIT", "target_prefix": ["__en__"]})
    assert not layouts.needs_consent({"layout": "ct2", "licence": "CC-BY-4.0", "target_prefix": []})
