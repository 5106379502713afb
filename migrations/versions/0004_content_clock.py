"""Last-Modified for every public read: an index for max(comment.updated_at), and a clock
that storing articles moves, as do triggers when an article or a comment is deleted.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("article", "comment")
# SQLAlchemy's SQLite format for naive UTC datetimes: microseconds, six digits.
SQLITE_NOW = "strftime('%Y-%m-%d %H:%M:%f000', 'now')"


def upgrade() -> None:
    op.create_index("ix_comment_updated", "comment", ["updated_at"])
    op.create_table(
        "content_clock",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
    )
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"INSERT INTO content_clock (id, changed_at) VALUES (1, {SQLITE_NOW})")
        for table in TABLES:
            op.execute(
                f"CREATE TRIGGER {table}_deleted_clock AFTER DELETE ON {table} BEGIN "
                f"UPDATE content_clock SET changed_at = {SQLITE_NOW} WHERE id = 1; END"
            )
    else:
        op.execute("INSERT INTO content_clock (id, changed_at) VALUES (1, now())")
        op.execute(
            "CREATE FUNCTION content_clock_tick() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN UPDATE content_clock SET changed_at = now() WHERE id = 1; RETURN NULL; END $$"
        )
        for table in TABLES:
            # Once per statement: deleting a comment with its replies moves the clock once.
            op.execute(
                f"CREATE TRIGGER {table}_deleted_clock AFTER DELETE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION content_clock_tick()"
            )


def downgrade() -> None:
    for table in TABLES:
        op.execute(
            f"DROP TRIGGER IF EXISTS {table}_deleted_clock"
            + ("" if op.get_bind().dialect.name == "sqlite" else f" ON {table}")
        )
    if op.get_bind().dialect.name != "sqlite":
        op.execute("DROP FUNCTION content_clock_tick()")
    op.drop_table("content_clock")
    op.drop_index("ix_comment_updated", "comment")
