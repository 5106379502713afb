"""Driving a server with wrk (Debian's package) and reading its figures."""

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

COMMENT_SCRIPT = Path(__file__).resolve().parent / "comment.lua"
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@dataclass(frozen=True)
class Load:
    """What wrk measured for one URL."""

    requests_per_s: float
    p50_ms: float
    p99_ms: float
    requests: int
    failed: int  # non-2xx/3xx answers and socket errors: a run with any is not a result


def wrk_path() -> str:
    if path := shutil.which("wrk"):
        return path
    raise SystemExit("wrk is not installed: apt-get install wrk")


def run_wrk(
    url: str, *, seconds: float, connections: int, post_comments: bool = False, nonce: str = ""
) -> Load:
    # A generous timeout: a slow answer is a latency to report, not a socket error.
    command = [wrk_path(), "-t1", f"-c{connections}", f"-d{seconds:g}s", "--timeout=30s"]
    command += ["--latency", url]
    if post_comments:
        command[1:1] = ["-s", str(COMMENT_SCRIPT)]
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        check=True,
        env={"BENCH_NONCE": nonce},
        timeout=seconds + 60,
    )
    return parse(done.stdout)


def parse(report: str) -> Load:
    def number(pattern: str) -> float:
        found = re.search(pattern, report)
        if found is None:
            raise ValueError(f"wrk printed no {pattern!r}:\n{report}")
        return float(found.group(1))

    def latency(percentile: str) -> float:
        found = re.search(rf"^\s*{percentile}%\s+([\d.]+)(us|ms|s|m)\s*$", report, re.M)
        if found is None:
            raise ValueError(f"wrk printed no {percentile}% latency:\n{report}")
        return float(found.group(1)) * _UNITS[found.group(2)]

    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", report
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", report)
    failed = sum(int(g) for g in errors.groups()) if errors else 0
    return Load(
        requests_per_s=number(r"Requests/sec:\s+([\d.]+)"),
        p50_ms=latency("50"),
        p99_ms=latency("99"),
        requests=int(number(r"(\d+) requests in")),
        failed=failed + (int(non_2xx.group(1)) if non_2xx else 0),
    )
