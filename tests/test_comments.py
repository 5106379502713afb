"""Leaving a reply, as a reader's form, a frontend or curl would: and what protects it."""

import asyncio
import sqlite3
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.requests import Request

from app.config import Settings
from app.deps import client_ip
from app.errors import ContentTooLarge
from app.main import create_app
from app.routes.forms import read_body
from tests.conftest import ADMIN, ADMIN_TOKEN, SEED_SLUG
from tests.factories import make_bundle

URL = f"/articles/{SEED_SLUG}/comments"


def reply(**fields: object) -> dict[str, object]:
    return {
        "body": "Frank talks beat no talks.",
        "author_name": "Ada",
        "author_email": "ada@example.org",
        **fields,
    }


@pytest.fixture
def make_client(db_url: str, seeded_db: None):
    """A client for an app on the seeded database, with comment settings of the test's own."""
    apps: list[FastAPI] = []

    def _make(**settings: object) -> TestClient:
        app = create_app(
            Settings(database_url=db_url, admin_token=ADMIN_TOKEN, _env_file=None, **settings)
        )
        apps.append(app)
        return TestClient(app).__enter__()

    yield _make
    for app in apps:
        app.state.engine.dispose()


@pytest.fixture
def seeded_db(store, seed_bundle) -> None:
    store(seed_bundle)


@pytest.fixture
def open_client(make_client) -> TestClient:
    """No flood limit, everyone published at once: for tests about something else."""
    return make_client(comments_flood_seconds=0, comments_auto_approve=True)


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    return response.json()


# --- submission --------------------------------------------------------------------------------


def test_a_first_comment_from_a_form_is_held_and_invisible(make_client) -> None:
    client = make_client()
    response = client.post(URL, data=reply())
    assert response.status_code == 202
    receipt = response.json()
    assert receipt["status"] == "pending"
    assert response.headers["Location"].endswith(f"/comments/{receipt['id']}")
    assert "author_email" not in receipt and "ada@example.org" not in response.text
    problem(client.get(f"/comments/{receipt['id']}"), 404)
    assert client.get(URL).json()["data"] == []
    assert client.get(f"/articles/{SEED_SLUG}").json()["comment_count"] == 0


def test_a_published_comment_is_201_and_counted(open_client) -> None:
    response = open_client.post(URL, json=reply())
    assert response.status_code == 201
    comment = response.json()
    assert comment["status"] == "approved"
    assert open_client.get(response.headers["Location"]).json()["body_text"] == reply()["body"]
    assert open_client.get(f"/articles/{SEED_SLUG}").json()["comment_count"] == 1
    summary = open_client.get("/articles").json()["data"][0]
    assert summary["comment_count"] == 1


def test_a_commenter_approved_before_is_published_at_once(make_client) -> None:
    client = make_client(comments_flood_seconds=0)
    first = client.post(URL, json=reply()).json()
    approve = {"status": "approved"}
    approved = client.patch(f"/admin/comments/{first['id']}", json=approve, headers=ADMIN)
    assert approved.json()["status"] == "approved"
    second = client.post(URL, json=reply(body="And again.", author_email="ADA@example.org"))
    assert second.status_code == 201
    # Knowing a regular's email is not enough: the name must match too.
    impostor = reply(body="Buy now", author_name="Not Ada")
    assert client.post(URL, json=impostor).status_code == 202


def test_fields_the_server_decides_are_ignored(open_client, make_client) -> None:
    response = open_client.post(
        URL,
        json=reply(id=999, status="approved", ip="1.2.3.4", created_at="2001-01-01T00:00:00Z"),
    )
    assert response.status_code == 201
    comment = open_client.get(f"/admin/comments/{response.json()['id']}", headers=ADMIN).json()
    assert comment["id"] != 999 and comment["author_ip"] != "1.2.3.4"
    assert not comment["created_at"].startswith("2001")
    newcomer = reply(body="Mass assignment", author_email="new@example.org", status="approved")
    held = make_client().post(URL, json=newcomer)
    assert held.json()["status"] == "pending"


