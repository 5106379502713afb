"""A catalogue of hostile requests. Each is answered 4xx `application/problem+json`, names
what it refused where there is a field to name, carries nothing internal, and writes nothing."""

import base64
import json

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text

from app.config import Settings
from app.main import create_app
from tests.conftest import ADMIN, ADMIN_TOKEN, SEED_SLUG

JSON = {"Content-Type": "application/json"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
COMMENTS = f"/articles/{SEED_SLUG}/comments"
GOOD = {"body": "Fine words.", "author_name": "Ada", "author_email": "ada@example.org"}
INTERNALS = ("Traceback", 'File "', "SELECT ", "INSERT ", "sqlalchemy", "psycopg", "/work/")


def comment(**fields: object) -> bytes:
    return json.dumps({**GOOD, **fields}, ensure_ascii=False).encode()


def forged(payload: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


def nested(depth: int) -> bytes:
    return b'{"body": ' + b"[" * depth + b"]" * depth + b"}"


# (what it tries, method, path, headers, body, status, the field the problem must name)
CATALOGUE = [
    # --- comment bodies: sizes, with multi-byte characters at the byte limits
    ("body one byte over", "POST", COMMENTS, JSON, comment(body="x" * 65526), 422, "body"),
    ("body of 3-byte chars over", "POST", COMMENTS, JSON, comment(body="€" * 21843), 422, "body"),
    (
        "name of 2-byte chars over",
        "POST",
        COMMENTS,
        JSON,
        comment(author_name="é" * 123),
        422,
        "author_name",
    ),
    (
        "email over 100 bytes",
        "POST",
        COMMENTS,
        JSON,
        comment(author_email="a" * 95 + "@b.org"),
        422,
        "author_email",
    ),
    (
        "url over 200 bytes",
        "POST",
        COMMENTS,
        JSON,
        comment(author_url="https://e.org/" + "ü" * 95),
        422,
        "author_url",
    ),
    (
        "whole request over the limit",
        "POST",
        COMMENTS,
        JSON,
        comment(body="x" * 140_000),
        413,
        None,
    ),
    # --- invalid values
    (
        "invalid email",
        "POST",
        COMMENTS,
        JSON,
        comment(author_email="not-an-email"),
        422,
        "author_email",
    ),
    (
        "email with a NUL",
        "POST",
        COMMENTS,
        JSON,
        comment(author_email="a\x00@b.org"),
        422,
        "author_email",
    ),
    (
        "javascript: url",
        "POST",
        COMMENTS,
        JSON,
        comment(author_url="javascript:alert(1)"),
        422,
        "author_url",
    ),
    (
        "data: url",
        "POST",
        COMMENTS,
        JSON,
        comment(author_url="data:text/html,<b>x</b>"),
        422,
        "author_url",
    ),
    (
        "url with a control character",
        "POST",
        COMMENTS,
        JSON,
        comment(author_url="https://e.org/\x07"),
        422,
        "author_url",
    ),
    ("blank body", "POST", COMMENTS, JSON, comment(body="   "), 422, "body"),
    ("NUL in the body", "POST", COMMENTS, JSON, comment(body="a\x00b"), 422, "body"),
    ("script-only name", "POST", COMMENTS, JSON, comment(author_name=" \t "), 422, "author_name"),
    ("negative parent", "POST", COMMENTS, JSON, comment(parent_id=-1), 422, "parent_id"),
    ("huge parent", "POST", COMMENTS, JSON, comment(parent_id=2**40), 422, "parent_id"),
    (
        "non-numeric parent",
        "POST",
        COMMENTS,
        JSON,
        comment(parent_id="1; DROP TABLE comment"),
        422,
        "parent_id",
    ),
    (
        "parent that is not a comment",
        "POST",
        COMMENTS,
        JSON,
        comment(parent_id=999_999),
        422,
        "parent_id",
    ),
    (
        "missing email",
        "POST",
        COMMENTS,
        JSON,
        json.dumps({"body": "x", "author_name": "A"}).encode(),
        422,
        "author_email",
    ),
    # --- wrong or malformed bodies
    ("plain text", "POST", COMMENTS, {"Content-Type": "text/plain"}, b"hello", 415, None),
    ("XML", "POST", COMMENTS, {"Content-Type": "application/xml"}, b"<c/>", 415, None),
    ("no content type", "POST", COMMENTS, {}, b"body=x", 415, None),
    ("malformed JSON", "POST", COMMENTS, JSON, b'{"body": ', 422, "body"),
    ("JSON array", "POST", COMMENTS, JSON, b"[1, 2]", 422, "body"),
    ("JSON string", "POST", COMMENTS, JSON, b'"hello"', 422, "body"),
    ("deeply nested JSON", "POST", COMMENTS, JSON, nested(60_000), 422, "body"),
    ("invalid UTF-8 JSON", "POST", COMMENTS, JSON, b'{"body": "\xff\xfe"}', 422, "body"),
    ("invalid UTF-8 form", "POST", COMMENTS, FORM, b"body=%FF%FE&author_name=A", 422, "body"),
    (
        "repeated form field",
        "POST",
        COMMENTS,
        FORM,
        b"body=a&body=b&author_name=A&author_email=a%40b.org",
        422,
        "body",
    ),
    ("body on a closed route", "POST", "/articles", JSON, comment(), 405, None),
    (
        "comment on an unknown article",
        "POST",
        "/articles/no-such-story/comments",
        JSON,
        comment(),
        404,
        None,
    ),
    # --- paging and filters
    ("negative page", "GET", "/articles?page=-1", {}, None, 422, "page"),
    ("page zero", "GET", "/articles?page=0", {}, None, 422, "page"),
    ("huge page", "GET", "/articles?page=99999999999999999999", {}, None, 422, "page"),
    ("non-numeric page", "GET", "/articles?page=two", {}, None, 422, "page"),
    ("huge per_page", "GET", "/quotes?per_page=100000", {}, None, 422, "per_page"),
    ("garbage cursor", "GET", "/articles?cursor=%27%3B--", {}, None, 422, "cursor"),
    (
        "forged cursor with SQL",
        "GET",
        "/articles?cursor=" + forged(["1 OR 1=1", "DROP TABLE article"]),
        {},
        None,
        422,
        "cursor",
    ),
    ("page and cursor", "GET", "/speakers?page=1&cursor=abc", {}, None, 422, "cursor"),
    ("unknown parameter", "GET", "/articles?sectoin=world", {}, None, 422, "sectoin"),
    ("repeated parameter", "GET", "/articles?page=1&page=2", {}, None, 422, "page"),
    (
        "SQL in section",
        "GET",
        "/articles?section=world%27%20OR%201%3D1--",
        {},
        None,
        422,
        "section",
    ),
    (
        "SQL in tag",
        "GET",
        "/articles?tag=%27%3B%20DROP%20TABLE%20article%3B--",
        {},
        None,
        422,
        "tag",
    ),
    (
        "SQL in speaker",
        "GET",
        "/quotes?speaker=x%27%20UNION%20SELECT%201--",
        {},
        None,
        422,
        "speaker",
    ),
    (
        "script in section",
        "GET",
        "/feeds/articles.atom?section=%3Cscript%3E",
        {},
        None,
        422,
        "section",
    ),
    (
        "SQL in feed speaker",
        "GET",
        "/feeds/articles.json?speaker=%27%20OR%20%271%27%3D%271",
        {},
        None,
        422,
        "speaker",
    ),
    ("not a date", "GET", "/articles?published_after=yesterday", {}, None, 422, "published_after"),
    (
        "impossible date",
        "GET",
        "/articles?published_after=2022-13-45",
        {},
        None,
        422,
        "published_after",
    ),
    (
        "inverted window",
        "GET",
        "/articles?published_after=2022-02-01&published_before=2022-01-01",
        {},
        None,
        422,
        "published_before",
    ),
    # --- search
    ("empty search", "GET", "/search?q=", {}, None, 422, "q"),
    ("only exclusions", "GET", "/search?q=-nato", {}, None, 422, "q"),
    ("overlong search", "GET", "/search?q=" + "a" * 501, {}, None, 422, "q"),
    (
        "too many terms",
        "GET",
        "/search?q=" + "+".join(f"w{i}" for i in range(40)),
        {},
        None,
        422,
        "q",
    ),
    ("FTS syntax only", "GET", "/search?q=%22%22%20*%20%28%29", {}, None, 422, "q"),
    ("search page beyond reach", "GET", "/search?q=frank&page=100000", {}, None, 422, "page"),
    ("bogus hit type", "GET", "/search?q=frank&type=users", {}, None, 422, "type"),
    # --- paths
    ("path traversal", "GET", "/articles/..%2F..%2Fetc%2Fpasswd", {}, None, 404, None),
    ("NUL in a slug", "GET", "/articles/a%00b", {}, None, 422, "id_or_slug"),
    ("script in a slug", "GET", "/speakers/%3Cscript%3E", {}, None, 422, "id_or_slug"),
    ("SQL in a slug", "GET", "/speakers/%27%20OR%201%3D1--", {}, None, 422, "id_or_slug"),
    ("id beyond 32 bits", "GET", "/articles/99999999999", {}, None, 404, None),
    ("negative comment id", "GET", "/comments/-1", {}, None, 422, "comment_id"),
    ("non-numeric comment id", "GET", "/comments/abc", {}, None, 422, "comment_id"),
    # --- admin
    ("no token", "GET", "/admin/comments", {}, None, 401, None),
    ("wrong token", "GET", "/admin/comments", {"Authorization": "Bearer guess"}, None, 403, None),
    (
        "token in the wrong scheme",
        "GET",
        "/admin/comments",
        {"Authorization": f"Basic {ADMIN_TOKEN}"},
        None,
        401,
        None,
    ),
    (
        "bogus status",
        "PATCH",
        "/admin/comments/1",
        {**ADMIN, **JSON},
        b'{"status": "published"}',
        422,
        "status",
    ),
    ("mass-assigned id", "PATCH", "/admin/comments/1", {**ADMIN, **JSON}, b'{"id": 7}', 422, "id"),
    (
        "mass-assigned ip",
        "PATCH",
        "/admin/comments/1",
        {**ADMIN, **JSON},
        b'{"author_ip": "1.2.3.4"}',
        422,
        "author_ip",
    ),
    (
        "ingest with an id",
        "POST",
        "/admin/articles",
        {**ADMIN, **JSON},
        b'{"text": "H\\n\\nP", "id": 1}',
        422,
        "id",
    ),
    (
        "ingest traversal slug",
        "POST",
        "/admin/articles",
        {**ADMIN, **JSON},
        b'{"text": "H\\n\\nP", "slug": "../../etc"}',
        422,
        "slug",
    ),
    (
        "ingest javascript url",
        "POST",
        "/admin/articles",
        {**ADMIN, **JSON},
        b'{"text": "H\\n\\nP", "canonical_url": "javascript:alert(1)"}',
        422,
        "canonical_url",
    ),
    (
        "ingest as HTML",
        "POST",
        "/admin/articles",
        {**ADMIN, "Content-Type": "text/html"},
        b"<h1>x</h1>",
        415,
        None,
    ),
    (
        "ingest invalid UTF-8",
        "POST",
        "/admin/articles",
        {**ADMIN, "Content-Type": "text/plain"},
        b"H\n\n\xff",
        422,
        "body",
    ),
    (
        "ingest a NUL",
        "POST",
        "/admin/articles",
        {**ADMIN, "Content-Type": "text/plain"},
        b"H\n\nA\x00B",
        422,
        "text",
    ),
]


@pytest.fixture
def hostile(db_url: str, seeded) -> TestClient:
    app: FastAPI = create_app(
        Settings(database_url=db_url, admin_token=ADMIN_TOKEN, _env_file=None)
    )
    with TestClient(app) as client:
        yield client
    app.state.engine.dispose()


def row_counts(app: FastAPI) -> dict[str, int]:
    tables = [
        "article",
        "article_tag",
        "article_speaker",
        "speaker",
        "quote",
        "quote_speaker",
        "comment",
        "comment_throttle",
        "idempotency_record",
    ]
    with app.state.engine.connect() as connection:
        return {t: connection.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in tables}


def test_the_catalogue_is_long_enough() -> None:
    assert len(CATALOGUE) >= 50
    assert len({entry[0] for entry in CATALOGUE}) == len(CATALOGUE)


@pytest.mark.parametrize(
    ("method", "path", "headers", "body", "status", "field"),
    [entry[1:] for entry in CATALOGUE],
    ids=[entry[0] for entry in CATALOGUE],
)
def test_hostile_request_is_refused_and_writes_nothing(
    hostile: TestClient, method, path, headers, body, status, field
) -> None:
    before = row_counts(hostile.app)
    response = hostile.request(method, path, headers=headers, content=body)
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == status
    if field is not None:
        named = [p["name"].split(".")[0] for p in problem.get("invalid_params", [])]
        assert field in named, problem
    assert not any(marker in response.text for marker in INTERNALS)
    assert row_counts(hostile.app) == before
