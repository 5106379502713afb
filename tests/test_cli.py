"""The `newsdesk` command, run as a user runs it: a real process on a real database file."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SEED_DIR

ROWS = {
    "article": "SELECT id, slug, title, updated_at FROM article ORDER BY id",
    "speaker": "SELECT id, slug, name, role FROM speaker ORDER BY id",
    "quote": 'SELECT id, article_id, paragraph, start, "end", text FROM quote ORDER BY id',
    "quote_speaker": "SELECT * FROM quote_speaker ORDER BY quote_id, speaker_id",
    "article_speaker": "SELECT * FROM article_speaker ORDER BY article_id, speaker_id",
    "article_tag": "SELECT * FROM article_tag ORDER BY article_id, tag",
}


def newsdesk(*args: str, db: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "NEWSDESK_SEED_DIR": str(SEED_DIR)}
    return subprocess.run(
        [sys.executable, "-m", "app.cli", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )


def snapshot(db: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(db) as connection:
        return {table: connection.execute(sql).fetchall() for table, sql in ROWS.items()}


def test_migrate_then_seed_twice_leaves_the_same_rows(tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    assert newsdesk("migrate", db=db, cwd=tmp_path).returncode == 0
    first = newsdesk("seed", db=db, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    once = snapshot(db)
    assert len(once["quote"]) == 14 and len(once["speaker"]) == 7
    assert newsdesk("seed", db=db, cwd=tmp_path).returncode == 0
    assert snapshot(db) == once


def test_seed_with_a_broken_file_writes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    good = json.loads(next(SEED_DIR.glob("*.json")).read_text(encoding="utf-8"))
    bad = json.loads(json.dumps(good))
    bad["article"]["slug"] = "another-article"
    bad["quotes"][0]["start"] += 1  # the offsets no longer point at the text
    (tmp_path / "a.json").write_text(json.dumps(good), encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps(bad), encoding="utf-8")
    assert newsdesk("migrate", db=db, cwd=tmp_path).returncode == 0
    result = newsdesk("seed", str(tmp_path), db=db, cwd=tmp_path)
    assert result.returncode == 1
    assert "b.json" in result.stderr and "quotes[0]" in result.stderr
    assert snapshot(db)["article"] == []


@pytest.mark.parametrize("args", [["seed", "missing.json"], ["bogus"]])
def test_cli_usage_errors_exit_non_zero(tmp_path: Path, args: list[str]) -> None:
    assert newsdesk(*args, db=tmp_path / "x.db", cwd=tmp_path).returncode != 0
