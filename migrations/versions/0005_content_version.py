"""A version number for all public content, moved by database triggers on every write.

Responses are cached keyed on it (`app.caching`), so it must change with every committed
change a reader could see, in commit order. A counter bumped inside the writing transaction
does; timestamps do not (a transaction may commit after a later-stamped one). The triggers
also move `changed_at` (Last-Modified), which ingestion used to move by hand, and which
comments used to carry in their own `updated_at`.

Comments count only when they are, or were, approved: held ones are not public.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CONTENT = ("article", "article_tag", "article_speaker", "quote", "quote_speaker", "speaker")
OLD_TRIGGERS = ("article", "comment")  # 0004's: deletes only
# When a comment's change is public, by the kind of write.
COMMENT_PUBLIC = {
    "INSERT": "NEW.status = 'approved'",
    "UPDATE": "OLD.status = 'approved' OR NEW.status = 'approved'",
    "DELETE": "OLD.status = 'approved'",
}
# SQLAlchemy's SQLite format for naive UTC datetimes, and never backwards.
SQLITE_TICK = (
    "UPDATE content_clock SET version = version + 1, "
    "changed_at = max(changed_at, strftime('%Y-%m-%d %H:%M:%f000', 'now')) WHERE id = 1;"
)
# clock_timestamp(), not now(): now() is when the transaction began, which can be earlier than
# a change another transaction already committed. greatest(): never backwards.
POSTGRES_TICK = """
CREATE OR REPLACE FUNCTION content_clock_tick() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE content_clock
    SET version = version + 1, changed_at = greatest(changed_at, clock_timestamp())
    WHERE id = 1;
    RETURN NULL;
END $$"""


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    _drop_triggers(OLD_TRIGGERS, ("deleted_clock",), sqlite)
    op.add_column(
        "content_clock", sa.Column("version", sa.BigInteger(), nullable=False, server_default="0")
    )
    if not sqlite:
        op.execute(POSTGRES_TICK)
    for table in CONTENT:
        for write in COMMENT_PUBLIC:
            name = f"{table}_{write.lower()}_clock"
            if sqlite:  # SQLite triggers are per row; one writer at a time makes them cheap
                op.execute(
                    f"CREATE TRIGGER {name} AFTER {write} ON {table} BEGIN {SQLITE_TICK} END"
                )
            else:  # per statement: a bulk write moves the clock once
                op.execute(
                    f"CREATE TRIGGER {name} AFTER {write} ON {table} "
                    "FOR EACH STATEMENT EXECUTE FUNCTION content_clock_tick()"
                )
    if not sqlite:  # TRUNCATE fires no row or DELETE triggers (SQLite has no TRUNCATE)
        for table in (*CONTENT, "comment"):
            op.execute(
                f"CREATE TRIGGER {table}_truncate_clock AFTER TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION content_clock_tick()"
            )
    for write, public in COMMENT_PUBLIC.items():
        name = f"comment_{write.lower()}_clock"
        if sqlite:
            op.execute(
                f"CREATE TRIGGER {name} AFTER {write} ON comment WHEN {public} "
                f"BEGIN {SQLITE_TICK} END"
            )
        else:
            op.execute(
                f"CREATE TRIGGER {name} AFTER {write} ON comment FOR EACH ROW WHEN ({public}) "
                "EXECUTE FUNCTION content_clock_tick()"
            )


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    writes = tuple(f"{w.lower()}_clock" for w in (*COMMENT_PUBLIC, "TRUNCATE"))
    _drop_triggers((*CONTENT, "comment"), writes, sqlite)
    op.drop_column("content_clock", "version")
    if not sqlite:  # 0004's function and triggers, as they were
        op.execute(
            "CREATE OR REPLACE FUNCTION content_clock_tick() RETURNS trigger LANGUAGE plpgsql "
            "AS $$ BEGIN UPDATE content_clock SET changed_at = now() WHERE id = 1; "
            "RETURN NULL; END $$"
        )
    for table in OLD_TRIGGERS:
        if sqlite:
            op.execute(
                f"CREATE TRIGGER {table}_deleted_clock AFTER DELETE ON {table} BEGIN "
                "UPDATE content_clock SET changed_at = strftime('%Y-%m-%d %H:%M:%f000', 'now') "
                "WHERE id = 1; END"
            )
        else:
            op.execute(
                f"CREATE TRIGGER {table}_deleted_clock AFTER DELETE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION content_clock_tick()"
            )


def _drop_triggers(tables: Sequence[str], suffixes: Sequence[str], sqlite: bool) -> None:
    for table in tables:
        for suffix in suffixes:
            on = "" if sqlite else f" ON {table}"
            op.execute(f"DROP TRIGGER IF EXISTS {table}_{suffix}{on}")
