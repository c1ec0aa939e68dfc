"""The glossary: terms found in sentences, missing preferred English, CSV round trip."""

import pytest

from reader.core.errors import InputError
from reader.core.storage.store import Store
from reader.core.translation.glossary import Termbase


@pytest.fixture
def terms(tmp_path):
    store = Store(tmp_path / "reader.sqlite")
    tb = Termbase(store)
    tb.set("首脳会談", "summit")
    tb.set("首脳", "leader")
    tb.set("停戦", "ceasefire")
    yield tb
    store.close()


@pytest.mark.parametrize(
    "japanese, draft, found, missing",
    [
        ("アンカレッジ米ロ首脳会談以降、停戦に向けた", "Since the Anchorage summit, towards a ceasefire",
         ["首脳会談", "停戦"], []),
        ("米ロ首脳会談以降", "Since the US-Russia talks", ["首脳会談"], ["首脳会談"]),
        ("欧州首脳がワシントンに集結し", "European Leaders gathered", ["首脳"], []),
        ("停戦は不可欠だ。", "", ["停戦"], []),  # no draft yet: nothing to warn about
        ("関係のない文", "Unrelated", [], []),
    ],
)
def test_found_and_missing(terms, japanese, draft, found, missing):
    assert [t for t, _ in terms.found_in(japanese)] == found
    assert [t for t, _ in terms.missing(japanese, draft)] == missing


def test_csv_round_trip_and_bad_input(terms, tmp_path):
    path = tmp_path / "terms.csv"
    assert terms.export_csv(path) == 3
    store = Store(tmp_path / "other.sqlite")
    fresh = Termbase(store)
    assert fresh.import_csv(path) == 3
    assert fresh.terms() == terms.terms()
    bad = tmp_path / "bad.csv"
    bad.write_text("just one column\n", encoding="utf-8")
    with pytest.raises(InputError, match="bad.csv"):
        fresh.import_csv(bad)
    with pytest.raises(InputError):
        fresh.set("", "x")
    store.close()


def test_terms_survive_reopening(tmp_path):
    store = Store(tmp_path / "r.sqlite")
    Termbase(store).set("和平交渉", "peace talks")
    store.close()
    store = Store(tmp_path / "r.sqlite")
    assert Termbase(store).terms() == [("和平交渉", "peace talks")]
    store.close()
