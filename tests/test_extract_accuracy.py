"""The extractor against the hand-annotated gold set and the hand-checked seed article.

The gold set is articles written for this purpose by people who had not seen the extractor,
each set scored blind once before any rule was written from its misses (the README has the
blind figures): `dev`, `holdout`, `fresh`, `final`. The floors here are the issue's targets;
`python -m tests.scoring -v` prints every miss.
"""

import pytest

from app.extract import extract
from app.schemas.bundle import ArticleBundle
from tests.scoring import Score, gold_articles, score_file
from tests.test_seed_data import RAW_PAGE

GOLD_SETS = ("dev", "holdout", "fresh", "final")
QUOTE_F1 = 0.95
ATTRIBUTION = 0.90
# Each set on its own: the sets scored blind last (`fresh`, `final`) sit lowest, and a rule
# that helps one style must not sink another below this.
SET_ATTRIBUTION = 0.90 - 0.05


def test_the_whole_gold_set_meets_the_targets() -> None:
    total = Score("all")
    for path in gold_articles(*GOLD_SETS):
        total.add(score_file(path))
    assert total.gold_quotes >= 400
    assert total.f1 >= QUOTE_F1, total
    assert total.attribution >= ATTRIBUTION, total


@pytest.mark.parametrize("gold_set", GOLD_SETS)
def test_no_gold_set_falls_far_below(gold_set: str) -> None:
    total = Score(gold_set)
    paths = gold_articles(gold_set)
    assert len(paths) >= 8
    for path in paths:
        total.add(score_file(path))
    assert total.f1 >= QUOTE_F1, total
    assert total.attribution >= SET_ATTRIBUTION, total


def test_no_gold_article_falls_far_below() -> None:
    # Guards the averages from hiding one article the rules get badly wrong.
    for path in gold_articles(*GOLD_SETS):
        result = score_file(path)
        assert result.f1 >= 0.9 and result.attribution >= 0.7, (path.name, result.misses)


@pytest.mark.skipif(not RAW_PAGE.exists(), reason="needs ../shared/seed beside the checkout")
def test_the_seed_page_extracts_to_the_hand_checked_seed(seed_bundle: ArticleBundle) -> None:
    extraction = extract(RAW_PAGE.read_text(encoding="utf-8"))
    article = seed_bundle.article
    assert (extraction.title, extraction.site) == (article.title, article.site)
    assert extraction.paragraphs == article.paragraphs
    names = {s.slug: {s.name, *s.aliases} for s in seed_bundle.speakers}
    # Same speakers, in the same order; the text calls Joe Biden only "Biden".
    assert len(extraction.speakers) == len(seed_bundle.speakers)
    for extracted, seeded in zip(extraction.speakers, seed_bundle.speakers, strict=True):
        assert extracted.name in names[seeded.slug]
    got = [(q.paragraph, q.start, q.end, q.text, q.cue) for q in extraction.quotes]
    want = [(q.paragraph, q.start, q.end, q.text, q.cue) for q in seed_bundle.quotes]
    assert got == want
    for extracted, seeded in zip(extraction.quotes, seed_bundle.quotes, strict=True):
        assert [s for s in extracted.speakers] == [
            next(n for n in names[slug] if n in extracted.speakers) for slug in seeded.speakers
        ]
