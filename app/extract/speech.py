"""Is a quoted span speech? Titles of works, nicknames, scare quotes and words mentioned as
words are quoted too, and are not."""

import re
from typing import TYPE_CHECKING

from app.extract.attribution import NEAR
from app.extract.marks import Span
from app.extract.text import words

if TYPE_CHECKING:
    from app.extract.attribution import Attribution
    from app.extract.extractor import Source

# Words that introduce a name or a term rather than speech: the film “…”, so-called “…”.
_NAMING = re.compile(
    r"(?:\bso-called|\bso called|\bthe (?:word|words|term|phrase|label|name|slogan|hashtag|"
    r"headline|title|motto|nickname|expression)|\bknown as|\bdubbed|\bnicknamed|\btitled|"
    r"\bentitled|\bcodenamed|\bbranded as|\blabelled as|\blabeled as|"
    r"\b(?:film|movie|book|novel|memoir|album|song|single|series|show|play|musical|"
    r"documentary|podcast|programme|program|poem|painting|exhibition|opera|column|essay|"
    r"manifesto|festival|headline)"
    r"(?:,? (?:called|named|titled|entitled))?)"
    r"[\s,:]*$",
    re.IGNORECASE,
)
_MAX_SCARE_WORDS = 3


def is_speech(article: "Source", span: Span, attribution: "Attribution") -> bool:
    paragraph = article.paragraphs[span.paragraph]
    quoted = paragraph[span.start : span.end]
    before = article.masked[span.paragraph][max(0, span.open - 40) : max(span.open, 0)]
    if span.continued or attribution.inherited:
        return True
    if _NAMING.search(before):
        return False
    count = len(words(quoted))
    if _title_case(quoted) and not attribution.attributed:
        return False
    if attribution.attributed:
        # A word or two far from its verb is more often a scare quote than a partial quote,
        # unless it ends the sentence: "…most residents had left “calmly and quickly.”"
        return (
            count > _MAX_SCARE_WORDS
            or attribution.distance <= NEAR
            or quoted.rstrip()[-1:] in ".!?"
        )
    return count > _MAX_SCARE_WORDS and not _title_case(quoted)


def is_nickname(paragraph: str, span: Span) -> bool:
    """Dwayne “The Rock” Johnson: a quoted word or two between the parts of a name."""
    before = paragraph[max(0, span.open - 30) : max(span.open, 0)]
    after = paragraph[span.close : span.close + 3]
    name_before = re.search(r"\b[A-Z][\w’'-]+ $", before)
    name_after = re.match(r" [A-Z]", after)
    quoted = paragraph[span.start : span.end]
    return bool(name_before and name_after) and len(quoted.split()) <= 3


def _title_case(quoted: str) -> bool:
    """The Long Night, Salt and Iron: every word that matters capitalised, no sentence."""
    tokens = quoted.rstrip(".,!?").split()
    if len(tokens) < 2 or quoted.rstrip()[-1:] in ".!?,":
        return False
    small = {"a", "an", "the", "and", "or", "of", "in", "on", "to", "for", "at", "by", "with"}
    return all(t[0].isupper() or t.lower() in small for t in tokens if t[0].isalpha())