@pytest.mark.parametrize(
    ("field", "ok", "too_long"),
    [
        ("author_name", "é" * 122 + "a", "é" * 123),  # 245 bytes fit, 246 do not
        ("author_email", "a" * 41 + "@" + "b" * 54 + ".org", "a" * 42 + "@" + "b" * 54 + ".org"),
        ("author_url", "https://example.org/" + "€" * 60, "https://example.org/" + "€" * 61),
        ("body", "ü" * 32762 + "a", "ü" * 32763),  # 65,525 bytes
    ],
)
def test_byte_limits_as_wordpress_counts_them(open_client, field, ok, too_long) -> None:
    assert open_client.post(URL, json=reply(**{field: ok})).status_code == 201
    body = problem(open_client.post(URL, json={**reply(body="other"), field: too_long}), 422)
    assert [p["name"] for p in body["invalid_params"]] == [field]


@pytest.mark.parametrize(
    ("fields", "name"),
    [
        ({"body": "   \n\t "}, "body"),
        ({"author_name": ""}, "author_name"),
        ({"author_email": "not-an-email"}, "author_email"),
        ({"author_email": "a@b"}, "author_email"),
        ({"author_url": "javascript:alert(1)"}, "author_url"),
        ({"author_url": "ftp://example.org"}, "author_url"),
        ({"parent_id": "x"}, "parent_id"),
        ({"parent_id": 424242}, "parent_id"),
    ],
)
def test_invalid_fields_are_422_naming_the_field(open_client, fields, name) -> None:
    body = problem(open_client.post(URL, json=reply(**fields)), 422)
    assert name in [p["name"] for p in body["invalid_params"]]
    assert open_client.get("/admin/comments", headers=ADMIN).json()["meta"]["total"] == 0


def test_missing_required_fields_are_named(open_client) -> None:
    body = problem(open_client.post(URL, data={"body": "hi"}), 422)
    assert {p["name"] for p in body["invalid_params"]} == {"author_name", "author_email"}


def test_an_empty_website_box_is_no_website(open_client) -> None:
    response = open_client.post(URL, data=reply(author_url=""))
    assert response.status_code == 201 and response.json()["author_url"] is None


@pytest.mark.parametrize(
    ("content", "content_type", "status"),
    [
        (b"body=hi", "text/plain", 415),
        (b"<comment/>", "application/xml", 415),
        (b"", "", 415),
        (b"{not json", "application/json", 422),
        (b"[1, 2]", "application/json", 422),
        (b"body=%FF%FE", "application/x-www-form-urlencoded", 422),
        (
            b"body=a&body=b&author_name=x&author_email=a@b.org",
            "application/x-www-form-urlencoded",
            422,
        ),
    ],
)
def test_what_is_not_a_comment_form(open_client, content, content_type, status) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    problem(open_client.post(URL, content=content, headers=headers), status)


def test_an_oversized_request_is_413_before_it_is_read(open_client) -> None:
    big = "x" * (128 * 1024 + 1)
    problem(open_client.post(URL, json=reply(body=big)), 413)

    def chunks() -> Iterator[bytes]:  # no Content-Length: refused while streaming
        yield b"body="
        for _ in range(200):
            yield b"y" * 1024

    problem(
        open_client.post(
            URL, content=chunks(), headers={"Content-Type": "application/x-www-form-urlencoded"}
        ),
        413,
    )


def test_bodies_are_stored_as_given_and_shown_safely(open_client) -> None:
    body = (
        'See <a href="https://example.org" onclick="steal()">this</a> and '
        '<a href="javascript:alert(1)">that</a><script>alert(2)</script>\n\nBye <b>now</b>'
    )
    created = open_client.post(URL, json=reply(body=body, author_email="b@example.org"))
    shown = created.json()
    assert "<script" not in shown["body_html"] and "onclick" not in shown["body_html"]
    assert "javascript:" not in shown["body_html"]
    assert 'href="https://example.org" rel="nofollow ugc"' in shown["body_html"]
    assert "<p>Bye <b>now</b></p>" in shown["body_html"]
    assert "<" not in shown["body_text"]
    stored = open_client.get(f"/admin/comments/{shown['id']}", headers=ADMIN).json()
    assert stored["body"] == body


