"""Fixtures: an app per test, on its own migrated database, driven through httpx."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
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
ADMIN_TOKEN = "a-very-long-admin-token-for-tests-only"  # the admin token of every test app
ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def serve(db_url: str, tmp_path: Path):
    """Start `newsdesk serve` (two workers) on this test's database; returns its base URL.
    Extra keyword arguments become NEWSDESK_* environment settings; `env` adds others."""
    processes: list[subprocess.Popen[bytes]] = []
    logs: list = []

    def _serve(workers: int = 2, env: dict[str, str] | None = None, **settings: str) -> str:
        port = free_port()
        env = {
            **os.environ,
            "DATABASE_URL": db_url,
            **{f"NEWSDESK_{k.upper()}": v for k, v in settings.items()},
            **(env or {}),
        }
        # A file, not a pipe: nobody reads a pipe while the test runs, and a server that logs
        # more than its buffer holds (tracebacks while a database is away) would block on it.
        log = open(tmp_path / f"server-{port}.log", "w+b")  # noqa: SIM115 - closed at teardown
        logs.append(log)
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "app.cli",
                "serve",
                "--port",
                str(port),
                "--workers",
                str(workers),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        processes.append(process)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                    return base
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                pytest.fail(f"server did not start: {log.read().decode()[-2000:]}")
            time.sleep(0.2)

    yield _serve
    for process in processes:
        process.terminate()
        process.wait(timeout=15)
    for log in logs:
        log.close()


@pytest.fixture
def seed_bundle() -> ArticleBundle:
    return ArticleBundle.model_validate_json((SEED_DIR / f"{SEED_SLUG}.json").read_bytes())


@pytest.fixture
def seeded(store, seed_bundle: ArticleBundle) -> ArticleBundle:
    store(seed_bundle)
    return seed_bundle
