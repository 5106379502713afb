"""Property-based testing of the whole API from its own OpenAPI document, with schemathesis,
against a real server: every operation, schemathesis' default checks (no 5xx; status codes,
content types, headers and bodies as documented; schema-invalid input refused, schema-valid
input accepted), and a stateful run that follows the document's links — a comment created,
then read back. The flood limit is off so that valid comments are not refused as floods.

tests/schemathesis_hooks.py tells the generator the rules that join two parameters, which
OpenAPI cannot state. Every failure schemathesis found was fixed in the app or the schema."""

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ADMIN_TOKEN

ROOT = str(Path(__file__).resolve().parent.parent)
SEED = "1"  # fixed, so that CI is repeatable; other seeds pass too (see the closing note)


def test_the_api_holds_its_openapi_contract(serve, seeded, tmp_path) -> None:
    base = serve(comments_flood_seconds="0", admin_token=ADMIN_TOKEN, access_log="false")
    schemathesis = Path(sys.executable).with_name("schemathesis")
    result = subprocess.run(
        [
            str(schemathesis),
            "run",
            f"{base}/openapi.json",
            "--phases=examples,fuzzing,stateful",
            "--max-examples=30",
            f"--seed={SEED}",
            "--header",
            f"Authorization: Bearer {ADMIN_TOKEN}",
            "--no-color",
        ],
        # A folder of its own: schemathesis keeps a cache of past failures where it runs, and
        # a developer's old runs must not change what this one tests.
        env={**os.environ, "SCHEMATHESIS_HOOKS": "tests.schemathesis_hooks", "PYTHONPATH": ROOT},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    summary = result.stdout[-3000:]
    assert result.returncode == 0, summary
    assert " passed" in summary and "generated" in summary, summary
    print(summary[summary.rfind("Test cases:") :])  # -s shows the counts
