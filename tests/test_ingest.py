"""Ingestion: raw text through `POST /admin/articles`, the preview and the CLI, into a real
database — stored, merged with known speakers, and searchable."""

import json
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from tests.conftest import ADMIN, ADMIN_TOKEN
from tests.test_cli import newsdesk
from tests.test_seed_data import RAW_PAGE

TEXT = {**ADMIN, "Content-Type": "text/plain; charset=utf-8"}

PAGE = """Minister backs Okafor plan – NEWS WORLD UPDATE

Health Secretary Joan Ames met Dr Chidi Okafor, the director of the Leeds Clinic, on Monday.

“This is the plan we need,” Ms Ames said. “I want it in every region by spring.”

Dr Okafor said the backing was “a huge relief” for his staff.

Share this:
"""

FOLLOW_UP = """Okafor clinic opens second site

“We are ready,” said Dr Okafor, speaking at the new site in Bradford.
"""


@pytest.fixture
def admin(db_url: str) -> Iterator[TestClient]:
    app: FastAPI = create_app(
        Settings(database_url=db_url, admin_token=ADMIN_TOKEN, _env_file=None)
    )
    with TestClient(app) as client:
        yield client
    app.state.engine.dispose()


def test_raw_text_in_structured_article_out(admin: TestClient) -> None:
    response = admin.post("/admin/articles", content=PAGE.encode(), headers=TEXT)
    assert response.status_code == 201, response.text
    article = response.json()
    assert article["slug"] == "minister-backs-okafor-plan"
    assert response.headers["location"].endswith("/articles/minister-backs-okafor-plan")
    assert (article["title"], article["site"]) == (
        "Minister backs Okafor plan",
        "NEWS WORLD UPDATE",
    )
    assert len(article["paragraphs"]) == 3  # "Share this:" dropped
    said = [(q["text"], q["speaker"]["name"], q["cue"]) for q in article["quotes"]]
    assert said == [
        ("This is the plan we need,", "Joan Ames", "said"),
        ("I want it in every region by spring.", "Joan Ames", "said"),
        ("a huge relief", "Chidi Okafor", "said"),
    ]
    assert admin.get("/articles/minister-backs-okafor-plan").json() == article
    hits = admin.get("/search", params={"q": "region spring"}).json()["data"]
    assert ("quote", article["slug"]) in [(h["type"], h["article"]["slug"]) for h in hits]
    assert {h["article"]["slug"] for h in hits} == {article["slug"]}


def test_the_same_person_across_articles_is_one_speaker(admin: TestClient) -> None:
    admin.post("/admin/articles", content=PAGE.encode(), headers=TEXT)
    response = admin.post("/admin/articles", content=FOLLOW_UP.encode(), headers=TEXT)
    assert response.status_code == 201
    assert response.json()["quotes"][0]["speaker"]["slug"] == "chidi-okafor"
    speaker = admin.get("/speakers/chidi-okafor").json()
    assert speaker["quote_count"] == 2
    assert {"Chidi Okafor", "Okafor"} <= set(speaker["aliases"])


def test_ingesting_again_replaces_rather_than_duplicates(admin: TestClient) -> None:
    first = admin.post("/admin/articles", content=PAGE.encode(), headers=TEXT).json()
    again = admin.post("/admin/articles", content=PAGE.encode(), headers=TEXT)
    assert again.status_code == 200
    assert again.json()["id"] == first["id"]
    assert [q["id"] for q in again.json()["quotes"]] == [q["id"] for q in first["quotes"]]
    assert admin.get("/articles").json()["meta"]["total"] == 1


def test_json_carries_metadata(admin: TestClient) -> None:
    body = {
        "text": PAGE,
        "slug": "ames-okafor",
        "section": "health",
        "tags": ["nhs"],
        "published_at": "2026-11-01T09:00:00Z",
    }
    article = admin.post("/admin/articles", json=body, headers=ADMIN).json()
    assert (article["slug"], article["section"], article["tags"]) == (
        "ames-okafor",
        "health",
        ["nhs"],
    )
    assert article["published_at"].startswith("2026-11-01T09:00:00")


def test_preview_extracts_without_storing(admin: TestClient) -> None:
    response = admin.post("/admin/articles/preview", content=PAGE.encode(), headers=TEXT)
    assert response.status_code == 200
    preview = response.json()
    assert [s["name"] for s in preview["speakers"]] == ["Joan Ames", "Chidi Okafor"]
    assert preview["speakers"][0]["role"] == "Health Secretary"
    quote = preview["quotes"][2]
    assert preview["paragraphs"][quote["paragraph"]][quote["start"] : quote["end"]] == quote["text"]
    assert admin.get("/articles").json()["meta"]["total"] == 0


