"""Drop the index on comment.updated_at: Last-Modified read max(updated_at) until the content
clock (0005) took that job, and nothing reads it since; every comment write still paid for it.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_comment_updated", "comment")


def downgrade() -> None:
    op.create_index("ix_comment_updated", "comment", ["updated_at"])
