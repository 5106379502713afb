"""Benchmark corpora, made once and kept: SQLite files under bench/results/, PostgreSQL
databases on the server named by POSTGRES_URL (see .ci/with-postgres)."""

import os
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.migrate import upgrade
from bench.corpus import write_corpus

RESULTS = Path(__file__).resolve().parent / "results"


def corpus_url(backend: str, articles: int, *, seed: int = 42) -> str:
    """The URL of a database holding the corpus of `articles` articles, made if missing."""
    name = f"newsdesk_bench_{articles}_{seed}"
    if backend == "sqlite":
        RESULTS.mkdir(exist_ok=True)
        path = RESULTS / f"{name}.db"
        url = f"sqlite:///{path}"
        if not path.exists():
            _build(url, articles, seed)
        upgrade(url)  # a corpus kept from an older schema gains the newer tables
        return url
    server = os.environ.get("POSTGRES_URL")
    if not server:
        raise SystemExit("POSTGRES_URL is not set: run under .ci/with-postgres")
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.execute(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        ).first()
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = make_url(server).set(database=name).render_as_string(hide_password=False)
    if not exists:
        _build(url, articles, seed)
    return url


def _build(url: str, articles: int, seed: int) -> None:
    print(f"building a corpus of {articles} articles at {url} …", flush=True)
    upgrade(url)
    engine = create_engine(url)
    write_corpus(engine, articles=articles, seed=seed)
    engine.dispose()
