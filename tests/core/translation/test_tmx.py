"""TMX 1.4b: what reader writes is read by translate-toolkit (an independent reader), comes
back whole through reader, and hostile or wrong files are refused with nothing changed."""

from __future__ import annotations

from pathlib import Path

import pytest
from translate.storage import tmx as toolkit_tmx

from reader.core.errors import InputError
from reader.core.storage.store import Store
from reader.core.translation import tmx
from reader.core.translation.tm import TranslationMemory

UNITS = [
    ("２０２５年に東京で会議が開かれた。", "A meeting was held in Tokyo in 2025."),
    ("「停戦」は不可欠だ & 急務だ。", 'A "ceasefire" is vital & urgent.'),
    ("首脳会談は<8月>だった。", "The summit was in <August>."),
]


@pytest.fixture
def memory(tmp_path):
    store = Store(tmp_path / "reader.sqlite")
    tm = TranslationMemory(store)
    for n, (source, target) in enumerate(UNITS):
        tm.add(source, target, f"imp-{n}", when=f"2025-10-0{n + 1}T09:30:00.000000+00:00")
    yield tm
    store.close()


def test_translate_toolkit_reads_what_reader_writes(memory, tmp_path):
    path = tmp_path / "memory.tmx"
    assert memory.export_tmx(path) == 3
    store = toolkit_tmx.tmxfile.parsefile(str(path))
    assert [(u.source, u.target) for u in store.units] == UNITS
    assert store.getsourcelanguage() == "ja"


def test_a_round_trip_keeps_units_dates_and_articles(memory, tmp_path):
    path = tmp_path / "memory.tmx"
    memory.export_tmx(path)
    other = TranslationMemory(Store(tmp_path / "other.sqlite"))
    assert other.import_tmx(path) == 3
    assert other.units() == memory.units()
    assert other.import_tmx(path) == 3  # again: the same units, nothing doubled
    assert other.count() == 3


def test_reads_a_tmx_written_by_translate_toolkit_with_inline_codes(tmp_path):
    store = toolkit_tmx.tmxfile(sourcelanguage="ja", targetlanguage="en")
    store.addtranslation("東京です。", "ja", "It is Tokyo.", "en")
    path = tmp_path / "toolkit.tmx"
    store.savefile(str(path))
    text = path.read_text(encoding="utf-8")
    # As CAT tools write formatting: the code's own text is not part of the sentence.
    path.write_text(text.replace("<seg>It is Tokyo.</seg>", '<seg>It is <bpt i="1">&lt;b&gt;</bpt>Tokyo<ept i="1">&lt;/b&gt;</ept>.</seg>'),
                    encoding="utf-8")
    assert "<bpt" in path.read_text(encoding="utf-8") and "<!DOCTYPE" in text
    document = tmx.read_tmx(path)
    assert [(u.source, u.target) for u in document.units] == [("東京です。", "It is Tokyo.")]


def test_a_doctype_line_as_omegat_writes_it_is_read(tmp_path):
    path = tmp_path / "omegat.tmx"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx SYSTEM "tmx11.dtd">\n'
        '<tmx version="1.1"><header srclang="JA" creationtool="OmegaT" segtype="sentence" o-tmf="OmegaT" '
        'adminlang="EN-US" datatype="plaintext"/><body><tu><tuv lang="JA"><seg>猫</seg></tuv>'
        '<tuv lang="EN-US"><seg>cat</seg></tuv></tu></body></tmx>', encoding="utf-8")
    assert [(u.source, u.target) for u in tmx.read_tmx(path).units] == [("猫", "cat")]


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10))
    + ']><tmx version="1.4"><header srclang="ja"/><body><tu><tuv xml:lang="ja"><seg>&lol9;</seg></tuv>'
    '<tuv xml:lang="en"><seg>x</seg></tuv></tu></body></tmx>'
)
EXTERNAL = (
    '<?xml version="1.0"?><!DOCTYPE tmx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    '<tmx version="1.4"><header srclang="ja"/><body><tu><tuv xml:lang="ja"><seg>&xxe;</seg></tuv>'
    '<tuv xml:lang="en"><seg>x</seg></tuv></tu></body></tmx>'
)


def _tmx(units: str, srclang: str = "ja") -> str:
    return (f'<?xml version="1.0"?>\n<tmx version="1.4">\n<header srclang="{srclang}" datatype="plaintext"/>\n'
            f"<body>\n{units}\n</body>\n</tmx>\n")


def _tu(ja: str, en: str, langs: tuple[str, str] = ("ja", "en")) -> str:
    return (f'<tu><tuv xml:lang="{langs[0]}"><seg>{ja}</seg></tuv>'
            f'<tuv xml:lang="{langs[1]}"><seg>{en}</seg></tuv></tu>')


@pytest.mark.parametrize(
    "content, message",
    [
        (BILLION_LAUGHS, "declares XML entities (line 1)"),
        (EXTERNAL, "declares XML entities (line 1)"),
        (_tmx(_tu("東京", "Tokyo"), srclang="fr"), "is a memory from fr, not Japanese"),
        (_tmx(_tu("東京", "Tokyo") + _tu("Tokio", "Tokyo", ("de", "en"))), "unit 2 has no Japanese variant (its languages: de, en)"),
        (_tmx(_tu("東京", "Tokio", ("ja", "de"))), "unit 1 has no English variant"),
        (_tmx(_tu("東京", "Tokyo") + "<tu><tuv xml:lang='ja'><seg>x</seg></tu>"), "is not well-formed XML: mismatched tag (line 5, column"),
        ('<?xml version="1.0"?><xliff version="1.2"/>', "is XML but not TMX (its root is <xliff>)"),
        ("just text", "is not well-formed XML: syntax error (line 1, column 1)"),
        ("", "is empty"),
    ],
)
def test_hostile_or_wrong_files_are_refused_and_nothing_changes(memory, tmp_path, content, message):
    path = tmp_path / "bad.tmx"
    path.write_text(content, encoding="utf-8")
    before = memory.units()
    with pytest.raises(InputError) as refused:
        memory.import_tmx(path)
    assert message in refused.value.message
    assert refused.value.advice
    assert memory.units() == before


def test_a_huge_file_is_refused_before_it_is_read(memory, tmp_path):
    path = tmp_path / "huge.tmx"
    with open(path, "wb") as f:  # 100 MB (sparse: the size is what is checked)
        f.write(_tmx(_tu("東京", "Tokyo")).encode())
        f.truncate(100 * 1024 * 1024)
    with pytest.raises(InputError) as refused:
        memory.import_tmx(path)
    assert refused.value.message == "huge.tmx is 100 MB; reader reads TMX files of up to 50 MB"
    assert memory.count() == 3


def test_missing_file(memory, tmp_path: Path):
    with pytest.raises(InputError, match="does not exist"):
        memory.import_tmx(tmp_path / "none.tmx")


def test_drafts_not_reviewed_stay_out_of_the_memory(tmp_path):
    path = tmp_path / "drafts.tmx"
    tmx.write_tmx(path, [tmx.Unit("東京です。", "It is Tokyo.", "imp-1", sentence=0, reviewed=True),
                         tmx.Unit("大阪です。", "It is Osaka.", "imp-1", sentence=1, reviewed=False)])
    document = tmx.read_tmx(path)
    assert [(u.sentence, u.reviewed) for u in document.units] == [(0, True), (1, False)]
    tm = TranslationMemory(Store(tmp_path / "r.sqlite"))
    assert tm.import_tmx(path) == 1
    assert tm.exact("大阪です。") is None
