"""`/docs` and `/redoc` in a real headless Chromium, on a running server, with every host but
127.0.0.1 unresolvable: the pages must render from the app's own assets, as behind a firewall."""

import os
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"), reason="Chromium is not installed"
)
# The flags a sandboxed CI machine needs; the resolver rule takes the network away.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--virtual-time-budget=20000",
    "--dump-dom",
]


def rendered(url: str, profile: Path) -> str:
    assert CHROMIUM, "CI installs Chromium (.ci/run)"
    result = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", url],
        capture_output=True,
        text=True,
        timeout=90,
    )
    return result.stdout


def test_swagger_ui_renders_every_operation_offline(serve, tmp_path: Path) -> None:
    base = serve(workers=1)
    schema = httpx.get(f"{base}/openapi.json").json()
    dom = rendered(f"{base}/docs", tmp_path)
    for path in schema["paths"]:
        assert f'data-path="{path}"' in dom, path
    assert "cdn.jsdelivr.net" not in httpx.get(f"{base}/docs").text


def test_redoc_renders_every_operation_offline(serve, tmp_path: Path) -> None:
    base = serve(workers=1)
    schema = httpx.get(f"{base}/openapi.json").json()
    dom = rendered(f"{base}/redoc", tmp_path)
    summaries = {op["summary"] for ops in schema["paths"].values() for op in ops.values()}
    for summary in summaries:
        assert summary in dom, summary
    assert "fonts.googleapis.com" not in httpx.get(f"{base}/redoc").text
