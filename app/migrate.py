"""Running the Alembic migrations from code (the CLI and the tests)."""

from pathlib import Path

from alembic import command
from alembic.config import Config

import migrations

MIGRATIONS_DIR = Path(migrations.__file__).parent

# Full-text search objects are written by hand in the migrations, per dialect; the models do not
# describe them, so schema comparisons (autogenerate, the tests) leave them out.
SEARCH_TABLE_PREFIXES = ("article_fts", "quote_fts")
SEARCH_COLUMNS = {"search_document"}
SEARCH_INDEXES = {"ix_article_search", "ix_quote_search"}


def include_name(name: str | None, type_: str, _parent_names: object) -> bool:
    """Alembic `include_name` hook: skip the hand-written search objects."""
    if name is None:
        return True
    if type_ == "table":
        return not name.startswith(SEARCH_TABLE_PREFIXES)
    if type_ == "column":
        return name not in SEARCH_COLUMNS
    if type_ == "index":
        return name not in SEARCH_INDEXES
    return True


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # ConfigParser interpolation: a literal % in a password must be doubled.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(url), revision)