# --- protection --------------------------------------------------------------------------------


def test_a_duplicate_is_409_naming_the_existing_comment(open_client) -> None:
    first = open_client.post(URL, json=reply()).json()
    body = problem(open_client.post(URL, data=reply()), 409)
    assert body["existing"] == f"/comments/{first['id']}"
    # Trashed, it no longer counts: the same text may be posted again.
    open_client.patch(f"/admin/comments/{first['id']}", json={"status": "trash"}, headers=ADMIN)
    assert open_client.post(URL, json=reply()).status_code == 201
    # …and the trashed copy cannot come back while the new one lives.
    restore = {"status": "approved"}
    problem(open_client.patch(f"/admin/comments/{first['id']}", json=restore, headers=ADMIN), 409)


def test_flood_by_ip_or_by_email_is_429_with_retry_after(make_client) -> None:
    client = make_client(comments_auto_approve=True)
    assert client.post(URL, json=reply()).status_code == 201
    same_ip = client.post(URL, json=reply(body="Other", author_email="other@example.org"))
    assert problem(same_ip, 429)
    assert 1 <= int(same_ip.headers["Retry-After"]) <= 15
    spoofed = make_client(comments_auto_approve=True)
    spoofed.headers["X-Forwarded-For"] = "198.51.100.9"  # not believed: no trusted proxy
    third = reply(body="Third", author_email="third@example.org")
    assert spoofed.post(URL, json=third).status_code == 429


def test_x_forwarded_for_counts_only_from_a_trusted_proxy(db_url, seeded_db) -> None:
    settings = Settings(
        database_url=db_url,
        admin_token=ADMIN_TOKEN,
        _env_file=None,
        comments_auto_approve=True,
        trusted_proxies=["127.0.0.1"],
    )
    app = create_app(settings)
    with TestClient(app, client=("127.0.0.1", 40000)) as client:
        first = client.post(URL, json=reply(), headers={"X-Forwarded-For": "203.0.113.5"})
        second = client.post(
            URL,
            json=reply(body="Different person", author_email="cy@example.org"),
            headers={"X-Forwarded-For": "203.0.113.6"},
        )
        assert (first.status_code, second.status_code) == (201, 201)
        ips = {c["author_ip"] for c in client.get("/admin/comments", headers=ADMIN).json()["data"]}
        assert ips == {"203.0.113.5", "203.0.113.6"}
        # The same email from yet another address is still the same person: flood.
        same_person = client.post(
            URL, json=reply(body="Me again"), headers={"X-Forwarded-For": "203.0.113.7"}
        )
        assert same_person.status_code == 429
    app.state.engine.dispose()


@pytest.mark.parametrize(
    ("rules", "fields", "status"),
    [
        ({}, {"body": "Read http://a.example and www.b.example.com"}, "pending"),
        ({}, {"body": "Read https://a.example only"}, "approved"),
        ({}, {"body": '<a href="https://a.example">https://a.example</a>'}, "approved"),
        (
            {"comments_moderation_keys": ["casino"]},
            {"author_url": "https://CASINO.example"},
            "pending",
        ),
        ({"comments_disallowed_keys": ["viagra"]}, {"body": "cheap ViAgRa"}, "spam"),
        ({}, {"nickname": "I am a bot"}, "spam"),
    ],
)
def test_holds_and_spam(make_client, rules, fields, status) -> None:
    client = make_client(comments_flood_seconds=0, comments_auto_approve=True, **rules)
    response = client.post(URL, data=reply(**fields))
    # Spam is answered like a held comment: a bot learns nothing.
    assert response.status_code == (201 if status == "approved" else 202)
    stored = client.get(f"/admin/comments/{response.json()['id']}", headers=ADMIN).json()
    assert stored["status"] == status


