"""HTTP as clients and caches expect it: validators and 304s, Cache-Control, HEAD, gzip, CORS."""

import time
from email.utils import format_datetime, parsedate_to_datetime

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from tests.conftest import SEED_SLUG

TOKEN = "a-very-long-admin-token-for-tests-only"
ADMIN = {"Authorization": f"Bearer {TOKEN}"}
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
            admin_token=TOKEN,
            cors_comment_origins=["https://reader.example"],
            comments_flood_seconds=0,
            comments_auto_approve=True,
            _env_file=None,
        )
    )
    with TestClient(app) as client:
        yield client
    app.state.engine.dispose()


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


def test_an_approved_comment_or_a_deletion_changes_the_validators(web: TestClient) -> None:
    path = f"/articles/{SEED_SLUG}"
    first = web.get(path)
    time.sleep(1.1)  # HTTP dates have whole seconds
    comment = {"body": "Frank talks beat none.", "author_name": "Ada", "author_email": "a@b.org"}
    posted = web.post(f"{path}/comments", json=comment)
    assert posted.status_code == 201
    second = web.get(path, headers={"If-None-Match": first.headers["etag"]})
    assert second.status_code == 200 and second.json()["comment_count"] == 1
    assert second.headers["etag"] != first.headers["etag"]
    assert second.headers["last-modified"] != first.headers["last-modified"]

    time.sleep(1.1)
    assert web.delete(f"/admin/comments/{posted.json()['id']}", headers=ADMIN).status_code == 204
    third = web.get(path, headers={"If-Modified-Since": second.headers["last-modified"]})
    assert third.status_code == 200  # a deletion moves Last-Modified too
    assert third.json()["comment_count"] == 0


def test_admin_answers_and_errors_are_never_stored_publicly(web: TestClient) -> None:
    admin = web.get("/admin/comments", headers=ADMIN)
    assert admin.headers["cache-control"] == "no-store"
    missing = web.get("/articles/no-such-article")
    assert missing.status_code == 404
    assert "public" not in missing.headers.get("cache-control", "")


def test_head_answers_wherever_get_does(web: TestClient) -> None:
    paths = [p for p in web.get("/openapi.json").json()["paths"] if "{" not in p]
    for path in [*paths, *PUBLIC_READS]:
        if "get" not in web.get("/openapi.json").json()["paths"].get(path, {"get": 1}):
            continue
        got, head = web.get(path), web.head(path)
        assert head.status_code == got.status_code, path
        assert head.content == b""
        assert head.headers.get("etag") == got.headers.get("etag"), path


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
