"""`/search` and `q=`: ranked, highlighted, safe with any input, on SQLite and PostgreSQL."""

from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.config import Settings
from app.main import create_app
from app.models import Article, Quote, QuoteSpeaker, Speaker
from app.schemas.bundle import ArticleBundle, ArticleIn, QuoteIn, SpeakerIn
from app.search import parse_query
from app.services.bundles import save_bundle
from app.services.filters import ArticleFilters
from app.services.search import HitType, SearchOrder, search
from tests.conftest import SEED_SLUG
from tests.factories import make_bundle


def hits(client, **params) -> list[dict]:
    response = client.get("/search", params=params)
    assert response.status_code == 200, response.text
    return response.json()["data"]


def quote_texts(found: list[dict]) -> list[str]:
    return [h["quote"]["text"] for h in found if h["type"] == "quote"]


def article_slugs(found: list[dict]) -> list[str]:
    return [h["article"]["slug"] for h in found if h["type"] == "article"]


def bundle(slug: str, title: str, body: str, **article: object) -> ArticleBundle:
    return ArticleBundle(
        article=ArticleIn(
            slug=slug,
            title=title,
            paragraphs=[body],
            published_at=article.pop("published_at", datetime(2024, 1, 1, tzinfo=UTC)),
            **article,
        )
    )


def test_the_words_of_a_quote_find_it_and_its_speaker(client, seeded) -> None:
    found = hits(client, q="minor incursion")
    quotes = {h["quote"]["text"]: h for h in found if h["type"] == "quote"}
    assert "minor incursion" in quotes
    assert quotes["minor incursion"]["quote"]["speaker"]["slug"] == "joe-biden"
    assert quotes["minor incursion"]["article"]["slug"] == SEED_SLUG
    assert quotes["minor incursion"]["snippet"] == "<mark>minor</mark> <mark>incursion</mark>"
    assert article_slugs(found) == [SEED_SLUG]


def test_a_speaker_name_finds_their_quotes(client, seeded) -> None:
    texts = quote_texts(hits(client, q="zelensky", type="quote"))
    assert texts == [
        "There are no minor incursions. Just as there are no minor casualties and little grief "
        "from the loss of loved ones."
    ]
    assert quote_texts(hits(client, q="lavrov sabotage", type="quote")) == ["sabotage"]


def test_phrase_or_not_and_prefix(client, seeded) -> None:
    assert quote_texts(hits(client, q='"swift and severe"', type="quote")) == [
        "united, swift and severe"
    ]
    assert hits(client, q='"severe and swift"') == []
    either = set(quote_texts(hits(client, q="playbook OR sabotage", type="quote")))
    assert either == {"full playbook", "sabotage"}
    assert quote_texts(hits(client, q="frank -lavrov", type="quote")) == []
    assert quote_texts(hits(client, q="frank NOT nato", type="quote")) == ["frank"]
    assert article_slugs(hits(client, q="sanction*", type="article")) == [SEED_SLUG]
    assert hits(client, q="sanctionz") == []


@pytest.mark.parametrize(
    "q",
    [
        '"unbalanced',
        'frank"',
        "OR frank",
        "frank OR",
        "NOT",
        "frank AND",
        "title:frank",
        "^frank",
        "(frank",
        "frank)",
        "NEAR(frank sabotage)",
        "frank*sabotage",
        "***",
        "-",
        '""',
        "' OR 1=1 --",
        "frank'); DROP TABLE article; --",
        "\\",
        "<script>alert(1)</script>",
        "ünïcödé 日本語 🙂",
        "\x00frank",
        "frank & sabotage | !x <-> y:*",
    ],
)
def test_any_typed_string_is_answered_never_a_500(client, seeded, q) -> None:
    response = client.get("/search", params={"q": q})
    assert response.status_code in (200, 422), response.text
    if response.status_code == 422:
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["invalid_params"][0]["name"] == "q"
    for path in ("/articles", "/quotes"):
        assert client.get(path, params={"q": q}).status_code in (200, 422)


def test_ten_kilobytes_of_query_is_a_422_naming_q(client, seeded) -> None:
    response = client.get("/search", params={"q": "frank " * 1700})
    assert response.status_code == 422
    assert response.json()["invalid_params"][0]["name"] == "q"


def test_a_query_of_only_exclusions_says_what_is_wrong(client, seeded) -> None:
    response = client.get("/search", params={"q": "-nato"})
    assert response.status_code == 422
    assert "word to look for" in response.json()["detail"]


def test_snippets_escape_the_text_and_mark_the_matches(client, store) -> None:
    store(bundle("escaped", "Markup", 'Officials said <script>alert("x")</script> & sanctions.'))
    [hit] = hits(client, q="sanctions")
    assert hit["snippet"] == (
        "Officials said &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; "
        "<mark>sanctions</mark>."
    )


