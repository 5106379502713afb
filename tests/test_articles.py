"""`/articles`: listing, filtering, paging and the full article."""

import re
from datetime import UTC, datetime

import pytest

from tests.conftest import SEED_SLUG
from tests.factories import make_bundle


def links(response) -> dict[str, str]:
    """The RFC 8288 Link header as {rel: url}."""
    return {
        rel: url for url, rel in re.findall(r'<([^>]+)>; rel="([^"]+)"', response.headers["Link"])
    }


def slugs(response) -> list[str]:
    return [item["slug"] for item in response.json()["data"]]


def test_list_shows_summaries_without_the_body(client, seeded) -> None:
    response = client.get("/articles")
    assert response.status_code == 200
    body = response.json()
    assert body["meta"] == {
        "total": 1,
        "per_page": 20,
        "page": 1,
        "pages": 1,
        "next_cursor": None,
        "total_capped": False,
    }
    [article] = body["data"]
    assert article["slug"] == SEED_SLUG
    assert article["title"] == "Tension in Ukraine – US and Russia hold “frank” talks"
    assert article["site"] == "NEWS WORLD UPDATE"
    assert article["published_at"] == "2022-01-21T18:00:00Z"
    assert "paragraphs" not in article and "quotes" not in article
    assert response.headers["X-Total-Count"] == "1"


def test_detail_by_slug_and_by_id_is_the_same_article(client, seeded) -> None:
    by_slug = client.get(f"/articles/{SEED_SLUG}").json()
    by_id = client.get(f"/articles/{by_slug['id']}").json()
    assert by_slug == by_id
    assert by_slug["paragraphs"] == seeded.article.paragraphs
    assert by_slug["tags"] == sorted(seeded.article.tags)
    assert [s["slug"] for s in by_slug["speakers"]] == [s.slug for s in seeded.speakers]
    blinken = by_slug["speakers"][0]
    assert blinken == {
        "id": blinken["id"],
        "slug": "antony-blinken",
        "name": "Antony Blinken",
        "role": "US Secretary of State",
    }


def test_joint_quote_lists_both_speakers_and_an_unattributed_quote_has_none(client, store) -> None:
    bundle = make_bundle(1, speaker="ada-lovelace")
    bundle.quotes[0].speakers = []
    store(bundle)
    quote = client.get("/articles/story-1").json()["quotes"][0]
    assert quote["speaker"] is None and quote["speakers"] == []


def test_joint_quote(client, seeded) -> None:
    frank = client.get(f"/articles/{SEED_SLUG}").json()["quotes"][0]
    assert frank["text"] == "frank"
    assert frank["cue"] == "described"
    assert frank["speaker"]["slug"] == "antony-blinken"
    assert [s["slug"] for s in frank["speakers"]] == ["antony-blinken", "sergei-lavrov"]


@pytest.mark.parametrize(
    "ref", ["nope", "999999", "2147483648", "9999999999", "99999999999999999999999"]
)
def test_unknown_article_is_a_404_problem(client, seeded, ref) -> None:
    response = client.get(f"/articles/{ref}")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 404


def test_newest_first_by_default_and_oldest_on_request(client, store) -> None:
    store(*(make_bundle(n) for n in range(1, 4)))
    assert slugs(client.get("/articles")) == ["story-3", "story-2", "story-1"]
    assert slugs(client.get("/articles?order=oldest")) == ["story-1", "story-2", "story-3"]


def test_page_numbers_with_link_headers(client, store) -> None:
    store(*(make_bundle(n) for n in range(1, 8)))
    response = client.get("/articles?per_page=3&page=2")
    assert slugs(response) == ["story-4", "story-3", "story-2"]
    meta = response.json()["meta"]
    assert (meta["total"], meta["page"], meta["pages"]) == (7, 2, 3)
    rels = links(response)
    assert set(rels) == {"self", "first", "prev", "next", "last"}
    assert rels["next"].endswith("/articles?per_page=3&page=3")
    assert rels["prev"].endswith("page=1")
    assert rels["last"].endswith("page=3")
    assert response.json()["links"]["next"] == rels["next"]
    last = client.get(rels["last"])
    assert slugs(last) == ["story-1"]
    assert "next" not in links(last)


def test_cursor_walk_visits_every_article_once_in_order(client, store) -> None:
    # Two articles share a timestamp: the id breaks the tie, nothing is skipped or repeated.
    same_time = datetime(2024, 6, 1, tzinfo=UTC)
    store(*(make_bundle(n) for n in range(1, 6)))
    store(make_bundle(6, published_at=same_time), make_bundle(7, published_at=same_time))
    for order in ("newest", "oldest"):
        expected = slugs(client.get(f"/articles?per_page=100&order={order}"))
        seen, url = [], f"/articles?per_page=2&order={order}&cursor="
        response = client.get(f"/articles?per_page=2&order={order}")
        while True:
            seen += slugs(response)
            cursor = response.json()["meta"]["next_cursor"]
            if cursor is None:
                break
            response = client.get(url + cursor)
            assert response.json()["meta"]["page"] is None
            expected_rels = {"self", "first"} | (
                {"next"} if response.json()["meta"]["next_cursor"] else set()
            )
            assert set(links(response)) == expected_rels
        assert seen == expected
        assert len(seen) == 7


def test_cursor_from_one_order_is_refused_in_the_other(client, store) -> None:
    store(*(make_bundle(n) for n in range(1, 4)))
    cursor = client.get("/articles?per_page=1").json()["meta"]["next_cursor"]
    response = client.get(f"/articles?order=oldest&cursor={cursor}")
    assert response.status_code == 422
    assert response.json()["invalid_params"][0]["name"] == "cursor"


def test_filters_section_tag_speaker(client, store) -> None:
    store(
        make_bundle(1, section="world", tags=("ukraine",), speaker="ada-lovelace"),
        make_bundle(2, section="sport", tags=("ukraine", "football")),
        make_bundle(3, section="world", tags=("football",), speaker="alan-turing"),
    )
    assert slugs(client.get("/articles?section=world")) == ["story-3", "story-1"]
    assert slugs(client.get("/articles?tag=ukraine")) == ["story-2", "story-1"]
    assert slugs(client.get("/articles?tag=football&section=world")) == ["story-3"]
    assert slugs(client.get("/articles?speaker=ada-lovelace")) == ["story-1"]
    assert client.get("/articles?speaker=nobody").json()["meta"]["total"] == 0


def test_filter_by_publication_dates(client, store) -> None:
    store(
        make_bundle(1, published_at=datetime(2022, 1, 1, tzinfo=UTC)),
        make_bundle(2, published_at=datetime(2022, 1, 2, 9, tzinfo=UTC)),
        make_bundle(3, published_at=datetime(2022, 1, 3, tzinfo=UTC)),
    )
    assert slugs(client.get("/articles?published_after=2022-01-02")) == ["story-3", "story-2"]
    assert slugs(client.get("/articles?published_before=2022-01-03")) == ["story-2", "story-1"]
    window = "published_after=2022-01-02T09:00:00Z&published_before=2022-01-02T10:00:00%2B00:00"
    assert slugs(client.get(f"/articles?{window}")) == ["story-2"]


def test_seed_article_is_found_by_its_speakers(client, seeded) -> None:
    for speaker in ("joe-biden", "vladimir-putin", "emmanuel-macron"):
        assert slugs(client.get(f"/articles?speaker={speaker}")) == [SEED_SLUG]