JSON = {**ADMIN, "Content-Type": "application/json"}


@pytest.mark.parametrize(
    ("content", "headers", "status", "name"),
    [
        (b"", TEXT, 422, "text"),
        (b"Only a headline", TEXT, 422, "text"),
        (b"\xff\xfe", TEXT, 422, "body"),
        (b"Head\n\nA\x00B", TEXT, 422, "text"),
        (b'{"text": "Head\\n\\nA\\u0000B"}', JSON, 422, "text"),
        (b"{not json", JSON, 422, "body"),
        (b"[1]", JSON, 422, "body"),
        (b'{"text": "H\\n\\nP", "id": 3}', JSON, 422, "id"),
        (b'{"text": "H\\n\\nP", "slug": "../x"}', JSON, 422, "slug"),
        (b'{"text": "H\\n\\nP", "slug": "123"}', JSON, 422, "slug"),
        (
            b'{"text": "H\\n\\nP", "published_at": "0001-01-01T00:00:00+05:00"}',
            JSON,
            422,
            "published_at",
        ),
        (b'{"text": "H\\n\\nP", "published_at": "2026-01-01T00:00:00"}', JSON, 422, "published_at"),
        (b'{"text": "H\\n\\nP", "tags": ["Not A Slug"]}', JSON, 422, "tags"),
        (b"<p>x</p>", {**ADMIN, "Content-Type": "text/html"}, 415, None),
        (b"H\n\n" + b"x" * (1024 * 1024), TEXT, 413, None),
    ],
)
def test_bad_input_is_a_problem_and_stores_nothing(
    admin: TestClient, content: bytes, headers: dict, status: int, name: str | None
) -> None:
    response = admin.post("/admin/articles", content=content, headers=headers)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    if name:
        named = [p["name"].split(".")[0] for p in response.json()["invalid_params"]]
        assert name in named, response.json()
    assert admin.get("/articles").json()["meta"]["total"] == 0


def test_preview_refuses_what_ingestion_refuses(admin: TestClient) -> None:
    response = admin.post("/admin/articles/preview", content=b"Only a headline", headers=TEXT)
    assert response.status_code == 422
    assert response.json()["invalid_params"][0]["name"] == "text"


@pytest.mark.parametrize("path", ["/admin/articles", "/admin/articles/preview"])
def test_ingestion_needs_the_admin_token(admin: TestClient, path: str) -> None:
    plain = {"Content-Type": "text/plain"}
    assert admin.post(path, content=PAGE, headers=plain).status_code == 401
    wrong = {**plain, "Authorization": "Bearer wrong"}
    assert admin.post(path, content=PAGE, headers=wrong).status_code == 403
    assert admin.get("/articles").json()["meta"]["total"] == 0