def test_a_title_match_outranks_a_body_match(client, store) -> None:
    store(
        bundle("in-body", "Markets rally", "Traders talked about tariffs all day long today."),
        bundle("in-title", "Tariffs rise", "Traders talked about markets all day long today."),
        bundle("elsewhere", "Weather", "Rain all day long today in the north."),
    )
    found = hits(client, q="tariffs")
    assert article_slugs(found) == ["in-title", "in-body"]
    assert found[0]["score"] > found[1]["score"]


def test_filters_type_order_and_pages(client, store) -> None:
    store(
        make_bundle(1, section="world", tags=("talks",), speaker="ada-lovelace"),
        make_bundle(2, section="sport", tags=("talks",), speaker="alan-turing"),
        make_bundle(3, section="world", speaker="alan-turing"),
    )
    # Every article has "story", each quote "we will see".
    assert len(hits(client, q="story")) == 3
    assert article_slugs(hits(client, q="story", section="world", order="newest")) == [
        "story-3",
        "story-1",
    ]
    assert article_slugs(hits(client, q="story", tag="talks", order="oldest")) == [
        "story-1",
        "story-2",
    ]
    by_turing = hits(client, q="see", speaker="alan-turing", type="quote", order="newest")
    assert [(h["type"], h["article"]["slug"]) for h in by_turing] == [
        ("quote", "story-3"),
        ("quote", "story-2"),
    ]
    recent = hits(client, q="see", published_after="2024-01-01T14:30:00Z")
    assert sorted(h["type"] for h in recent) == ["article", "quote"]  # story 3, at 15:00
    # Page through everything one hit at a time: same hits as one big page, no repeats.
    everything = client.get("/search", params={"q": "story OR see", "per_page": 100}).json()
    assert everything["meta"]["total"] == 6
    one_by_one = []
    for page in range(1, 7):
        response = client.get("/search", params={"q": "story OR see", "per_page": 1, "page": page})
        one_by_one += response.json()["data"]
    key = [(h["type"], h["quote"] and h["quote"]["id"], h["article"]["id"]) for h in one_by_one]
    assert key == [
        (h["type"], h["quote"] and h["quote"]["id"], h["article"]["id"]) for h in everything["data"]
    ]
    assert client.get("/search", params={"q": "story", "page": 101}).status_code == 422


def test_q_filters_articles_and_quotes_lists(client, seeded, store) -> None:
    store(make_bundle(1, speaker="ada-lovelace"))
    assert [a["slug"] for a in client.get("/articles?q=sabotage").json()["data"]] == [SEED_SLUG]
    assert client.get("/articles?q=story").json()["meta"]["total"] == 1
    quotes = client.get("/quotes", params={"q": "playbook OR see"}).json()["data"]
    assert {q["text"] for q in quotes} == {"full playbook", "We will see,"}


# --- the index follows every change ----------------------------------------------------------


def test_index_follows_article_insert_update_and_delete(client, app, store) -> None:
    store(bundle("moving", "Original headline", "Nothing to see."))
    assert article_slugs(hits(client, q="original")) == ["moving"]
    with Session(app.state.engine) as session:
        article = session.exec(select(Article).where(Article.slug == "moving")).one()
        article.title = "Revised headline"
        article.paragraphs = ["Now about glaciers."]
        session.commit()
    assert hits(client, q="original") == []
    assert article_slugs(hits(client, q="glaciers")) == ["moving"]
    with Session(app.state.engine) as session:
        session.delete(session.exec(select(Article).where(Article.slug == "moving")).one())
        session.commit()
    assert hits(client, q="revised OR glaciers") == []


def test_index_follows_quote_and_speaker_changes(client, app, store) -> None:
    store(make_bundle(1, speaker="ada-lovelace"))
    assert len(hits(client, q="lovelace", type="quote")) == 1
    with Session(app.state.engine) as session:
        speaker = session.exec(select(Speaker).where(Speaker.slug == "ada-lovelace")).one()
        speaker.name = "Augusta King"
        session.commit()
    assert hits(client, q="lovelace", type="quote") == []
    assert len(hits(client, q="augusta", type="quote")) == 1
    with Session(app.state.engine) as session:
        quote = session.exec(select(Quote)).one()
        quote.text = "We shall overcome,"  # not at its offsets any more, but indexed anew
        session.commit()
    assert quote_texts(hits(client, q="overcome")) == ["We shall overcome,"]
    with Session(app.state.engine) as session:
        for link in session.exec(select(QuoteSpeaker)):
            session.delete(link)
        session.commit()
    assert hits(client, q="augusta", type="quote") == []  # no longer attributed to her
    with Session(app.state.engine) as session:
        session.delete(session.exec(select(Quote)).one())
        session.commit()
    assert hits(client, q="overcome", type="quote") == []


