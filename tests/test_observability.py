"""`/metrics` in Prometheus' text format, and one access-log line per request."""

import json
import logging

import httpx
from prometheus_client.parser import text_string_to_metric_families

from app.observability import ACCESS, JsonFormatter
from tests.conftest import SEED_SLUG


def samples(client) -> dict[tuple[str, tuple], float]:
    response = client.get("/metrics")
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(response.text)
        for s in family.samples
    }


def test_requests_are_counted_by_route_template_not_raw_path(client, seeded) -> None:
    for ref in (SEED_SLUG, "1", "no-such-article"):
        client.get(f"/articles/{ref}")
    client.get("/not/a/route")
    client.head("/articles")
    client.request("FOO1", "/articles")
    found = samples(client)

    def count(route: str, status: str) -> float:
        labels = (("method", "GET"), ("route", route), ("status", status))
        return found.get(("newsdesk_http_requests_total", labels), 0)

    assert count("/articles/{id_or_slug}", "200") == 2
    assert count("/articles/{id_or_slug}", "404") == 1
    assert count("unmatched", "404") == 1
    head = (("method", "HEAD"), ("route", "/articles"), ("status", "200"))
    assert found[("newsdesk_http_requests_total", head)] == 1
    assert not any("FOO1" in str(key) for key in found)  # invented methods are "other"
    assert not any(SEED_SLUG in str(key) for key in found)  # no raw paths, no cardinality blowup
    latency = (
        "newsdesk_http_request_duration_seconds_count",
        (("method", "GET"), ("route", "/articles/{id_or_slug}")),
    )
    assert found[latency] == 3
    assert ("newsdesk_db_pool_checked_out", (("database", "primary"),)) in found


def test_every_request_is_logged_once_and_json_when_asked(client, seeded) -> None:
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    ACCESS.addHandler(handler)
    try:
        client.get(f"/articles/{SEED_SLUG}")
    finally:
        ACCESS.removeHandler(handler)
    [record] = records
    line = json.loads(JsonFormatter().format(record))
    assert line["method"] == "GET" and line["status"] == 200
    assert line["path"] == f"/articles/{SEED_SLUG}"
    assert line["route"] == "/articles/{id_or_slug}"
    assert line["duration_ms"] >= 0


def test_several_workers_report_one_sum(serve, seeded, tmp_path) -> None:
    """With PROMETHEUS_MULTIPROC_DIR, a scrape of any worker counts every worker's requests."""
    base = serve(workers=2, env={"PROMETHEUS_MULTIPROC_DIR": str(tmp_path)})
    with httpx.Client(base_url=base) as client:
        for _ in range(40):  # new connections: spread over both workers
            httpx.get(f"{base}/articles/{SEED_SLUG}")
        text = client.get("/metrics").text
    counted = {
        tuple(sorted(s.labels.items())): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
        if s.name == "newsdesk_http_requests_total"
    }
    labels = (("method", "GET"), ("route", "/articles/{id_or_slug}"), ("status", "200"))
    assert counted[labels] == 40
    assert len(list(tmp_path.glob("counter_*.db"))) == 2  # both workers answered and counted
