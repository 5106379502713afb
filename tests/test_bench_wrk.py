"""`make bench` reads wrk's report: its figures, and every kind of failed request."""

import pytest

from bench.wrk import parse

REPORT = """Running 8s test @ http://127.0.0.1:41234/articles/article-5000
  1 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     3.39ms  412.00us  48.12ms   90.12%
    Req/Sec     4.72k   210.33     4.98k    80.00%
  Latency Distribution
     50%  850.00us
     75%    3.50ms
     90%    3.80ms
     99%    1.20s
  37576 requests in 8.00s, 200.48MB read
{errors}Requests/sec:   4697.00
Transfer/sec:     25.06MB
"""


def test_figures_are_read_in_milliseconds() -> None:
    load = parse(REPORT.format(errors=""))
    assert load.requests_per_s == 4697.0
    assert load.p50_ms == pytest.approx(0.85)
    assert load.p99_ms == pytest.approx(1200.0)
    assert load.requests == 37576
    assert load.failed == 0


def test_refused_answers_and_socket_errors_are_failures() -> None:
    errors = (
        "  Socket errors: connect 0, read 1, write 0, timeout 2\n  Non-2xx or 3xx responses: 3\n"
    )
    assert parse(REPORT.format(errors=errors)).failed == 6


def test_a_report_without_figures_is_an_error_not_a_zero() -> None:
    with pytest.raises(ValueError, match="Requests/sec"):
        parse("unable to connect to 127.0.0.1:1 Connection refused\n")
