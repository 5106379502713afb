"""The migrations build the schema the models describe, and go down and up again."""

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect
from sqlmodel import SQLModel

import app.models  # noqa: F401  (registers every table)
from app.config import Settings
from app.migrate import alembic_config, include_name


def test_migrated_schema_matches_the_models(db_url: str) -> None:
    engine = create_engine(Settings(database_url=db_url, _env_file=None).sqlalchemy_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": include_name})
        diff = compare_metadata(context, SQLModel.metadata)
    engine.dispose()
    assert diff == []


def test_downgrade_to_empty_and_upgrade_again(db_url: str) -> None:
    url = Settings(database_url=db_url, _env_file=None).sqlalchemy_url
    config = alembic_config(url)
    command.downgrade(config, "base")
    engine = create_engine(url)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    command.upgrade(config, "head")
    assert {"article", "speaker", "quote", "quote_speaker"} <= set(
        inspect(engine).get_table_names()
    )
    engine.dispose()
