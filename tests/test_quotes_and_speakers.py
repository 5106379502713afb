"""`/quotes` and `/speakers`."""

import pytest

from tests.conftest import SEED_SLUG
from tests.factories import make_bundle


def test_quotes_of_a_speaker_across_articles(client, seeded, store) -> None:
    store(make_bundle(1, speaker="joe-biden"))  # a later article quoting Biden again
    body = client.get("/quotes?speaker=joe-biden").json()
    texts = [q["text"] for q in body["data"]]
    # Newest article first; within the seed article, reading order.
    assert texts == ["We will see,", "move in", "minor incursion", "pay a heavy price"]
    assert body["data"][1]["article"]["slug"] == SEED_SLUG
    assert body["data"][0]["article"]["slug"] == "story-1"
    assert all(q["speaker"]["slug"] == "joe-biden" for q in body["data"])


def test_quotes_of_an_article_by_slug_or_id(client, seeded) -> None:
    by_slug = client.get(f"/quotes?article={SEED_SLUG}&per_page=100").json()
    article_id = by_slug["data"][0]["article"]["id"]
    by_id = client.get(f"/quotes?article={article_id}&per_page=100").json()
    assert by_slug["data"] == by_id["data"]
    assert by_slug["meta"]["total"] == 14
    positions = [(q["paragraph"], q["start"]) for q in by_slug["data"]]
    assert positions == sorted(positions)


def test_quote_cursor_walk_matches_the_full_list(client, seeded, store) -> None:
    store(*(make_bundle(n, speaker="ada-lovelace") for n in range(1, 5)))
    full = client.get("/quotes?per_page=100").json()["data"]
    walked, response = [], client.get("/quotes?per_page=3")
    while True:
        walked += response.json()["data"]
        cursor = response.json()["meta"]["next_cursor"]
        if not cursor:
            break
        response = client.get(f"/quotes?per_page=3&cursor={cursor}")
    assert [q["id"] for q in walked] == [q["id"] for q in full]
    assert len(full) == 18


def test_speaker_list_is_alphabetical_with_quote_counts(client, seeded) -> None:
    body = client.get("/speakers?per_page=100").json()
    names = [s["name"] for s in body["data"]]
    assert names == sorted(names)
    counts = {s["slug"]: s["quote_count"] for s in body["data"]}
    assert counts["sergei-lavrov"] == 6
    assert counts["antony-blinken"] == 4
    assert counts["joe-biden"] == 3
    assert counts["vladimir-putin"] == 0  # named, never quoted


def test_speaker_detail_has_role_aliases_and_quotes(client, seeded) -> None:
    response = client.get("/speakers/volodymyr-zelensky")
    assert response.status_code == 200
    speaker = response.json()
    assert speaker["role"] == "Ukrainian President"
    assert speaker["quote_count"] == 1
    [quote] = speaker["quotes"]
    assert quote["text"].startswith("There are no minor incursions.")
    assert quote["cue"] == "tweeted"
    assert quote["article"]["slug"] == SEED_SLUG
    by_id = client.get(f"/speakers/{speaker['id']}").json()
    assert by_id == speaker


@pytest.mark.parametrize("path", ["/speakers/nobody", "/speakers/424242"])
def test_unknown_speaker_is_a_404_problem(client, seeded, path) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