def test_reposting_spam_is_answered_like_a_held_comment(make_client) -> None:
    client = make_client(comments_flood_seconds=0)
    first = client.post(URL, data=reply(nickname="bot"))
    again = client.post(URL, data=reply(nickname="bot"))
    assert first.status_code == again.status_code == 202
    assert again.json() == first.json()


def test_an_idempotency_key_names_one_request(open_client, store) -> None:
    store(make_bundle(1))
    key = {"Idempotency-Key": "same-key"}
    assert open_client.post(URL, json=reply(), headers=key).status_code == 201
    elsewhere = open_client.post("/articles/story-1/comments", json=reply(), headers=key)
    assert problem(elsewhere, 422)["invalid_params"][0]["name"] == "Idempotency-Key"


def test_idempotency_key_replays_the_first_answer(make_client) -> None:
    client = make_client()  # flood limit on: a second real submission would be refused
    key = {"Idempotency-Key": "5f0b6a1e-retry"}
    first = client.post(URL, json=reply(), headers=key)
    again = client.post(URL, json=reply(), headers=key)
    assert again.status_code == first.status_code == 202
    assert again.json() == first.json()
    assert again.headers["Location"] == first.headers["Location"]
    assert client.get("/admin/comments", headers=ADMIN).json()["meta"]["total"] == 1
    misuse = problem(client.post(URL, json=reply(body="Else"), headers=key), 422)
    assert misuse["invalid_params"][0]["name"] == "Idempotency-Key"


def test_closed_comments_are_403_and_unknown_articles_404(open_client, app, store) -> None:
    closed = make_bundle(1)
    closed.article.comments_open = False
    store(closed)
    problem(open_client.post("/articles/story-1/comments", json=reply()), 403)
    problem(open_client.post("/articles/nope/comments", json=reply()), 404)


# --- threads -----------------------------------------------------------------------------------


def test_replies_nest_under_their_parent_oldest_first(open_client) -> None:
    top = open_client.post(URL, json=reply(body="Top")).json()
    second = open_client.post(URL, json=reply(body="Second top", author_name="Bo")).json()
    child = open_client.post(URL, json=reply(body="Child", parent_id=top["id"])).json()
    open_client.post(URL, json=reply(body="Grandchild", parent_id=child["id"]))
    thread = open_client.get(URL).json()
    assert [c["id"] for c in thread["data"]] == [top["id"], second["id"]]
    assert thread["data"][0]["replies"][0]["body_text"] == "Child"
    assert thread["data"][0]["replies"][0]["replies"][0]["body_text"] == "Grandchild"
    assert thread["meta"]["total"] == 2  # top comments; replies come with them
    assert open_client.get(f"/articles/{SEED_SLUG}").json()["comment_count"] == 4


def test_replies_only_to_published_comments_and_not_too_deep(make_client) -> None:
    client = make_client(comments_flood_seconds=0, comments_max_depth=2)
    held = client.post(URL, json=reply(body="Held")).json()
    body = problem(client.post(URL, json=reply(body="Re", parent_id=held["id"])), 422)
    assert body["invalid_params"][0] == {
        "name": "parent_id",
        "location": "body",
        "reason": "not an approved comment of this article",
    }
    client.patch(f"/admin/comments/{held['id']}", json={"status": "approved"}, headers=ADMIN)
    child = client.post(URL, json=reply(body="Re", parent_id=held["id"]))
    assert child.status_code == 201  # Ada was approved once: published now
    too_deep = client.post(URL, json=reply(body="Re re", parent_id=child.json()["id"]))
    problem(too_deep, 422)


# --- moderation --------------------------------------------------------------------------------


