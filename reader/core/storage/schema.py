"""The user's database, reader.sqlite: every migration set, all applied when the store opens.

Existing files record each migration by name, so the names, their sets and their
order never change. Each domain's tables are here, beside the others: articles and
reading state (library), words, contexts and review cards (vocabulary), drafts and
the glossary (translation).
"""

from __future__ import annotations

from reader.core.storage.sqlitedb import Database, Migrations
from reader.core.storage.wordindex import FTS_SOURCE, index_rows

SCHEMA_NAME = "reader"

migrations = Migrations(SCHEMA_NAME)


@migrations()
def m001_initial(db: Database) -> None:
    """Articles, reading state, words and the sentences they were saved from.

    Row ids use AUTOINCREMENT so an id is never reused after a purge: reading
    state and word contexts keyed by "imp-<n>" can never point at another article.
    """
    statements = (
        """CREATE TABLE articles (
            id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL, text TEXT NOT NULL,
            source TEXT NOT NULL DEFAULT '', url TEXT NOT NULL DEFAULT '',
            author TEXT NOT NULL DEFAULT '', date TEXT NOT NULL DEFAULT '',
            origin TEXT NOT NULL DEFAULT '', created TEXT NOT NULL, deleted_at TEXT)""",
        "CREATE INDEX articles_by_deleted_created ON articles (deleted_at, created)",
        """CREATE TABLE reading_state (
            article_id TEXT PRIMARY KEY, sentence INTEGER NOT NULL DEFAULT 0,
            scroll REAL NOT NULL DEFAULT 0, sentences_total INTEGER NOT NULL DEFAULT 0,
            progress REAL NOT NULL DEFAULT 0, last_opened TEXT NOT NULL)""",
        "CREATE INDEX reading_state_by_last_opened ON reading_state (last_opened)",
        """CREATE TABLE words (
            id INTEGER PRIMARY KEY AUTOINCREMENT, base TEXT NOT NULL, reading TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'learning'
                CHECK (status IN ('new', 'learning', 'known', 'ignored')),
            glosses TEXT NOT NULL DEFAULT '[]', pos TEXT NOT NULL DEFAULT '',
            created TEXT NOT NULL, updated TEXT NOT NULL,
            saved TEXT,  -- first saved to the vocabulary; NULL for rows that only hold a status
            UNIQUE (base, reading))""",
        "CREATE INDEX words_by_saved ON words (saved)",
        """CREATE TABLE word_contexts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            word_id INTEGER NOT NULL REFERENCES words (id) ON DELETE CASCADE,
            sentence TEXT NOT NULL, article_id TEXT NOT NULL DEFAULT '',
            start INTEGER NOT NULL, "end" INTEGER NOT NULL, created TEXT NOT NULL)""",
        "CREATE INDEX word_contexts_by_word ON word_contexts (word_id)",
    )
    for statement in statements:
        db.execute(statement)


@migrations()
def m002_word_notes_and_tags(db: Database) -> None:
    """A note and tags per word; word_tags, kept by triggers, makes a tag filter an index lookup.

    Partial indexes over saved words serve every sort of the vocabulary view, so
    its first page never needs a full sort.
    """
    statements = (
        "ALTER TABLE words ADD COLUMN note TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE words ADD COLUMN tags TEXT NOT NULL DEFAULT '[]'",  # JSON list
        """CREATE TABLE word_tags (
            tag TEXT NOT NULL COLLATE NOCASE,
            word_id INTEGER NOT NULL REFERENCES words (id) ON DELETE CASCADE,
            PRIMARY KEY (tag, word_id)) WITHOUT ROWID""",
        "CREATE INDEX word_tags_by_word ON word_tags (word_id)",
        """CREATE TRIGGER words_tags_insert AFTER INSERT ON words WHEN new.tags <> '[]' BEGIN
            INSERT OR IGNORE INTO word_tags (tag, word_id)
                SELECT value, new.id FROM json_each(new.tags);
        END""",
        """CREATE TRIGGER words_tags_update AFTER UPDATE OF tags ON words BEGIN
            DELETE FROM word_tags WHERE word_id = new.id;
            INSERT OR IGNORE INTO word_tags (tag, word_id)
                SELECT value, new.id FROM json_each(new.tags);
        END""",
        "CREATE INDEX words_saved_by_base ON words (base, reading) WHERE saved IS NOT NULL",
        "CREATE INDEX words_saved_by_reading ON words (reading, base) WHERE saved IS NOT NULL",
        "CREATE INDEX words_saved_by_updated ON words (updated, id) WHERE saved IS NOT NULL",
        "CREATE INDEX words_saved_by_status ON words (status, saved) WHERE saved IS NOT NULL",
    )
    for statement in statements:
        db.execute(statement)


@migrations()
def m003_word_search(db: Database) -> None:
    """Full-text index over word, reading, glosses, note and tags (rowid = word id).

    Japanese characters are indexed one per token (see search_text), so any
    substring of a word is a phrase query and a search never scans the table.
    """
    db.execute(
        "CREATE VIRTUAL TABLE words_fts USING fts5 (word, reading, glosses, note, tags,"
        " tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')"
    )
    index_rows(db, db.execute(f"SELECT {FTS_SOURCE} FROM words").fetchall())


