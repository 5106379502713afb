"""Fixtures: an app per test, on its own migrated database, driven through httpx."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.config import Settings
from app.main import create_app
from app.schemas.bundle import ArticleBundle
from app.services.bundles import save_bundle
from tests.databases import BACKENDS, POSTGRES_URL, PostgresDatabases, SQLiteDatabases

SEED_DIR = Path(__file__).resolve().parent.parent / "seed_data"
SEED_SLUG = "us-russia-frank-talks-on-ukraine"


@pytest.fixture(scope="session", params=BACKENDS)
def databases(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    backend = request.param
    dbs = (
        SQLiteDatabases(tmp_path_factory.mktemp("sqlite"))
        if backend == "sqlite"
        else PostgresDatabases(POSTGRES_URL)
    )
    yield dbs
    dbs.close()


@pytest.fixture
def db_url(databases: SQLiteDatabases | PostgresDatabases) -> Iterator[str]:
    with databases.fresh() as url:
        yield url


@pytest.fixture
def settings(db_url: str) -> Settings:
    return Settings(database_url=db_url, _env_file=None)


@pytest.fixture
def app(settings: Settings) -> Iterator[FastAPI]:
    app = create_app(settings)
    yield app
    app.state.engine.dispose()


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield client


@pytest.fixture
def store(app: FastAPI):
    """Save bundles through the same service the CLI uses; returns the stored article ids."""

    def _store(*bundles: ArticleBundle) -> list[int]:
        with Session(app.state.engine) as session:
            ids = [save_bundle(session, bundle).id for bundle in bundles]
            session.commit()
        return ids

    return _store


@pytest.fixture
def seed_bundle() -> ArticleBundle:
    return ArticleBundle.model_validate_json((SEED_DIR / f"{SEED_SLUG}.json").read_bytes())


@pytest.fixture
def seeded(store, seed_bundle: ArticleBundle) -> ArticleBundle:
    store(seed_bundle)
    return seed_bundle