def test_index_follows_a_re_seeded_bundle(client, store) -> None:
    original = make_bundle(1, speaker="ada-lovelace")
    store(original)
    changed = original.model_copy(deep=True)
    changed.speakers = [SpeakerIn(slug="alan-turing", name="Alan Turing")]
    changed.quotes = [
        QuoteIn(text="We will see,", paragraph=1, start=1, end=13, speakers=["alan-turing"])
    ]
    store(changed)
    assert hits(client, q="lovelace", type="quote") == []
    assert len(hits(client, q="turing", type="quote")) == 1


def test_rank_window_bounds_ranking_and_says_so(db_url) -> None:
    # Five articles match; with a window of two, only the two stored last are ranked, and the
    # total promises no more than can be shown. Date order is exact.
    app = create_app(Settings(database_url=db_url, search_rank_window=2, _env_file=None))
    with TestClient(app) as client:
        ids = []
        for n in range(1, 6):
            ids += _store_on(app, make_bundle(n))
        body = client.get("/search", params={"q": "story", "type": "article"}).json()
        assert (body["meta"]["total"], body["meta"]["total_capped"]) == (2, True)
        assert sorted(h["article"]["id"] for h in body["data"]) == sorted(ids[-2:])
        newest = client.get("/search", params={"q": "story", "order": "newest"}).json()
        assert (newest["meta"]["total"], newest["meta"]["total_capped"]) == (5, False)
        assert [h["article"]["slug"] for h in newest["data"]][:5] == [
            f"story-{n}" for n in range(5, 0, -1)
        ]
        assert all(h["score"] is None for h in newest["data"])
    app.state.engine.dispose()


def test_count_limit_caps_the_total_and_says_so(db_url) -> None:
    app = create_app(Settings(database_url=db_url, search_count_limit=3, _env_file=None))
    with TestClient(app) as client:
        for n in range(1, 6):
            _store_on(app, make_bundle(n))
        capped = client.get("/search", params={"q": "story", "type": "article"}).json()["meta"]
        assert (capped["total"], capped["total_capped"]) == (3, True)
        three = {"q": "story", "type": "article", "published_after": "2024-01-01T15:00:00Z"}
        exact = client.get("/search", params=three).json()["meta"]
        assert (exact["total"], exact["total_capped"]) == (3, False)
    app.state.engine.dispose()


def _store_on(app, bundle: ArticleBundle) -> list[int]:
    with Session(app.state.engine) as session:
        article = save_bundle(session, bundle)
        session.commit()
        return [article.id]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("the -frank", 1),  # stop words are words on both engines
        ("over*", 1),
        ("3.5", 1),  # a dotted token: one word to PostgreSQL, a phrase to SQLite
        ("example.com", 1),
    ],
)
def test_both_engines_find_the_same(client, store, q, expected) -> None:
    store(
        bundle(
            "stops",
            "The overseas numbers",
            "Version 3.5 of the site example.com went overseas with the team.",
        )
    )
    response = client.get("/search", params={"q": q, "type": "article"})
    assert response.json()["meta"]["total"] == expected, q


def test_index_follows_a_changed_attribution(client, app, seeded) -> None:
    # Reattributing quotes (a speaker merge, say) updates the rows in place.
    with Session(app.state.engine) as session:
        lavrov = session.exec(select(Speaker).where(Speaker.slug == "sergei-lavrov")).one()
        biden = session.exec(select(Speaker).where(Speaker.slug == "joe-biden")).one()
        links = session.exec(select(QuoteSpeaker).where(QuoteSpeaker.speaker_id == lavrov.id)).all()
        frank = {link.quote_id for link in links}
        session.execute(
            QuoteSpeaker.__table__.update()
            .where(QuoteSpeaker.speaker_id == lavrov.id)
            .where(
                QuoteSpeaker.quote_id.not_in(
                    select(QuoteSpeaker.quote_id).where(QuoteSpeaker.speaker_id == biden.id)
                )
            )
            .values(speaker_id=biden.id)
        )
        session.commit()
    assert frank
    assert hits(client, q="lavrov", type="quote") == []
    assert len(hits(client, q="biden", type="quote")) >= 6


def test_search_refuses_a_query_in_two_places(app) -> None:

    with Session(app.state.engine) as session, pytest.raises(ValueError):
        search(
            session,
            query=parse_query("a"),
            filters=ArticleFilters(q=parse_query("b")),
            types=frozenset(HitType),
            order=SearchOrder.relevance,
            page=1,
            per_page=20,
        )
