"""Articles, speakers, quotes and the links between them.

Revision ID: 0001
Revises:
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Types are spelled out here, not imported from app.models, so this revision keeps meaning the
# same schema however the models change later.
JSON_LIST = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
TIMESTAMP = sa.DateTime(timezone=True)


def _ref(name: str, table: str, **kwargs: bool) -> sa.Column:
    """An integer column referencing `table.id`; rows go when what they reference goes."""
    return sa.Column(name, sa.Integer(), sa.ForeignKey(f"{table}.id", ondelete="CASCADE"), **kwargs)


def upgrade() -> None:
    op.create_table(
        "article",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("slug", sa.String(200), nullable=False, unique=True),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("site", sa.String(200)),
        sa.Column("section", sa.String(100)),
        sa.Column("standfirst", sa.Text()),
        sa.Column("published_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.Column("comments_open", sa.Boolean(), nullable=False),
        sa.Column("canonical_url", sa.String(2000)),
        sa.Column("paragraphs", JSON_LIST, nullable=False),  # last: see app/models/article.py
    )
    op.create_index("ix_article_published", "article", ["published_at", "id"])
    op.create_index("ix_article_section_published", "article", ["section", "published_at", "id"])

    op.create_table(
        "speaker",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("slug", sa.String(200), nullable=False, unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("role", sa.String(300)),
        sa.Column("organisation", sa.String(300)),
        sa.Column("country", sa.String(100)),
        sa.Column("aliases", JSON_LIST, nullable=False),
    )
    op.create_index("ix_speaker_name", "speaker", ["name", "id"])

    op.create_table(
        "article_tag",
        _ref("article_id", "article", primary_key=True),
        sa.Column("tag", sa.String(100), primary_key=True),
    )
    op.create_index("ix_article_tag_tag", "article_tag", ["tag", "article_id"])

    op.create_table(
        "article_speaker",
        _ref("article_id", "article", primary_key=True),
        _ref("speaker_id", "speaker", primary_key=True),
        sa.Column("position", sa.Integer(), nullable=False),
    )
    op.create_index("ix_article_speaker_speaker", "article_speaker", ["speaker_id", "article_id"])

    op.create_table(
        "quote",
        sa.Column("id", sa.Integer(), primary_key=True),
        _ref("article_id", "article", nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("paragraph", sa.Integer(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("cue", sa.String(100)),
        sa.UniqueConstraint("article_id", "paragraph", "start", name="uq_quote_position"),
        sa.CheckConstraint('paragraph >= 0 AND start >= 0 AND "end" > start', name="quote_span"),
    )

    op.create_table(
        "quote_speaker",
        _ref("quote_id", "quote", primary_key=True),
        _ref("speaker_id", "speaker", primary_key=True),
        sa.Column("position", sa.Integer(), nullable=False),
    )
    op.create_index("ix_quote_speaker_speaker", "quote_speaker", ["speaker_id", "quote_id"])


def downgrade() -> None:
    for table in ("quote_speaker", "quote", "article_speaker", "article_tag", "speaker", "article"):
        op.drop_table(table)
