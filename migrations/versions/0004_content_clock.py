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


# SQLite gives a deleted row's id to the next row when it was the highest (rowid reuse):
# /comments/3 could show another reader's words after comment 3 is deleted. AUTOINCREMENT
# never reuses an id, as PostgreSQL's sequences never do; SQLite only sets it at CREATE.
COMMENT_AUTOINCREMENT = """
CREATE TABLE comment_new (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    article_id INTEGER NOT NULL,
    parent_id INTEGER,
    root_id INTEGER,
    depth INTEGER NOT NULL,
    status VARCHAR(20) NOT NULL,
    body TEXT NOT NULL,
    author_name VARCHAR(245) NOT NULL,
    author_email VARCHAR(100) NOT NULL,
    author_url VARCHAR(200),
    author_ip VARCHAR(45),
    user_agent VARCHAR(500),
    content_hash VARCHAR(64) NOT NULL,
    created_at DATETIME NOT NULL,
    updated_at DATETIME NOT NULL,
    FOREIGN KEY(article_id) REFERENCES article (id) ON DELETE CASCADE,
    FOREIGN KEY(parent_id) REFERENCES comment_new (id) ON DELETE CASCADE
)"""
COMMENT_INDEXES = (
    "CREATE INDEX ix_comment_article_status ON comment (article_id, status, created_at, id)",
    "CREATE INDEX ix_comment_root ON comment (root_id, status)",
    "CREATE INDEX ix_comment_status_created ON comment (status, created_at, id)",
    "CREATE INDEX ix_comment_email ON comment (author_email, status)",
    "CREATE UNIQUE INDEX ux_comment_content ON comment (content_hash) WHERE status <> 'trash'",
)


def _comment_ids_never_reused() -> None:
    columns = (
        "id, article_id, parent_id, root_id, depth, status, body, author_name, author_email, "
        "author_url, author_ip, user_agent, content_hash, created_at, updated_at"
    )
    op.execute(COMMENT_AUTOINCREMENT)
    op.execute(f"INSERT INTO comment_new ({columns}) SELECT {columns} FROM comment")
    op.execute("DROP TABLE comment")
    op.execute("ALTER TABLE comment_new RENAME TO comment")  # its self-reference follows
    for index in COMMENT_INDEXES:
        op.execute(index)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _comment_ids_never_reused()
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
