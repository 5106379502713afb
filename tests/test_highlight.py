"""Snippets: excerpts around the matches, escaped, the same on every engine."""

from app.search import parse_query
from app.search.highlight import best_snippet, snippet


def test_words_are_marked_by_stem_and_phrases_as_one_span() -> None:
    text = "There are no minor incursions. Just as there are no minor casualties."
    assert snippet(text, parse_query("minor incursion")) == (
        "There are no <mark>minor</mark> <mark>incursions</mark>. "
        "Just as there are no <mark>minor</mark> casualties."
    )
    assert snippet("united, swift and severe", parse_query('"swift and severe"')) == (
        "united, <mark>swift and severe</mark>"
    )


def test_prefix_and_diacritics() -> None:
    assert snippet("Sanctioned cafés", parse_query("sanction* cafe")) == (
        "<mark>Sanctioned</mark> <mark>cafés</mark>"
    )


def test_a_diacritic_in_the_first_letters() -> None:
    assert snippet("Talks in Zürich", parse_query("zürich")) == "Talks in <mark>Zürich</mark>"


def test_quotes_are_escaped_for_attributes_too() -> None:
    assert snippet('He said "hi"', parse_query("hi")) == "He said &quot;<mark>hi</mark>&quot;"


def test_a_text_repeating_a_word_thousands_of_times_still_gives_one_excerpt() -> None:
    excerpt = snippet("trade " * 20_000, parse_query("trade"), words=5)
    assert excerpt.count("<mark>") == 5


def test_excluded_words_are_not_marked() -> None:
    assert snippet("nato and ukraine", parse_query("nato -ukraine")) == (
        "<mark>nato</mark> and ukraine"
    )


def test_a_long_text_gives_the_window_with_the_most_terms() -> None:
    filler = " ".join(f"w{i}" for i in range(100))
    text = f"alpha {filler} alpha beta gamma {filler}"
    excerpt = snippet(text, parse_query("alpha beta"), words=10)
    assert excerpt.startswith("…") and excerpt.endswith("…")
    assert "<mark>alpha</mark> <mark>beta</mark>" in excerpt
    assert len(excerpt.split()) <= 12


def test_markup_in_the_text_is_escaped() -> None:
    assert snippet("<b>x</b> & y", parse_query("y")) == "&lt;b&gt;x&lt;/b&gt; &amp; <mark>y</mark>"


def test_best_snippet_prefers_the_text_with_most_terms_else_the_first() -> None:
    query = parse_query("sabotage minsk")
    texts = ["A standfirst.", "Title", "sabotage alone", "sabotage the minsk accords"]
    assert best_snippet(texts, query) == "<mark>sabotage</mark> the <mark>minsk</mark> accords"
    assert best_snippet(["A standfirst.", "Title"], query) == "A standfirst."
