"""Atom, RSS 2.0 and JSON Feed 1.1 documents of articles. Pure: articles and URLs in, bytes
out; the route finds the articles and knows the URLs."""

import html
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from feedgen.feed import FeedGenerator

from app.models import Article

# Characters XML 1.0 cannot carry at all (C0 controls but tab, newline and return; lone
# surrogates; U+FFFE/U+FFFF). Article text may hold them; a feed must still parse.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

_EMPTY = datetime(2000, 1, 1, tzinfo=UTC)

ATOM = "application/atom+xml"
RSS = "application/rss+xml"
JSON_FEED = "application/feed+json"


@dataclass(frozen=True)
class FeedInfo:
    title: str
    description: str
    home: str  # the API resource the feed follows, e.g. /articles?section=world
    self_url: str  # also the feed's id: stable for the same feed


def render(
    kind: str, info: FeedInfo, articles: Sequence[Article], url_of: Callable[[Article], str]
) -> bytes:
    """The feed document of `kind` (ATOM, RSS or JSON_FEED)."""
    if kind == JSON_FEED:
        return _json_feed(info, articles, url_of)
    generator = FeedGenerator()
    generator.id(info.self_url)
    generator.title(info.title)
    generator.subtitle(info.description)
    generator.description(info.description)
    generator.link(href=info.home, rel="alternate")
    generator.link(href=info.self_url, rel="self")
    generator.language("en")
    generator.author(name="newsdesk")  # Atom requires an author (RFC 4287 §4.1.1)
    # A fixed date for an empty feed: "now" would give it a new ETag every second.
    newest = max((a.updated_at for a in articles), default=_EMPTY)
    generator.updated(newest)
    generator.lastBuildDate(newest)
    for article in reversed(articles):  # feedgen prepends: add oldest first
        entry = generator.add_entry()
        entry.id(url_of(article))
        entry.guid(url_of(article), permalink=True)
        entry.title(_xml(article.title))
        entry.link(href=_xml(article.canonical_url or url_of(article)))
        entry.published(article.published_at)
        entry.updated(article.updated_at)
        entry.summary(_xml(_summary(article)))
        entry.content(_xml(_html(article)), type="html")
        for tag in article.tags:
            entry.category(term=tag.tag)
    return generator.atom_str(pretty=True) if kind == ATOM else generator.rss_str(pretty=True)


def _json_feed(
    info: FeedInfo, articles: Sequence[Article], url_of: Callable[[Article], str]
) -> bytes:
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": info.title,
        "description": info.description,
        "home_page_url": info.home,
        "feed_url": info.self_url,
        "language": "en",
        "items": [
            {
                "id": url_of(a),
                "url": a.canonical_url or url_of(a),
                "title": a.title,
                "summary": _summary(a),
                "content_html": _html(a),
                "date_published": a.published_at.isoformat(),
                "date_modified": a.updated_at.isoformat(),
                "tags": [t.tag for t in a.tags],
            }
            for a in articles
        ],
    }
    return json.dumps(document, ensure_ascii=False).encode()


def _xml(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _summary(article: Article) -> str:
    return article.standfirst or (article.paragraphs[0] if article.paragraphs else article.title)


def _html(article: Article) -> str:
    return "".join(f"<p>{html.escape(p)}</p>" for p in article.paragraphs)