def test_admin_needs_the_token(make_client, db_url) -> None:
    """Every /admin operation in the OpenAPI document: declared secured, 401 without the
    token, 403 with a wrong one."""
    client = make_client()
    schema = client.get("/openapi.json").json()
    operations = [
        (method.upper(), path.replace("{comment_id}", "1"))
        for path, methods in schema["paths"].items()
        if path.startswith("/admin")
        for method, operation in methods.items()
        if operation.get("security") == [{"HTTPBearer": []}]
    ]
    admin_operations = sum(len(m) for p, m in schema["paths"].items() if p.startswith("/admin"))
    assert len(operations) == admin_operations >= 6  # every one is listed as secured
    for method, path in operations:
        missing = client.request(method, path)
        assert problem(missing, 401) and missing.headers["WWW-Authenticate"] == "Bearer"
        assert missing.headers["Cache-Control"] == "no-store"
        problem(client.request(method, path, headers={"Authorization": "Bearer wrong"}), 403)
    closed_app = create_app(Settings(database_url=db_url, _env_file=None))
    with TestClient(closed_app) as closed:
        problem(closed.get("/admin/comments", headers=ADMIN), 403)
    closed_app.state.engine.dispose()


def test_moderation_approve_trash_edit_delete(make_client) -> None:
    client = make_client(comments_flood_seconds=0)
    held = client.post(URL, json=reply()).json()
    queue = client.get("/admin/comments?status=pending", headers=ADMIN)
    assert queue.headers["Cache-Control"] == "no-store"
    [pending] = queue.json()["data"]
    assert (pending["author_email"], pending["user_agent"]) == ("ada@example.org", "testclient")
    url = f"/admin/comments/{held['id']}"
    client.patch(url, json={"status": "approved"}, headers=ADMIN)
    assert client.get(f"/comments/{held['id']}").status_code == 200
    edited = client.patch(url, json={"body": "Edited <i>text</i>"}, headers=ADMIN).json()
    assert client.get(f"/comments/{held['id']}").json()["body_html"] == "<p>Edited <i>text</i></p>"
    assert edited["status"] == "approved"
    client.patch(url, json={"status": "trash"}, headers=ADMIN)
    problem(client.get(f"/comments/{held['id']}"), 404)
    problem(client.patch(url, json={"status": "published"}, headers=ADMIN), 422)
    problem(client.patch(url, json={"colour": "red"}, headers=ADMIN), 422)
    assert client.delete(url, headers=ADMIN).status_code == 204
    problem(client.get(url, headers=ADMIN), 404)


def test_public_views_never_show_email_ip_or_user_agent(db_url, seeded_db) -> None:
    """Crawl every public GET operation, with real ids, after comments with known private
    fields exist: none of those values appears in any body or header."""
    email, ip, agent = "secret.person@private.example", "203.0.113.77", "SecretAgent/7.7"
    settings = Settings(
        database_url=db_url,
        admin_token=ADMIN_TOKEN,
        _env_file=None,
        comments_auto_approve=True,
        comments_flood_seconds=0,
        trusted_proxies=["127.0.0.1"],
    )
    app = create_app(settings)
    private = {"X-Forwarded-For": ip, "User-Agent": agent}
    with TestClient(app, client=("127.0.0.1", 40000)) as client:
        answers = [client.post(URL, json=reply(author_email=email), headers=private)]
        top = answers[0].json()
        answers += [
            client.post(
                URL, json=reply(body="Re", author_email=email, parent_id=top["id"]), headers=private
            ),
            client.post(
                URL, json=reply(body="Held http://a http://b", author_email=email), headers=private
            ),
            client.post(URL, json=reply(author_email=email), headers=private),  # 409
            client.post(URL, json=reply(author_email=email, author_url="ftp://x"), headers=private),
        ]
        held_id = answers[2].json()["id"]
        answers.append(client.get(f"/comments/{held_id}"))  # 404
        for response in answers:
            seen = response.text + str(dict(response.headers))
            assert all(s not in seen for s in (email, ip, agent)), response.text
        ids = {"id_or_slug": SEED_SLUG, "comment_id": str(top["id"])}
        paths = client.get("/openapi.json").json()["paths"]
        crawled = 0
        public = [p for p, ops in paths.items() if "get" in ops and not p.startswith("/admin")]
        for path in [*public, "/metrics", "/docs", "/redoc"]:  # and what OpenAPI leaves out
            url = path.format(**{k: v for k, v in ids.items() if "{" + k + "}" in path})
            for query in ("", "?q=frank", "?q=talks&per_page=100"):
                response = client.get(url + query)
                if response.status_code == 422:
                    continue  # a query parameter this operation does not take
                crawled += 1
                seen = response.text + str(dict(response.headers))
                for secret in (email, ip, agent, "secret.person"):
                    assert secret not in seen, (url + query, secret)
        assert crawled >= len([p for p in paths if not p.startswith("/admin")])
    app.state.engine.dispose()


