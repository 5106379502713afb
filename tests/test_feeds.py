"""Feeds, read back by a real feed parser: the site, a section, a speaker; discovery from /."""

from typing import Literal

import feedparser
import pytest
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, HttpUrl

from tests.conftest import SEED_SLUG
from tests.factories import make_bundle

FORMATS = {"atom": "atom10", "rss": "rss20", "json": None}


class JsonFeedItem(BaseModel):
    """JSON Feed 1.1 (jsonfeed.org/version/1.1), as strict as the spec: feedparser 6 reads
    only XML feeds."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(min_length=1)
    url: HttpUrl
    title: str
    summary: str
    content_html: str
    date_published: AwareDatetime
    date_modified: AwareDatetime
    tags: list[str]


class JsonFeed(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: Literal["https://jsonfeed.org/version/1.1"]
    title: str
    description: str
    home_page_url: HttpUrl
    feed_url: HttpUrl
    language: str
    items: list[JsonFeedItem]


def parse(response):
    """As a reader parses what it fetched; JSON Feed items shaped like feedparser's."""
    if response.headers["content-type"] == "application/feed+json":
        feed = JsonFeed.model_validate(response.json())
        entries = [feedparser.FeedParserDict(link=str(i.url)) for i in feed.items]
        return feedparser.FeedParserDict(bozo=0, entries=entries)
    return feedparser.parse(response.content)


@pytest.fixture
def newsroom(store, seeded) -> None:
    store(make_bundle(1, section="business"), make_bundle(2, section="sport"))  # 2024: newer


@pytest.mark.parametrize("suffix", ["atom", "rss"])
def test_xml_feeds_parse_cleanly_newest_first(client, newsroom, suffix: str) -> None:
    response = client.get(f"/feeds/articles.{suffix}")
    assert response.status_code == 200
    parsed = parse(response)
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.version == FORMATS[suffix]
    assert [e.link.rsplit("/", 1)[-1] for e in parsed.entries] == [
        "story-2",
        "story-1",
        SEED_SLUG,
    ]
    seed = parsed.entries[-1]
    assert seed.title == "Tension in Ukraine – US and Russia hold “frank” talks"
    body = seed.content[0].value if suffix == "atom" else seed.description
    assert "Antony Blinken" in body


def test_json_feed_is_version_1_1(client, newsroom) -> None:
    response = client.get("/feeds/articles.json")
    assert response.headers["content-type"] == "application/feed+json"
    feed = response.json()
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"].endswith("/feeds/articles.json")
    assert [item["url"].rsplit("/", 1)[-1] for item in feed["items"]] == [
        "story-2",
        "story-1",
        SEED_SLUG,
    ]
    for item in feed["items"]:
        assert item["id"] and item["content_html"].startswith("<p>")
    JsonFeed.model_validate(feed)


@pytest.mark.parametrize(
    ("query", "slugs"),
    [
        ("section=sport", ["story-2"]),
        ("speaker=joe-biden", [SEED_SLUG]),
        ("section=nothing-here", []),
    ],
)
@pytest.mark.parametrize("suffix", ["atom", "rss", "json"])
def test_feeds_per_section_and_per_speaker(client, newsroom, query, slugs, suffix) -> None:
    parsed = parse(client.get(f"/feeds/articles.{suffix}?{query}"))
    assert not parsed.bozo
    assert [e.link.rsplit("/", 1)[-1] for e in parsed.entries] == slugs


def test_feeds_refuse_unknown_parameters(client) -> None:
    response = client.get("/feeds/articles.atom?sectoin=world")
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


def test_the_api_root_announces_its_feeds(client) -> None:
    response = client.get("/")
    announced = response.headers["link"]
    for suffix, kind in [
        ("atom", "application/atom+xml"),
        ("rss", "application/rss+xml"),
        ("json", "application/feed+json"),
    ]:
        url = response.json()["links"][f"feed_{suffix}"]
        assert f'<{url}>; rel="alternate"; type="{kind}"' in announced
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("suffix", ["atom", "rss"])
def test_text_xml_cannot_carry_does_not_break_the_feed(client, store, suffix: str) -> None:
    bundle = make_bundle(3)
    bundle.article.title = "Bell\x07 and tab\tin the headline"
    bundle.article.paragraphs = ["Form feed\x0c here, <b>markup</b> & ampersands."]
    store(bundle)
    response = client.get(f"/feeds/articles.{suffix}")
    assert response.status_code == 200
    parsed = parse(response)
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.entries[0].title == "Bell\ufffd and tab\tin the headline"
