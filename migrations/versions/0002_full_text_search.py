"""Full-text search: FTS5 tables on SQLite, tsvector + GIN on PostgreSQL, kept in sync by the
database itself (triggers, a generated column), so no write path can forget the index.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# --- SQLite -----------------------------------------------------------------------------------
# Each FTS5 table keeps its own copy of the text (the body is JSON in the article table, so an
# external-content table could not point at it); rowid is the row's id.
# Porter stemming over unicode61 tokens, diacritics folded: "Zelenskyy" ≠ "Zelensky", but
# "café" = "cafe" and "sanctions" = "sanction".
_SQLITE_TOKENIZER = "porter unicode61 remove_diacritics 2"
_SQLITE_BODY = "(SELECT group_concat(value, char(10)) FROM json_each({row}.paragraphs))"
_SQLITE_SPEAKERS = (
    "(SELECT group_concat(s.name, ' ') FROM quote_speaker qs JOIN speaker s "
    "ON s.id = qs.speaker_id WHERE qs.quote_id = {quote_id})"
)


def _sqlite_index_quotes(where: str) -> str:
    speakers = _SQLITE_SPEAKERS.format(quote_id="q.id")
    return (
        f"INSERT INTO quote_fts(rowid, text, speakers) "
        f"SELECT q.id, q.text, coalesce({speakers}, '') FROM quote q WHERE {where};"
    )


def _sqlite_reindex_quotes(where: str) -> str:
    return (
        f"DELETE FROM quote_fts WHERE rowid IN (SELECT q.id FROM quote q WHERE {where});\n"
        + _sqlite_index_quotes(where)
    )


_QUOTES_OF_SPEAKER = "q.id IN (SELECT quote_id FROM quote_speaker WHERE speaker_id = new.id)"

_SQLITE_UP = [
    f"CREATE VIRTUAL TABLE article_fts USING fts5(title, standfirst, body, "
    f"tokenize='{_SQLITE_TOKENIZER}')",
    f"CREATE VIRTUAL TABLE quote_fts USING fts5(text, speakers, tokenize='{_SQLITE_TOKENIZER}')",
    f"""CREATE TRIGGER article_fts_insert AFTER INSERT ON article BEGIN
        INSERT INTO article_fts(rowid, title, standfirst, body)
        VALUES (new.id, new.title, coalesce(new.standfirst, ''), {_SQLITE_BODY.format(row="new")});
    END""",
    f"""CREATE TRIGGER article_fts_update AFTER UPDATE OF title, standfirst, paragraphs ON article
    BEGIN
        DELETE FROM article_fts WHERE rowid = old.id;
        INSERT INTO article_fts(rowid, title, standfirst, body)
        VALUES (new.id, new.title, coalesce(new.standfirst, ''), {_SQLITE_BODY.format(row="new")});
    END""",
    """CREATE TRIGGER article_fts_delete AFTER DELETE ON article BEGIN
        DELETE FROM article_fts WHERE rowid = old.id;
    END""",
    f"""CREATE TRIGGER quote_fts_insert AFTER INSERT ON quote BEGIN
        {_sqlite_reindex_quotes("q.id = new.id")}
    END""",
    f"""CREATE TRIGGER quote_fts_update AFTER UPDATE OF text ON quote BEGIN
        {_sqlite_reindex_quotes("q.id = new.id")}
    END""",
    """CREATE TRIGGER quote_fts_delete AFTER DELETE ON quote BEGIN
        DELETE FROM quote_fts WHERE rowid = old.id;
    END""",
    # Who said a quote is searchable ("zelensky" finds his quote), so attribution changes and
    # speaker renames reindex the quotes concerned.
    f"""CREATE TRIGGER quote_fts_speaker_added AFTER INSERT ON quote_speaker BEGIN
        {_sqlite_reindex_quotes("q.id = new.quote_id")}
    END""",
    f"""CREATE TRIGGER quote_fts_speaker_removed AFTER DELETE ON quote_speaker BEGIN
        {_sqlite_reindex_quotes("q.id = old.quote_id")}
    END""",
    f"""CREATE TRIGGER quote_fts_speaker_moved AFTER UPDATE OF quote_id, speaker_id
    ON quote_speaker BEGIN
        {_sqlite_reindex_quotes("q.id = old.quote_id")}
        {_sqlite_reindex_quotes("q.id = new.quote_id")}
    END""",
    f"""CREATE TRIGGER quote_fts_speaker_renamed AFTER UPDATE OF name ON speaker BEGIN
        {_sqlite_reindex_quotes(_QUOTES_OF_SPEAKER)}
    END""",
    # Whatever is already stored.
    f"INSERT INTO article_fts(rowid, title, standfirst, body) SELECT a.id, a.title, "
    f"coalesce(a.standfirst, ''), {_SQLITE_BODY.format(row='a')} FROM article a",
    _sqlite_index_quotes("1 = 1"),
]

_SQLITE_DOWN = [
    *(
        f"DROP TRIGGER IF EXISTS {name}"
        for name in (
            "article_fts_insert",
            "article_fts_update",
            "article_fts_delete",
            "quote_fts_insert",
            "quote_fts_update",
            "quote_fts_delete",
            "quote_fts_speaker_added",
            "quote_fts_speaker_removed",
            "quote_fts_speaker_moved",
            "quote_fts_speaker_renamed",
        )
    ),
    "DROP TABLE IF EXISTS quote_fts",
    "DROP TABLE IF EXISTS article_fts",
]

# --- PostgreSQL -------------------------------------------------------------------------------
# Title weighs most (A), then standfirst (B), then body (C). The article's document is a
# generated column; a quote's includes its speakers' names, which live in other tables, so
# triggers maintain it.
_PG_UP = [
    # English stemming without a stop-word list, so that both engines find the same articles
    # ("the -nato" is not "every article but NATO's"; "over*" finds "overseas").
    "CREATE TEXT SEARCH DICTIONARY newsdesk_stem (TEMPLATE = snowball, Language = english)",
    "CREATE TEXT SEARCH CONFIGURATION newsdesk (COPY = english)",
    """ALTER TEXT SEARCH CONFIGURATION newsdesk ALTER MAPPING
        FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
        WITH newsdesk_stem""",
    """CREATE FUNCTION newsdesk_body_text(paragraphs jsonb) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$ SELECT coalesce(string_agg(value, E'\\n'), '')
              FROM jsonb_array_elements_text(paragraphs) $$""",
    """ALTER TABLE article ADD COLUMN search_document tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('newsdesk'::regconfig, title), 'A')
        || setweight(to_tsvector('newsdesk'::regconfig, coalesce(standfirst, '')), 'B')
        || setweight(to_tsvector('newsdesk'::regconfig, newsdesk_body_text(paragraphs)), 'C')
    ) STORED""",
    # fastupdate off: new entries go straight into the index instead of a pending list that
    # every search reads whole until the next vacuum. Articles are written rarely, read often.
    "CREATE INDEX ix_article_search ON article USING gin (search_document) WITH (fastupdate = off)",
    """CREATE FUNCTION newsdesk_quote_document(quote_id integer, body text) RETURNS tsvector
        LANGUAGE sql STABLE
        AS $$ SELECT setweight(to_tsvector('newsdesk'::regconfig, body), 'A')
              || setweight(to_tsvector('newsdesk'::regconfig, coalesce(
                   (SELECT string_agg(s.name, ' ') FROM quote_speaker qs
                    JOIN speaker s ON s.id = qs.speaker_id WHERE qs.quote_id = $1), '')), 'B')
        $$""",
    "ALTER TABLE quote ADD COLUMN search_document tsvector",
    "CREATE INDEX ix_quote_search ON quote USING gin (search_document) WITH (fastupdate = off)",
    """CREATE FUNCTION newsdesk_quote_indexed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.search_document := newsdesk_quote_document(NEW.id, NEW.text);
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER quote_search_document BEFORE INSERT OR UPDATE OF text ON quote
        FOR EACH ROW EXECUTE FUNCTION newsdesk_quote_indexed()""",
    """CREATE FUNCTION newsdesk_quote_speakers_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('DELETE', 'UPDATE') THEN
            UPDATE quote SET search_document = newsdesk_quote_document(id, text)
            WHERE id = OLD.quote_id;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            UPDATE quote SET search_document = newsdesk_quote_document(id, text)
            WHERE id = NEW.quote_id;
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER quote_search_speakers
        AFTER INSERT OR DELETE OR UPDATE OF quote_id, speaker_id ON quote_speaker
        FOR EACH ROW EXECUTE FUNCTION newsdesk_quote_speakers_changed()""",
    """CREATE FUNCTION newsdesk_speaker_renamed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE quote SET search_document = newsdesk_quote_document(id, text)
        WHERE id IN (SELECT quote_id FROM quote_speaker WHERE speaker_id = NEW.id);
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER quote_search_speaker_renamed AFTER UPDATE OF name ON speaker
        FOR EACH ROW EXECUTE FUNCTION newsdesk_speaker_renamed()""",
    "UPDATE quote SET search_document = newsdesk_quote_document(id, text)",
]

_PG_DOWN = [
    "DROP TRIGGER IF EXISTS quote_search_speaker_renamed ON speaker",
    "DROP TRIGGER IF EXISTS quote_search_speakers ON quote_speaker",
    "DROP TRIGGER IF EXISTS quote_search_document ON quote",
    "DROP FUNCTION IF EXISTS newsdesk_speaker_renamed()",
    "DROP FUNCTION IF EXISTS newsdesk_quote_speakers_changed()",
    "DROP FUNCTION IF EXISTS newsdesk_quote_indexed()",
    "ALTER TABLE quote DROP COLUMN IF EXISTS search_document",
    "DROP FUNCTION IF EXISTS newsdesk_quote_document(integer, text)",
    "ALTER TABLE article DROP COLUMN IF EXISTS search_document",
    "DROP FUNCTION IF EXISTS newsdesk_body_text(jsonb)",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS newsdesk",
    "DROP TEXT SEARCH DICTIONARY IF EXISTS newsdesk_stem",
]


def _run(statements: Sequence[str]) -> None:
    for statement in statements:
        op.execute(statement)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    _run(_PG_UP if dialect == "postgresql" else _SQLITE_UP)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    _run(_PG_DOWN if dialect == "postgresql" else _SQLITE_DOWN)
