"""Every bad request is a 4xx `application/problem+json` that names what is wrong."""

import base64
import json

import pytest
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
    assert "page or cursor" in body["invalid_params"][0]["reason"]


def test_unknown_route_is_a_404_problem(client) -> None:
    body = problem(client.get("/nowhere"), 404)
    assert body["instance"] == "/nowhere"


def test_wrong_method_is_a_405_problem_with_allow(client) -> None:
    response = client.delete("/articles")
    problem(response, 405)
    assert response.headers["Allow"] == "GET"


def test_a_database_failure_is_a_503_problem_without_internals(client, app) -> None:
    app.state.engine.dispose()
    # Point the engine at a file that cannot exist: every connection attempt fails.
    app.state.engine = create_engine("sqlite:////nonexistent-dir/x.db")
    response = client.get("/articles")
    problem(response, 503)
    assert response.headers["Retry-After"]
    assert "nonexistent" not in response.text and "sqlite" not in response.text.lower()
    problem(client.get("/readyz"), 503)
    assert client.get("/healthz").status_code == 200
