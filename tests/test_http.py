"""HTTP as clients and caches expect it: validators and 304s, Cache-Control, HEAD, gzip, CORS."""

import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlmodel import Session

from app.config import Settings
from app.main import create_app
from app.models import ContentClock
from tests.conftest import ADMIN, ADMIN_TOKEN, SEED_SLUG
from tests.factories import make_bundle

PUBLIC_READS = [
    "/articles",
    f"/articles/{SEED_SLUG}",
    f"/articles/{SEED_SLUG}/comments",
    "/quotes",
    "/quotes?speaker=antony-blinken",
    "/speakers",
    "/speakers/antony-blinken",
    "/search?q=frank",
]


@pytest.fixture
def web(db_url: str, seeded) -> TestClient:
    app: FastAPI = create_app(
        Settings(
            database_url=db_url,
            admin_token=ADMIN_TOKEN,
            cors_comment_origins=["https://reader.example"],
            comments_flood_seconds=0,
            comments_auto_approve=True,
            _env_file=None,
        )
    )
    with TestClient(app) as client:
        age_the_clock(client)
        yield client
    app.state.engine.dispose()


def age_the_clock(client: TestClient) -> None:
    """Pretend the content was stored an hour ago, and let the server know this version for
    over a second: Last-Modified is then sent. (Within the second of a change, or of a server
    first seeing it, it is withheld, as whole-second dates could not tell them apart.)"""
    an_hour_ago = datetime.now(UTC) - timedelta(hours=1)
    with Session(client.app.state.engine) as session:
        session.exec(update(ContentClock).values(changed_at=an_hour_ago))
        session.commit()
    client.get("/articles")
    time.sleep(1.1)


@pytest.mark.parametrize("path", PUBLIC_READS)
def test_public_reads_carry_validators_and_cache_control(web: TestClient, path: str) -> None:
    response = web.get(path)
    assert response.status_code == 200
    etag = response.headers["etag"]
    assert etag.startswith('"') and not etag.startswith("W/")  # strong
    assert parsedate_to_datetime(response.headers["last-modified"]).tzinfo is not None
    assert response.headers["cache-control"] == "public, max-age=60, stale-while-revalidate=300"

    again = web.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    for header in ("etag", "last-modified", "cache-control"):
        assert again.headers[header] == response.headers[header]

    since = web.get(path, headers={"If-Modified-Since": response.headers["last-modified"]})
    assert since.status_code == 304
    before = format_datetime(
        parsedate_to_datetime(response.headers["last-modified"]).replace(year=2000), usegmt=True
    )
    assert web.get(path, headers={"If-Modified-Since": before}).status_code == 200
    # If-None-Match decides when both are sent (RFC 9110 §13.2.2).
    stale = {"If-None-Match": '"other"', "If-Modified-Since": response.headers["last-modified"]}
    assert web.get(path, headers=stale).status_code == 200


def test_any_change_is_seen_at_once_even_within_the_same_second(web: TestClient, store) -> None:
    path = f"/articles/{SEED_SLUG}"
    first = web.get(path)
    old_date = first.headers["last-modified"]
    comment = {"body": "Frank talks beat none.", "author_name": "Ada", "author_email": "a@b.org"}
    posted = web.post(f"{path}/comments", json=comment)
    assert posted.status_code == 201
    # Straight away: a new ETag, and no Last-Modified that a later change in the same second
    # could hide behind.
    second = web.get(path, headers={"If-None-Match": first.headers["etag"]})
    assert second.status_code == 200 and second.json()["comment_count"] == 1
    assert second.headers["etag"] != first.headers["etag"]
    if "last-modified" in second.headers:  # sent only once the second of the change is over
        posted_at = datetime.fromisoformat(posted.json()["created_at"])
        assert parsedate_to_datetime(second.headers["last-modified"]) >= posted_at.replace(
            microsecond=0
        )
    assert web.get(path, headers={"If-Modified-Since": old_date}).status_code == 200

    assert web.delete(f"/admin/comments/{posted.json()['id']}", headers=ADMIN).status_code == 204
    third = web.get("/articles", headers={"If-Modified-Since": old_date})
    assert third.status_code == 200  # a deletion moves it too

    # Seeding or ingesting a story dated years ago still counts as a change now.
    store(make_bundle(1))
    listed = web.get("/articles", headers={"If-Modified-Since": old_date})
    assert listed.status_code == 200 and listed.json()["meta"]["total"] == 2