def test_a_write_lock_that_cannot_be_had_is_503_and_writes_nothing(db_url, seeded_db) -> None:
    if not db_url.startswith("sqlite"):
        pytest.skip("SQLite's single-writer lock")
    settings = Settings(
        database_url=db_url,
        admin_token=ADMIN_TOKEN,
        _env_file=None,
        sqlite_busy_timeout_ms=50,
        comments_auto_approve=True,
    )
    app = create_app(settings)
    blocker = sqlite3.connect(db_url.removeprefix("sqlite:///"))
    blocker.execute("BEGIN IMMEDIATE")  # another writer holds the lock throughout
    with TestClient(app) as client:
        response = client.post(URL, json=reply(), headers={"Idempotency-Key": "k-503"})
        assert problem(response, 503) and response.headers["Retry-After"]
        blocker.rollback()
        assert client.get("/admin/comments", headers=ADMIN).json()["meta"]["total"] == 0
        # Nothing was half-written: not the comment, nor its flood stamp, nor its key.
        assert (
            client.post(URL, json=reply(), headers={"Idempotency-Key": "k-503"}).status_code == 201
        )
    blocker.close()
    app.state.engine.dispose()


def test_an_oversized_stream_is_refused_before_it_is_all_read() -> None:
    received = 0

    async def receive() -> dict:
        nonlocal received
        received += 1
        return {"type": "http.request", "body": b"x" * 1024, "more_body": True}

    scope = {"type": "http", "method": "POST", "path": "/", "headers": [], "query_string": b""}
    with pytest.raises(ContentTooLarge):
        asyncio.run(read_body(Request(scope, receive), 10 * 1024))
    assert received == 11  # stopped at the first chunk past the limit, of an endless stream


@pytest.mark.parametrize(
    ("peer", "forwarded", "trusted", "expected"),
    [
        ("203.0.113.9", "198.51.100.1", [], "203.0.113.9"),
        ("10.0.0.2", "198.51.100.1", ["10.0.0.0/8"], "198.51.100.1"),
        ("10.0.0.2", "6.6.6.6, 198.51.100.1, 10.0.0.3", ["10.0.0.0/8"], "198.51.100.1"),
        ("10.0.0.2", "198.51.100.1:4711", ["10.0.0.0/8"], "198.51.100.1"),
        ("::ffff:10.0.0.2", "[2001:db8::7]:443", ["10.0.0.0/8"], "2001:db8::7"),
        ("10.0.0.2", "not-an-ip", ["10.0.0.0/8"], "10.0.0.2"),
    ],
)
def test_client_address(peer, forwarded, trusted, expected) -> None:
    assert client_ip(peer, forwarded, trusted) == expected


def test_a_deleted_comments_id_is_never_given_to_another(open_client) -> None:
    """On SQLite too: a link to a deleted comment must never show someone else's words."""
    first = open_client.post(URL, json=reply(body="First")).json()
    last = open_client.post(URL, json=reply(body="Second", author_email="b@b.org")).json()
    assert open_client.delete(f"/admin/comments/{last['id']}", headers=ADMIN).status_code == 204
    again = open_client.post(URL, json=reply(body="Third", author_email="c@b.org")).json()
    assert again["id"] > last["id"] > first["id"]
    assert open_client.get(f"/comments/{last['id']}").status_code == 404