@migrations()
def m004_review_cards(db: Database) -> None:
    """Review state per saved word (an FSRS card as JSON) and the history of reviews.

    ``card`` is NULL until the first review; ``due`` is UTC ISO-8601 so it sorts as text.
    """
    statements = (
        """CREATE TABLE cards (
            word_id INTEGER PRIMARY KEY REFERENCES words (id) ON DELETE CASCADE,
            card TEXT, due TEXT NOT NULL, state TEXT NOT NULL DEFAULT 'new')""",
        "CREATE INDEX cards_by_due ON cards (due)",
        """CREATE TABLE reviews (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            word_id INTEGER NOT NULL REFERENCES words (id) ON DELETE CASCADE,
            rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
            reviewed_at TEXT NOT NULL, previous_due TEXT NOT NULL, new_due TEXT NOT NULL,
            elapsed_days REAL)""",
        "CREATE INDEX reviews_by_word ON reviews (word_id, reviewed_at)",
        "INSERT INTO cards (word_id, due) SELECT id, saved FROM words WHERE saved IS NOT NULL",
    )
    for statement in statements:
        db.execute(statement)


@migrations()
def m005_lookup_history_and_reading_sessions(db: Database) -> None:
    """Every lookup (popup or Word panel) and the time spent reading (vocabulary/history.py,
    library/stats.py).

    ``lookup_words`` sums the lookups per word, kept by a trigger, so the History view
    reads one row per word however many lookups there are. ``reading_sessions`` holds
    one row per stretch of reading, its totals rewritten while it lasts: a day's figures
    are a sum over a small table, where a log of input events would be large and need
    the idle rule applied again on every read.
    """
    statements = (
        """CREATE TABLE lookups (
            id INTEGER PRIMARY KEY, base TEXT NOT NULL, reading TEXT NOT NULL,
            surface TEXT NOT NULL DEFAULT '', article_id TEXT NOT NULL DEFAULT '',
            sentence TEXT NOT NULL DEFAULT '', at TEXT NOT NULL)""",
        "CREATE INDEX lookups_by_word ON lookups (base, reading)",
        "CREATE INDEX lookups_by_at ON lookups (at)",
        """CREATE TABLE lookup_words (
            base TEXT NOT NULL, reading TEXT NOT NULL, count INTEGER NOT NULL,
            last_at TEXT NOT NULL, surface TEXT NOT NULL, article_id TEXT NOT NULL,
            sentence TEXT NOT NULL, PRIMARY KEY (base, reading)) WITHOUT ROWID""",
        "CREATE INDEX lookup_words_by_count ON lookup_words (count, last_at)",
        """CREATE TRIGGER lookups_insert AFTER INSERT ON lookups BEGIN
            INSERT INTO lookup_words (base, reading, count, last_at, surface, article_id, sentence)
                VALUES (new.base, new.reading, 1, new.at, new.surface, new.article_id, new.sentence)
                ON CONFLICT (base, reading) DO UPDATE SET
                    count = count + 1,
                    surface = CASE WHEN excluded.last_at >= last_at THEN excluded.surface ELSE surface END,
                    article_id = CASE WHEN excluded.last_at >= last_at
                        THEN excluded.article_id ELSE article_id END,
                    sentence = CASE WHEN excluded.last_at >= last_at THEN excluded.sentence ELSE sentence END,
                    last_at = max(last_at, excluded.last_at);
        END""",
        """CREATE TABLE reading_sessions (
            id INTEGER PRIMARY KEY AUTOINCREMENT, article_id TEXT NOT NULL, started TEXT NOT NULL,
            seconds REAL NOT NULL DEFAULT 0 CHECK (seconds >= 0),
            chars INTEGER NOT NULL DEFAULT 0 CHECK (chars >= 0), UNIQUE (article_id, started))""",
        "CREATE INDEX reading_sessions_by_started ON reading_sessions (started)",
    )
    for statement in statements:
        db.execute(statement)


#: The translator's drafts, one per sentence of an article (translation/drafts.py).
drafts = Migrations("reader-drafts")


@drafts()
def d001_drafts(db: Database) -> None:
    db.execute(
        "CREATE TABLE drafts (article_id TEXT NOT NULL, sentence INTEGER NOT NULL, "
        "source TEXT NOT NULL, draft TEXT NOT NULL DEFAULT '', reviewed INTEGER NOT NULL DEFAULT 0, "
        "updated TEXT NOT NULL, PRIMARY KEY (article_id, sentence))"
    )


@drafts()
def d002_drafts_by_source(db: Database) -> None:
    db.execute("CREATE INDEX drafts_by_source ON drafts (source)")


#: The translator's glossary (translation/glossary.py).
terms = Migrations("reader-terms")


@terms()
def t001_terms(db: Database) -> None:
    db.execute(
        "CREATE TABLE terms (term TEXT PRIMARY KEY, english TEXT NOT NULL, note TEXT NOT NULL DEFAULT '',"
        " updated TEXT NOT NULL)"
    )


#: The translation memory (translation/tm.py): one unit per reviewed sentence.
tm = Migrations("reader-tm")


@tm()
def u001_tm_units(db: Database) -> None:
    """Units keyed by normalised source and target (``norm`` is NULL for rows copied here
    from drafts reviewed before the memory existed: translation/tm.py fills it in, as the
    normalising rule lives there)."""
    db.execute(
        "CREATE TABLE tm_units (id INTEGER PRIMARY KEY AUTOINCREMENT, source TEXT NOT NULL,"
        " target TEXT NOT NULL, norm TEXT, article_id TEXT NOT NULL DEFAULT '',"
        " created TEXT NOT NULL, updated TEXT NOT NULL, UNIQUE (norm, target))"
    )
    db.execute(
        "INSERT INTO tm_units (source, target, norm, article_id, created, updated)"
        " SELECT source, draft, NULL, article_id, updated, updated FROM drafts"
        " WHERE reviewed = 1 AND trim(draft) != '' ORDER BY updated"
    )


#: Applied in this order whenever a Store opens.
MIGRATION_SETS = (migrations, drafts, terms, tm)