def test_a_story_dated_in_the_future_does_not_freeze_last_modified(web: TestClient, store) -> None:
    future = make_bundle(2)
    future.article.published_at = datetime(2999, 1, 1, tzinfo=UTC)
    store(future)
    age_the_clock(web)
    modified = parsedate_to_datetime(web.get("/articles").headers["last-modified"])
    assert modified < datetime.now(UTC)
    tomorrow = format_datetime(datetime.now(UTC) + timedelta(days=1), usegmt=True)
    # A date in the future is not valid, so it cannot earn a 304.
    assert web.get("/articles", headers={"If-Modified-Since": tomorrow}).status_code == 200


def test_admin_answers_and_errors_are_never_stored(web: TestClient) -> None:
    admin = web.get("/admin/comments", headers=ADMIN)
    assert admin.headers["cache-control"] == "no-store"
    missing = web.get("/articles/no-such-article")
    assert missing.status_code == 404
    assert missing.headers["cache-control"] == "no-store"


def test_head_answers_wherever_get_does(web: TestClient) -> None:
    operations = web.get("/openapi.json").json()["paths"]
    plain = [p for p, ops in operations.items() if "{" not in p and "get" in ops]
    for path in [*plain, *PUBLIC_READS]:
        got, head = web.get(path), web.head(path)
        assert head.status_code == got.status_code, path
        assert head.content == b""
        assert head.headers.get("etag") == got.headers.get("etag"), path
        assert head.headers.get("content-length") == got.headers.get("content-length"), path
    etag = web.get("/articles").headers["etag"]
    cached = web.head("/articles", headers={"If-None-Match": etag, "Origin": "https://x.example"})
    assert cached.status_code == 304
    assert cached.headers["access-control-allow-origin"] == "*"  # CORS on a 304 too


def test_large_answers_are_gzipped_small_ones_are_not(web: TestClient) -> None:
    big = web.get(f"/articles/{SEED_SLUG}", headers={"Accept-Encoding": "gzip"})
    assert big.headers["content-encoding"] == "gzip"
    assert "Accept-Encoding" in big.headers["vary"]
    small = web.get("/healthz", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in small.headers
    plain = web.get(f"/articles/{SEED_SLUG}", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert plain.headers["etag"] != big.headers["etag"]  # two representations, two ETags


def test_any_page_may_read_the_public_api(web: TestClient) -> None:
    revalidate = {
        "Origin": "https://anyone.example",
        "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "if-none-match",
    }
    assert web.options("/articles", headers=revalidate).status_code == 200
    response = web.get("/articles", headers={"Origin": "https://anyone.example"})
    assert response.headers["access-control-allow-origin"] == "*"
    exposed = response.headers["access-control-expose-headers"]
    assert {"Link", "X-Total-Count", "ETag"} <= {h.strip() for h in exposed.split(",")}


def test_only_configured_origins_may_post_comments(web: TestClient) -> None:
    path = f"/articles/{SEED_SLUG}/comments"
    preflight = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    allowed = web.options(path, headers={"Origin": "https://reader.example", **preflight})
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == "https://reader.example"
    assert "Origin" in allowed.headers["vary"]
    refused = web.options(path, headers={"Origin": "https://evil.example", **preflight})
    assert refused.status_code == 400
    assert "access-control-allow-origin" not in refused.headers


def test_admin_is_not_readable_cross_origin(web: TestClient) -> None:
    preflight = {
        "Origin": "https://anyone.example",
        "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "authorization",
    }
    response = web.options("/admin/comments", headers=preflight)
    assert "access-control-allow-origin" not in response.headers
    got = web.get("/admin/comments", headers={**ADMIN, "Origin": "https://anyone.example"})
    assert "access-control-allow-origin" not in got.headers
