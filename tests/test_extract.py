"""The extractor, rule by rule, on small articles written for each case."""

import pytest

from app.extract import extract


def article(*paragraphs: str, title: str = "Headline") -> str:
    return "\n\n".join([title, *paragraphs])


def quotes(*paragraphs: str) -> list[tuple[str, list[str]]]:
    return [(q.text, q.speakers) for q in extract(article(*paragraphs)).quotes]


def test_title_site_and_boilerplate_are_split_off() -> None:
    result = extract(
        "Talks end – NEWS WORLD UPDATE\n\nFirst paragraph.\n\nAdvertisement\n\nSecond one."
        "\n\nLeave a Reply\n\nYour email address will not be published."
    )
    assert (result.title, result.site) == ("Talks end", "NEWS WORLD UPDATE")
    assert result.paragraphs == ["First paragraph.", "Second one."]
    assert extract("Rates rise | Business\n\nText.").site == "Business"
    # A second clause of a headline is not a site name.
    assert extract("Rates rise – but savers lose out\n\nText.").site is None


@pytest.mark.parametrize(
    "paragraph",
    [
        "“We will appeal,” said Ms Okafor.",
        "“We will appeal,” Ms Okafor said.",
        'Ms Okafor said: "We will appeal."',
        "Ms Okafor said: ‘We will appeal.’",
        "“We will appeal,” according to Ms Okafor.",
    ],
)
def test_attribution_after_before_and_inverted(paragraph: str) -> None:
    intro = "Defence lawyer Grace Okafor spoke outside court."
    assert quotes(intro, paragraph) == [("We will appeal" + _tail(paragraph), ["Grace Okafor"])]


def _tail(paragraph: str) -> str:
    return "," if ",”" in paragraph else "."


def test_interrupted_quote_is_two_quotes_with_one_speaker() -> None:
    found = quotes("“We did not come here to be friends,” Halloran said, “but to stop a war.”")
    assert found == [
        ("We did not come here to be friends,", ["Halloran"]),
        ("but to stop a war.", ["Halloran"]),
    ]


def test_quote_over_several_paragraphs_is_one_quote_per_paragraph() -> None:
    found = quotes(
        "Coach Tom Bell said:",
        "“We were poor in the first half.",
        "“We were better after the break, and we deserved the point.”",
    )
    assert found == [
        ("We were poor in the first half.", ["Tom Bell"]),
        ("We were better after the break, and we deserved the point.", ["Tom Bell"]),
    ]


def test_british_single_quotes_with_nested_quotes_and_apostrophes() -> None:
    found = quotes(
        "Dr Amara Nwosu said: ‘It’s what my mother called a “happy accident”, and it’s ours.’",
        "She added that the ’90s data was ‘patchy at best’.",
    )
    assert found == [
        ("It’s what my mother called a “happy accident”, and it’s ours.", ["Amara Nwosu"]),
        ("patchy at best", ["Amara Nwosu"]),
    ]


def test_an_unclosed_mark_does_not_swallow_the_article() -> None:
    found = quotes(
        "Mayor Ann Lee said the plan was “dead in the water.",
        "The council meets on Monday.",
        "“We will fight it,” she said.",
    )
    assert found == [("We will fight it,", ["Ann Lee"])]


def test_titles_nicknames_and_scare_quotes_are_not_speech() -> None:
    found = quotes(
        "Dwayne “The Rock” Johnson stars in the film “The Long Night”.",
        "The so-called “smart” meters were installed in the ’90s.",
    )
    assert found == []


def test_pronouns_resolve_to_the_right_earlier_person() -> None:
    found = quotes(
        "Health Secretary John Smith met Ms Jane Doe, the chief executive of Acme, on Monday.",
        "“It was useful,” she said. Mr Smith said he was “hopeful” of a deal.",
    )
    assert found == [("It was useful,", ["Jane Doe"]), ("hopeful", ["John Smith"])]


def test_joint_attribution_names_every_speaker() -> None:
    found = quotes(
        "US Secretary of State Antony Blinken and his Russian counterpart, Sergei Lavrov, "
        "both described the talks as “frank”."
    )
    assert found == [("frank", ["Antony Blinken", "Sergei Lavrov"])]


def test_unnamed_sources_signs_and_chants_have_no_speaker() -> None:
    found = quotes(
        "One official said the deal was “all but done”.",
        "Protesters chanted “Save our library” as a sign read “Closed for good”.",
    )
    assert [speakers for _, speakers in found] == [[], [], []]


def test_organisations_speak_in_statements() -> None:
    found = quotes(
        "The Ministry of Defence said in a statement: “We do not comment on operations.”",
        "The ministry later added that it was “confident” in the plan.",
    )
    assert found == [
        ("We do not comment on operations.", ["Ministry of Defence"]),
        ("confident", ["Ministry of Defence"]),
    ]


def test_roles_come_from_the_text() -> None:
    result = extract(article("US Secretary of State Antony Blinken said it was “frank”."))
    assert [(s.name, s.role) for s in result.speakers] == [
        ("Antony Blinken", "US Secretary of State")
    ]


def test_offsets_are_in_code_points_between_the_marks() -> None:
    result = extract(article("“Yes,” she said.", "Ms Ann Lee 👩, the mayor, said “no” twice."))
    assert [(q.paragraph, q.start, q.end, q.text) for q in result.quotes] == [
        (0, 1, 5, "Yes,"),
        (1, 31, 33, "no"),  # the emoji is one code point
    ]


def test_empty_and_odd_input_never_raises() -> None:
    for text in ["", "\n\n\n", "“", "Headline only", "”x“ ‘ ’ \" '", "a\n\n" + "“" * 500]:
        extract(text)


def test_initials_titles_of_and_asides_stay_out_of_names() -> None:
    found = quotes(
        "Chief Minister K. Srinivas Reddy said the package was “long overdue”.",
        "Chief Marlene Bearchild of the Red Willow Cree Nation said it was “a start”.",
        "Cllr Martin Hughes (Lib Dem, Marlbury East), who voted against, said: “No.”",
    )
    assert [speakers for _, speakers in found] == [
        ["K. Srinivas Reddy"],
        ["Marlene Bearchild"],
        ["Martin Hughes"],
    ]


def test_a_statement_speaks_for_whoever_issued_it() -> None:
    found = quotes(
        "The Competition and Markets Authority and Acme Holdings issued a joint statement. "
        "“We will cooperate,” the statement said.",
        "The CMA said it was “aware of the deal”. Acme said it was “pleased”.",
    )
    assert found == [
        ("We will cooperate,", ["Competition and Markets Authority", "Acme Holdings"]),
        ("aware of the deal", ["Competition and Markets Authority"]),
        ("pleased", ["Acme Holdings"]),
    ]
