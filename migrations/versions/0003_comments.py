"""Reader comments, the flood-limit state and idempotency records.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIMESTAMP = sa.DateTime(timezone=True)
JSON_LIST = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
NOT_TRASH = sa.text("status <> 'trash'")


def upgrade() -> None:
    op.create_table(
        "comment",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "article_id",
            sa.Integer(),
            sa.ForeignKey("article.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("parent_id", sa.Integer(), sa.ForeignKey("comment.id", ondelete="CASCADE")),
        sa.Column("root_id", sa.Integer()),
        sa.Column("depth", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("author_name", sa.String(245), nullable=False),
        sa.Column("author_email", sa.String(100), nullable=False),
        sa.Column("author_url", sa.String(200)),
        sa.Column("author_ip", sa.String(45)),
        sa.Column("user_agent", sa.String(500)),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
    )
    op.create_index(
        "ix_comment_article_status", "comment", ["article_id", "status", "created_at", "id"]
    )
    op.create_index("ix_comment_root", "comment", ["root_id", "status"])
    op.create_index("ix_comment_status_created", "comment", ["status", "created_at", "id"])
    op.create_index("ix_comment_email", "comment", ["author_email", "status"])
    op.create_index(
        "ux_comment_content",
        "comment",
        ["content_hash"],
        unique=True,
        sqlite_where=NOT_TRASH,
        postgresql_where=NOT_TRASH,
    )
    op.create_table(
        "comment_throttle",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("last_at", TIMESTAMP, nullable=False),
    )
    op.create_table(
        "idempotency_record",
        sa.Column("key", sa.String(255), primary_key=True),
        sa.Column("request_hash", sa.String(64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("headers", JSON_LIST, nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
    )
    op.create_index("ix_idempotency_record_created_at", "idempotency_record", ["created_at"])


def downgrade() -> None:
    for table in ("idempotency_record", "comment_throttle", "comment"):
        op.drop_table(table)