def test_cli_extract_prints_json_and_touches_no_database(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    result = newsdesk("extract", str(page), db=tmp_path / "none.db", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    extraction = json.loads(result.stdout)
    assert extraction["quotes"][0]["speaker"] == "Joan Ames"
    assert not (tmp_path / "none.db").exists()
    piped = subprocess.run(
        [sys.executable, "-m", "app.cli", "extract", "-"],
        input=PAGE,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert json.loads(piped.stdout) == extraction


def test_cli_ingest_stores_many_files(tmp_path: Path) -> None:
    db = tmp_path / "ingest.db"
    files = [tmp_path / "a.txt", tmp_path / "b.txt"]
    files[0].write_text(PAGE, encoding="utf-8")
    files[1].write_text(FOLLOW_UP, encoding="utf-8")
    assert newsdesk("migrate", db=db, cwd=tmp_path).returncode == 0
    result = newsdesk("ingest", *map(str, files), "--section", "health", db=db, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT count(*) FROM article").fetchone() == (2,)
        assert connection.execute("SELECT count(*) FROM quote").fetchone() == (4,)
        okafor = connection.execute("SELECT count(*) FROM speaker WHERE slug = 'chidi-okafor'")
        assert okafor.fetchone() == (1,)


@pytest.mark.skipif(not RAW_PAGE.exists(), reason="needs ../shared/seed beside the checkout")
def test_the_raw_seed_page_merges_into_the_seeded_speakers(
    admin: TestClient, store, seed_bundle
) -> None:
    store(seed_bundle)
    before = admin.get("/speakers").json()["meta"]["total"]
    body = {"text": RAW_PAGE.read_text(encoding="utf-8"), "slug": "frank-talks-raw"}
    article = admin.post("/admin/articles", json=body, headers=ADMIN).json()
    assert admin.get("/speakers").json()["meta"]["total"] == before  # nobody new
    speakers = [q["speaker"]["slug"] for q in article["quotes"]]
    assert speakers == [q.speakers[0] for q in seed_bundle.quotes]
    assert admin.get("/speakers/joe-biden").json()["quote_count"] == 6  # 3 seeded + 3 ingested


def test_a_different_story_with_the_same_headline_slug_is_kept_apart(admin: TestClient) -> None:
    first = admin.post("/admin/articles", content=PAGE.encode(), headers=TEXT).json()
    other = PAGE.replace("Minister backs Okafor plan", "Minister backs Okafor plan!")
    second = admin.post("/admin/articles", content=other.encode(), headers=TEXT)
    assert second.status_code == 201
    assert second.json()["slug"] == "minister-backs-okafor-plan-2"
    assert admin.get(f"/articles/{first['slug']}").json()["title"] == first["title"]


def test_replacing_keeps_metadata_and_gives_changed_quotes_new_ids(admin: TestClient) -> None:
    body = {"text": PAGE, "slug": "okafor", "section": "health", "tags": ["nhs"]}
    first = admin.post("/admin/articles", json=body, headers=ADMIN).json()
    changed = PAGE.replace("“a huge relief”", "“a real relief”")
    again = admin.post("/admin/articles", json={"text": changed, "slug": "okafor"}, headers=ADMIN)
    assert again.status_code == 200
    article = again.json()
    assert (article["section"], article["tags"]) == ("health", ["nhs"])
    assert article["published_at"] == first["published_at"]
    before = {q["text"]: q["id"] for q in first["quotes"]}
    after = {q["text"]: q["id"] for q in article["quotes"]}
    assert after["This is the plan we need,"] == before["This is the plan we need,"]
    # The changed quote is a new row; the old one is gone, not renamed.
    stored = admin.get("/quotes", params={"article": "okafor"}).json()["data"]
    assert {q["text"] for q in stored} == set(after)
    assert "a huge relief" not in after


def test_a_bare_surname_shared_by_two_speakers_joins_neither(admin: TestClient) -> None:
    for name in ("John", "Jane"):
        page = f"{name} Smith speaks\n\nDr {name} Smith said it was “fine”."
        assert admin.post("/admin/articles", content=page.encode(), headers=TEXT).status_code == 201
    page = "Smiths disagree\n\n“Nobody asked us,” Smith said."
    quote = admin.post("/admin/articles", content=page.encode(), headers=TEXT).json()["quotes"][0]
    assert quote["speaker"]["slug"] not in ("john-smith", "jane-smith")
    assert admin.get("/speakers/john-smith").json()["quote_count"] == 1


def test_concurrent_ingests_of_one_story_and_one_new_speaker_never_fail(serve) -> None:
    """Two workers, racing: the same page eight times and eight pages quoting the same new
    speaker. PostgreSQL lets the races reach the unique indexes; every answer is still 2xx."""
    import concurrent.futures

    base = serve(admin_token=ADMIN_TOKEN)
    pages = [PAGE] * 8 + [
        f"Story {n} about the clinic\n\n“Day {n} went well,” said Dr Chidi Okafor."
        for n in range(8)
    ]

    def post(page: str) -> int:
        return httpx.post(
            f"{base}/admin/articles", content=page.encode(), headers=TEXT, timeout=30
        ).status_code

    with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(post, pages))
    assert all(status in (200, 201) for status in statuses), statuses
    articles = httpx.get(f"{base}/articles", params={"per_page": 100}).json()["data"]
    assert len(articles) == 9
    speaker = httpx.get(f"{base}/speakers/chidi-okafor").json()
    assert speaker["quote_count"] == 9


def test_a_headline_without_letters_still_gets_a_slug(admin: TestClient) -> None:
    response = admin.post("/admin/articles", content=b"3-1\n\nA win at home.", headers=TEXT)
    assert response.status_code == 201, response.text
    assert response.json()["slug"] == "article-3-1"
