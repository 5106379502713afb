"""Every bad request is a 4xx `application/problem+json` that names what is wrong."""

import base64
import json

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status
    assert {"type", "title", "detail"} <= set(body)
    return body


def forged(payload: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("per_page=0", "per_page"),
        ("per_page=101", "per_page"),
        ("per_page=ten", "per_page"),
        ("page=0", "page"),
        ("page=-1", "page"),
        ("page=99999999999999999999", "page"),
        ("order=sideways", "order"),
        ("published_after=yesterday", "published_after"),
        ("published_before=2022-13-01", "published_before"),
        ("sectoin=world", "sectoin"),
        ("section=" + "x" * 300, "section"),
        ("cursor=not-a-cursor", "cursor"),
        ("cursor=" + forged({"o": "newest", "v": ["2022-01-01T00:00:00", 1]}), "cursor"),
        ("cursor=" + forged({"o": "newest", "v": [1]}), "cursor"),
        ("cursor=" + forged({"o": "newest", "v": ["x' OR 1=1 --", 1]}), "cursor"),
        ("cursor=" + forged([1, 2]), "cursor"),
        ("cursor=%00%ff", "cursor"),
    ],
)
def test_bad_list_parameters_are_422_naming_the_parameter(client, seeded, query, param) -> None:
    body = problem(client.get(f"/articles?{query}"), 422)
    assert param in [p["name"] for p in body["invalid_params"]]
    assert param in body["detail"]


def test_page_and_cursor_together_are_refused(client, seeded) -> None:
    body = problem(client.get("/articles?page=2&cursor=abc"), 422)
    assert body["invalid_params"][0]["name"] == "cursor"
    assert "page or cursor" in body["invalid_params"][0]["reason"]


def test_unknown_route_is_a_404_problem(client) -> None:
    body = problem(client.get("/nowhere"), 404)
    assert body["instance"] == "/nowhere"


def test_wrong_method_is_a_405_problem_with_allow(client) -> None:
    response = client.delete("/articles")
    problem(response, 405)
    assert response.headers["Allow"] == "GET, HEAD"
    # Every method the path takes, not only the first route's (Starlette's own Allow).
    response = client.put("/admin/comments/1")
    assert response.headers["Allow"] == "DELETE, GET, HEAD, PATCH"


def test_a_database_failure_is_a_503_problem_without_internals(client, app) -> None:
    app.state.engine.dispose()
    # Point the engines at a file that cannot exist: every connection attempt fails.
    app.state.engine = app.state.read_engine = create_engine("sqlite:////nonexistent-dir/x.db")
    response = client.get("/articles")
    problem(response, 503)
    assert response.headers["Retry-After"]
    assert "nonexistent" not in response.text and "sqlite" not in response.text.lower()
    problem(client.get("/readyz"), 503)
    assert client.get("/healthz").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/articles/¹",
        "/articles/０１",
        "/articles/a%00b",
        "/articles/Upper-Case",
        "/speakers/a%00",
        "/articles/" + "a" * 201,
    ],
)
def test_malformed_references_are_422_naming_the_path_parameter(client, seeded, path) -> None:
    body = problem(client.get(path), 422)
    assert body["invalid_params"][0]["name"] == "id_or_slug"


def test_an_id_with_leading_zeros_is_not_the_article(client, seeded) -> None:
    problem(client.get("/articles/01"), 404)


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("section=%00", "section"),
        ("tag=a%00", "tag"),
        ("speaker=x%00", "speaker"),
        ("published_after=9999-12-31T23:59:59-05:00", "published_after"),
        ("published_after=0001-01-01T00:00:00%2B05:00", "published_after"),
        ("published_after=2022-02-01&published_before=2022-01-01", "published_before"),
        ("cursor=" + forged({"o": "newest", "v": ["2022-01-01T00:00:00+00:00", 1e400]}), "cursor"),
        ("cursor=" + forged({"o": "newest", "v": ["2022-01-01T00:00:00+00:00", 10**20]}), "cursor"),
        ("cursor=" + forged({"o": "newest", "v": ["2022-01-01T00:00:00+00:00", 2**31]}), "cursor"),
        ("cursor=" + forged({"o": "newest", "v": ["2022-01-01T00:00:00+00:00", 1.7]}), "cursor"),
        ("cursor=" + forged({"o": "newest", "v": ["2022-01-01T00:00:00+00:00", True]}), "cursor"),
        ("cursor=" + forged({"o": "newest", "v": ["9999-12-31T23:59:59-05:00", 1]}), "cursor"),
        ("section=world&section=sport", "section"),
        ("page=1&page=2", "page"),
    ],
)
def test_hostile_parameters_are_422_naming_them(client, seeded, query, param) -> None:
    body = problem(client.get(f"/articles?{query}"), 422)
    assert param in [p["name"] for p in body["invalid_params"]]


def test_forged_speaker_cursor_with_a_nul_is_refused(client, seeded) -> None:
    cursor = forged({"o": "name", "v": ["a\x00b", 1]})
    body = problem(client.get(f"/speakers?cursor={cursor}"), 422)
    assert body["invalid_params"][0]["name"] == "cursor"


def test_quotes_filter_by_an_out_of_range_article_id_is_empty(client, seeded) -> None:
    response = client.get("/quotes?article=9999999999")
    assert response.status_code == 200
    assert response.json()["data"] == []


def test_an_unexpected_failure_is_a_500_problem_without_internals(app, seeded) -> None:
    """A real fault, not a mock: a row whose stored paragraphs are not text cannot be served."""
    with app.state.engine.begin() as connection:
        connection.exec_driver_sql(
            'UPDATE article SET paragraphs = \'[1, {"/work/secret/path.py": "SELECT"}]\''
        )
    with TestClient(app, raise_server_exceptions=False) as client:  # as a real server answers
        response = client.get("/articles/1")
    body = problem(response, 500)
    assert response.headers["Cache-Control"] == "no-store"
    for internal in ("Traceback", "SELECT", "/work/", "secret", "JSONDecodeError", "line "):
        assert internal not in response.text, internal
    assert body["detail"]
