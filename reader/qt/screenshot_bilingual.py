"""Screenshots of bilingual reading (issue 12): the English under each sentence
(interlinear.png) and beside each paragraph (parallel.png), at 1280x800 under Xvfb.

The English is a translator's drafts of the first article's opening (written here by
hand, so the pictures show real English rather than a test model's output). Run by
screenshot_tour (``make screenshot``), or alone:
``xvfb-run -a -s "-screen 0 1280x800x24" python -m reader.qt.screenshot_bilingual resources/screenshots``
"""

from __future__ import annotations

import sys
from collections.abc import Callable

#: Drafts of the first bundled article's first sentences (2025-10-30-ukraine-peace-talks).
DRAFTS = (
    "1. Introduction",
    "Since the US–Russia summit in Anchorage in August 2025, US and Russian diplomacy towards a ceasefire "
    "in the war in Ukraine has taken on the look of a “great-power deal” built around “swapping territory”.",
    "Trump-led peace talks in particular make light of the claims of Ukraine, a party to the conflict, and "
    "trample on international rules such as the prohibition of settling disputes by force: a grave problem.",
    "A ceasefire is essential to stop the sacrifice of innocent civilians and of the rank-and-file soldiers "
    "mobilised by those in power.",
    "But a peace that ignores the will of those concerned and is built only on the interests of great powers "
    "will not last.",
    "What is needed is a “true peace” that respects international law and the voices of the people who live "
    "in Ukraine.",
    "2. The Anchorage summit and moves towards a ceasefire",
    "On 15 August 2025, in Anchorage, Alaska, the first face-to-face US–Russia summit since Russia's "
    "invasion of Ukraine took place.",
    "Neither government has disclosed what was discussed, but some of it has emerged from the accounts of "
    "people involved.",
    "According to reports, on the government plane back to Washington after the summit, President Trump "
    "spoke by phone with President Zelensky for about an hour, then for about 30 minutes with the leaders of "
    "Britain, France, Germany, Italy and Finland, the President of the European Commission and the Secretary "
    "General of NATO.",
    "In that call, Trump reportedly said that “President Putin demanded that Ukraine cede to Russia two "
    "(Donetsk and Luhansk) of the four regions Russia claims, and freeze the front line in the remaining two "
    "(Kherson and Zaporizhzhia)” (note 1).",
    "US special envoy Witkoff, who attended the summit, said he had the impression that Putin was willing to "
    "end the war on condition of such an exchange of territory, and to promise no further attacks on Ukraine "
    "or other countries.",
    "Putin, for his part, told a press conference on 15 August that “for the settlement of the conflict in "
    "Ukraine to be lasting and durable, all the root causes of the crisis, which have been explained again and "
    "again, must be removed, all of Russia's legitimate concerns taken into account, and a fair balance of "
    "security restored in Europe and the rest of the world” (note 2).",
    "Russia has named as root causes of the conflict Ukraine's moves towards joining NATO and discrimination "
    "against the country's Russian-speaking population.",
)


def shoot(w, out: str, later: Callable[[int, Callable[[], object]], None],
          screen: Callable[[str], None], done: Callable[[], object]) -> None:
    """With the first article open in ``w``: both pictures, then ``done``."""
    w.set_setting("reading/theme", "light")
    w.set_setting("reading/hide_english", False)
    w.docks["translation"].show()
    w.docks["translation"].raise_()
    for i, text in enumerate(DRAFTS):
        w.translation.edit_draft(i, text)
    w.reader_view.highlight(0, True)

    def interlinear() -> None:
        w.bilingual.set_mode("interlinear")
        later(1500, lambda: (screen("interlinear.png"), parallel()))

    def parallel() -> None:
        # Side by side wants room: the docks but the library make way, as a reader would.
        from PySide6.QtWidgets import QDockWidget

        for dock in w.findChildren(QDockWidget):
            if dock is not w.docks["library"]:
                dock.hide()
        w.bilingual.set_mode("parallel")
        # Down to the second section: several paragraphs, each level with its English.
        later(800, lambda: w.reader_view.highlight(7, True))
        later(2000, lambda: (screen("parallel.png"), w.bilingual.set_mode("off"), done()))

    later(800, interlinear)


def main(argv: list[str]) -> int:
    from reader.qt.screenshot_session import session

    return session(argv, lambda w, out, later, screen, done: shoot(w, out, later, screen, done))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
