"""A read replica: public reads come from it, writes and /admin from the primary."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.config import Settings
from app.db import build_engine
from app.main import create_app
from app.services.bundles import save_bundle
from tests.conftest import ADMIN_TOKEN, SEED_SLUG
from tests.factories import make_bundle


def stored(url: str, *bundles) -> None:
    engine = build_engine(Settings(database_url=url, _env_file=None))
    with Session(engine) as session:
        for bundle in bundles:
            save_bundle(session, bundle)
        session.commit()
    engine.dispose()


@pytest.fixture
def split(databases, seed_bundle) -> Iterator[TestClient]:
    with databases.fresh() as primary, databases.fresh() as replica:
        stored(primary, seed_bundle)
        stored(replica, seed_bundle, make_bundle(7))  # the replica knows one more story
        settings = Settings(
            database_url=primary,
            database_replica_url=replica,
            admin_token=ADMIN_TOKEN,
            comments_auto_approve=True,
            comments_flood_seconds=0,
            _env_file=None,
        )
        app = create_app(settings)
        with TestClient(app) as client:
            yield client
        app.state.engine.dispose()
        app.state.read_engine.dispose()


def test_reads_come_from_the_replica_and_writes_go_to_the_primary(split: TestClient) -> None:
    assert [a["slug"] for a in split.get("/articles").json()["data"]] == ["story-7", SEED_SLUG]
    comment = {"body": "Seen on the primary.", "author_name": "Ada", "author_email": "a@b.org"}
    posted = split.post(f"/articles/{SEED_SLUG}/comments", json=comment)
    assert posted.status_code == 201
    # The primary has it (admin reads the primary)…
    queue = split.get("/admin/comments", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}).json()
    assert [c["body"] for c in queue["data"]] == ["Seen on the primary."]
    # …this replica never will: nothing replicates between two test databases.
    assert split.get(f"/articles/{SEED_SLUG}/comments").json()["data"] == []
    assert split.get("/readyz").status_code == 200
