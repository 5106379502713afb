"""PostgreSQL restarted under a real server's feet: while it is away every answer is a 503
problem+json with Retry-After (never a 500, never a dropped connection), and once it is back
the same server answers again within seconds, without being restarted."""

import os
import subprocess
import threading
import time

import httpx
import pytest

from tests.conftest import SEED_SLUG

CTL = os.environ.get("POSTGRES_CTL")
RECOVERY_SECONDS = 5


@pytest.fixture
def postgres_ctl(db_url: str) -> str:
    if not db_url.startswith("postgresql"):
        pytest.skip("a PostgreSQL test")
    if CTL is None:
        if os.environ.get("CI"):
            pytest.fail("CI runs this with POSTGRES_CTL (.ci/with-postgres)")
        pytest.skip("needs POSTGRES_CTL to stop and start the server (.ci/with-postgres)")
    return CTL


def test_the_app_recovers_from_a_database_restart_on_its_own(
    postgres_ctl: str, serve, seeded
) -> None:
    base = serve()
    answers: list[tuple[float, int, str, str | None]] = []
    stop = threading.Event()

    def read_and_write(n: int) -> None:
        with httpx.Client(base_url=base, timeout=10) as client:
            while not stop.is_set():
                if n % 2:
                    response = client.get(f"/articles/{SEED_SLUG}")
                else:
                    comment = {
                        "body": f"Reader {n} at {time.monotonic()}",
                        "author_name": "Ada",
                        "author_email": f"ada{n}@example.org",
                    }
                    response = client.post(f"/articles/{SEED_SLUG}/comments", json=comment)
                answers.append(
                    (
                        time.monotonic(),
                        response.status_code,
                        response.headers.get("content-type", ""),
                        response.headers.get("retry-after"),
                    )
                )
                time.sleep(0.02)

    threads = [threading.Thread(target=read_and_write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(1)
        subprocess.run([postgres_ctl, "stop"], check=True, capture_output=True, timeout=60)
        time.sleep(2)
        subprocess.run([postgres_ctl, "start"], check=True, capture_output=True, timeout=60)
        back = time.monotonic()
        deadline = back + 15
        while time.monotonic() < deadline:
            if any(at > back and status in (200, 201, 202) for at, status, *_ in answers):
                break
            time.sleep(0.05)
        time.sleep(0.5)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=30)

    statuses = {status for _, status, *_ in answers}
    assert 503 in statuses, "the database was away: some answer must say so"
    assert statuses <= {200, 201, 202, 409, 429, 503}, statuses  # no 500, no hang-up (0)
    for _, status, content_type, retry_after in answers:
        if status == 503:
            assert content_type == "application/problem+json"
            assert retry_after is not None and retry_after.isdigit()
    recovered = min(at for at, status, *_ in answers if at > back and status < 300)
    print(f"first 2xx {recovered - back:.2f} s after the database was back")  # -s shows it
    assert recovered - back < RECOVERY_SECONDS
