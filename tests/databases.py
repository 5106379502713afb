"""Throwaway databases for tests, built by the real migrations.

The schema is migrated once per backend into a template; each test then gets its own copy (a file
copy on SQLite, `CREATE DATABASE … TEMPLATE` on PostgreSQL), so tests never share data.
"""

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.migrate import upgrade

BACKENDS = os.environ.get("NEWSDESK_TEST_BACKENDS", "sqlite").split()
POSTGRES_URL = os.environ.get("NEWSDESK_TEST_POSTGRES_URL", "")


class SQLiteDatabases:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.template = folder / "template.db"
        upgrade(f"sqlite:///{self.template}")

    @contextmanager
    def fresh(self) -> Iterator[str]:
        path = self.folder / f"test-{uuid.uuid4().hex}.db"
        shutil.copyfile(self.template, path)
        try:
            yield f"sqlite:///{path}"
        finally:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)

    def close(self) -> None:
        self.template.unlink(missing_ok=True)


class PostgresDatabases:
    def __init__(self, admin_url: str) -> None:
        if not admin_url:
            raise RuntimeError("NEWSDESK_TEST_POSTGRES_URL is not set (see .ci/run)")
        self.admin_url = make_url(admin_url)
        # Pre-ping: a test may restart the server (test_postgres_restart.py).
        self.admin = create_engine(self.admin_url, isolation_level="AUTOCOMMIT", pool_pre_ping=True)
        self.template = f"newsdesk_tpl_{uuid.uuid4().hex[:12]}"
        self._execute(f'CREATE DATABASE "{self.template}"')
        upgrade(self._url(self.template))

    def _url(self, name: str) -> str:
        return self.admin_url.set(database=name).render_as_string(hide_password=False)

    def _execute(self, sql: str) -> None:
        with self.admin.connect() as connection:
            connection.execute(text(sql))

    @contextmanager
    def fresh(self) -> Iterator[str]:
        name = f"newsdesk_t_{uuid.uuid4().hex[:12]}"
        self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        try:
            yield self._url(name)
        finally:
            self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def close(self) -> None:
        self._execute(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
        self.admin.dispose()
