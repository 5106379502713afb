"""Settings: read from the environment, unsafe production values refused."""

import pytest
from pydantic import ValidationError

from app.config import Settings
from app.db import build_engine, ping


def test_postgres_urls_are_served_through_psycopg_3() -> None:
    for url in ("postgresql://u:p@db/news", "postgres://u:p@db/news"):
        settings = Settings(database_url=url, _env_file=None)
        assert settings.sqlalchemy_url == "postgresql+psycopg://u:p@db/news"
    sqlite = Settings(database_url="sqlite:///x.db", _env_file=None)
    assert sqlite.sqlalchemy_url == "sqlite:///x.db"


def test_database_url_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "sqlite:///from-env.db")
    monkeypatch.setenv("NEWSDESK_WORKERS", "3")
    settings = Settings(_env_file=None)
    assert settings.database_url == "sqlite:///from-env.db"
    assert settings.workers == 3


def test_production_refuses_a_short_admin_token() -> None:
    with pytest.raises(ValidationError, match="at least 32 characters"):
        Settings(environment="production", admin_token="changethis", _env_file=None)
    Settings(environment="production", admin_token="x" * 32, _env_file=None)
    Settings(environment="development", admin_token="short", _env_file=None)


def test_an_in_memory_sqlite_database_gets_an_engine() -> None:
    """`sqlite://` is pooled one connection per thread by SQLAlchemy: no pool size applies."""
    engine = build_engine(Settings(database_url="sqlite://", _env_file=None))
    ping(engine)
    engine.dispose()
