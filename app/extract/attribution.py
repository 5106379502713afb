"""Who said a quote, and with which verb: the rules news prose follows.

In the order they are tried: the attribution right after the quote (“…,” she said / said
Ms Okafor), a reporting verb earlier in the sentence (X said: “…” / X warned of a “…” response),
one later in it (“…” talks, Blinken said, were…), "according to X", and lastly the speaker of
the quote before (the second half of “A,” he said, “B.”, or a quote running over paragraphs).
"""

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from app.extract.cast import Entity
from app.extract.lexicon import (
    ACCORDING_TO,
    DOCUMENT_NOUNS,
    IN_THEIR_WORDS,
    PHRASAL_CUES,
    REPORTING_VERBS,
    VERB_MODIFIERS,
)
from app.extract.marks import Span
from app.extract.names import name_runs
from app.extract.reference import Reference, after_verb, before_verb, resolve
from app.extract.text import MASK, Word, words

if TYPE_CHECKING:
    from app.extract.extractor import Source

_NOUN_DETERMINERS = frozenset("a an the his her its their our my".split())
# Words after which a verb has no subject of its own: "by saying", "and added", "to warn".
_NO_SUBJECT = frozenset("to by and but then before after while also later when".split())
_PRONOUN = {"his": "he", "her": "she", "their": "they"}
_GOES_ON = frozenset({"went", "goes", "going", "go"})
_CONJUNCTIONS = frozenset("as while when because after before and but which that if".split())
_CLAUSE_END = ",.!?…—–-:;"


@dataclass
class Attribution:
    cue: str | None
    speakers: list[Entity] = field(default_factory=list)
    attributed: bool = False  # a verb or "according to" ties the quote to its source
    adjacent: bool = False  # the attribution stands right next to the quote
    distance: int = 0  # words between the cue and the quote
    inherited: bool = False


def attribute(
    article: "Source", span: Span, previous: tuple[Span, Attribution] | None
) -> Attribution:
    """The attribution of one quoted span, resolved against the article's cast."""
    p = span.paragraph
    masked = article.masked[p]
    index, s0, s1 = article.sentence_of(p, max(span.open, 0))
    # Attribution stands near its quote: bounding the look keeps a hostile run-on sentence
    # (thousands of quotes, no full stop) linear.
    s0, s1 = max(s0, span.open - _WINDOW), min(s1, span.close + _WINDOW)
    if span.continued and previous:
        return _inherit(previous[1])
    found = (
        _right_after(article, span, s1)
        or _earlier_in_sentence(masked, span, s0, p)
        or _later_in_sentence(masked, span, s1, p)
        or _according_to(masked, s0, s1, p)
        or _colon_before(article, span)
    )
    if found is None:
        return _inherit_nearby(article, span, previous) or Attribution(cue=None)
    cue, reference, adjacent, distance = found
    if reference is not None and reference.head in DOCUMENT_NOUNS and reference.definite:
        speakers = _authors(article, p, index, reference)
    else:
        speakers = resolve(reference, article.cast) if reference else []
    for entity in speakers:
        article.cast.mention(entity, reference.at, subject=True, speaker=True, sentence=(p, index))
    return Attribution(
        cue=cue, speakers=speakers, attributed=True, adjacent=adjacent, distance=distance
    )


Found = tuple[str, Reference | None, bool, int]

_WINDOW = 400  # characters either side of a quote
# Words between a reporting verb and a short quote beyond which the quote is more likely a
# scare quote than a partial one; a reported clause ("told them that …") counts as near.
NEAR = 12
# "…,” the statement said": a document speaks for whoever issued it.
_ISSUED = re.compile(r"\b(?:statement|release|letter|note|post)\b")


def _authors(article: "Source", p: int, index: int, reference: Reference) -> list[Entity]:
    """Whoever issued the statement: the names before "statement" in the latest sentence that
    mentions one ("X and Y issued a joint statement"), or the subject of that sentence."""
    for q in range(p, max(-1, p - 3), -1):
        bounds = article.sentences[q]
        for i in range(len(bounds) - 1 if q != p else index, -1, -1):
            s0, s1 = bounds[i]
            masked = article.masked[q]
            issued = _ISSUED.search(masked, s0, s1)
            if issued is None or (q, i) == (p, index):
                continue
            cues = [w for w in words(masked, s0, s1) if w.lower in REPORTING_VERBS]
            before = [w for w in cues if w.start < issued.start()]
            runs = [r for r in name_runs(masked, s0, issued.start()) if r.name]
            if before:  # "the companies said in a joint statement"
                subject = before_verb(masked, s0, before[-1].start, (q, before[-1].start))
                if subject is not None:
                    return resolve(subject, article.cast)
            if runs:  # "X and Y issued a joint statement"
                names = Reference(runs=runs, together=True, at=(q, issued.start()))
                return resolve(names, article.cast)
            if cues:  # "In a statement, the council said"
                subject = before_verb(masked, s0, cues[0].start, (q, cues[0].start))
                return resolve(subject, article.cast) if subject else []
            return []
    return []


def _right_after(article: "Source", span: Span, s1: int) -> Found | None:
    """“…,” she said. / “…,” said Ms Okafor. / “…,” according to the police."""
    p, close = span.paragraph, span.close
    masked = article.masked[p]
    end = _next_quote(masked, close, s1)
    after = masked[close:end]
    inner = article.paragraphs[p][span.start : span.end].rstrip()
    if inner[-1:] not in _CLAUSE_END and after.lstrip()[:1] not in (",", "—", "–", "-"):
        return None  # a partial quote in mid-sentence: “minor incursion” could attract…
    lead = len(after) - len(after.lstrip(" ,—–-"))
    according = ACCORDING_TO.match(after, lead)
    if according:
        return "according to", after_verb(masked, close + according.end(), end, (p, close)), True, 0
    tokens = words(masked, close, end)[:12]
    for i, word in enumerate(tokens):
        if not _is_cue(word, tokens, i):
            continue
        if any(t.lower in _CONJUNCTIONS for t in tokens[:i]):
            return None  # “…!” as the returning officer read out: another clause's verb
        cue = _cue_text(masked, word)
        if all(t.lower in VERB_MODIFIERS for t in tokens[:i]):  # inverted: said Ms Okafor
            lo = word.start + len(cue)
            return cue, after_verb(masked, lo, end, (p, word.start)), True, 0
        reference = before_verb(masked, close, word.start, (p, word.start))
        return (cue, reference, True, 0) if reference is not None else None
    return None


def _earlier_in_sentence(masked: str, span: Span, s0: int, p: int) -> Found | None:
    """X said: “…” / X warned of a “…” response / Smith told reporters …, adding: “…”."""
    words_said = IN_THEIR_WORDS.search(masked, s0, max(span.open, s0))
    if words_said:  # "…and, in her words, “read me the riot act.”"
        at = (p, words_said.start())
        return (
            words_said.group().strip(" ,"),
            Reference(pronoun=_PRONOUN[words_said[1]], at=at),
            True,
            0,
        )
    tokens = words(masked, s0, max(span.open, s0))
    cues = [(i, w) for i, w in enumerate(tokens) if _is_cue(w, tokens, i)]
    according = list(ACCORDING_TO.finditer(masked, s0, max(span.open, s0)))
    if according and (not cues or according[-1].start() > cues[-1][1].start):
        lo = according[-1].end()
        reference = after_verb(masked, lo, span.open, (p, lo))
        if reference:
            return "according to", reference, False, len(tokens)
    if not cues:
        return None
    nearest = cues[-1][1]
    cue = _cue_text(masked, nearest)
    distance = len(tokens) - cues[-1][0] - 1
    if any(w.lower == "that" for w in tokens[cues[-1][0] + 1 :]):
        distance = min(distance, NEAR)  # "told the meeting that gardaí were ‘…’"
    for _, word in reversed(cues):
        if masked[s0 : word.start].rstrip(" ,").endswith(MASK):
            # “A,” said Priya Natarajan, an analyst, “B.”: the speaker follows the verb.
            lo = word.start + len(_cue_text(masked, word))
            reference = after_verb(masked, lo, span.open, (p, word.start))
        else:
            reference = before_verb(masked, s0, word.start, (p, word.start))
        if reference is not None:
            return cue, reference, distance == 0, distance
    # "…then sought to clarify by saying", "…, adding": the sentence's own subject spoke.
    if _lacks_subject(masked, s0, nearest):
        return cue, _sentence_subject(masked, s0, nearest.start, p), False, distance
    return cue, None, False, distance


def _lacks_subject(masked: str, s0: int, verb: Word) -> bool:
    before = words(masked, s0, verb.start)
    gap = masked[before[-1].end : verb.start] if before else ""
    return not before or "," in gap or before[-1].lower in _NO_SUBJECT


def _later_in_sentence(masked: str, span: Span, s1: int, p: int) -> Found | None:
    """The “frank” talks, Blinken said, were useful."""
    tokens = words(masked, span.close, s1)
    for i, word in enumerate(tokens):
        if _is_cue(word, tokens, i) and masked[word.end : word.end + 1] in ",.;":
            reference = before_verb(masked, span.close, word.start, (p, word.start))
            if reference is not None:
                return _cue_text(masked, word), reference, False, i
    return None


def _according_to(masked: str, s0: int, s1: int, p: int) -> Found | None:
    match = ACCORDING_TO.search(masked, s0, s1)
    if match is None:
        return None
    return "according to", after_verb(masked, match.end(), s1, (p, match.end())), False, 0


def _colon_before(article: "Source", span: Span) -> Found | None:
    """A paragraph that opens with a quote after one ending "…, he said:"."""
    p = span.paragraph
    if p == 0 or article.masked[p][: max(span.open, 0)].strip():
        return None
    previous = article.masked[p - 1].rstrip()
    if not previous.endswith(":"):
        return None
    _index, s0, _ = article.sentence_of(p - 1, len(previous) - 1)
    fake = Span(p - 1, len(previous) + 1, len(previous) + 1)
    return _earlier_in_sentence(article.masked[p - 1], fake, s0, p - 1)


def _sentence_subject(masked: str, s0: int, hi: int, p: int) -> Reference | None:
    for word in words(masked, s0, hi):
        if word.lower in ("he", "she", "they"):
            return Reference(pronoun=word.lower, at=(p, word.start))
        if word.capitalised:
            runs = [r for r in name_runs(masked, word.start, hi) if r.name or r.role]
            if runs and runs[0].start == word.start:
                return Reference(runs=runs[:1], at=(p, word.start))
    return None


def _inherit(previous: Attribution) -> Attribution:
    return Attribution(
        cue=previous.cue,
        speakers=previous.speakers,
        attributed=previous.attributed,
        inherited=True,
    )


def _inherit_nearby(
    article: "Source", span: Span, previous: tuple[Span, Attribution] | None
) -> Attribution | None:
    """“A,” he said. “B.” — and a quote that opens the paragraph after an attributed one."""
    if previous is None or not previous[1].attributed:
        return None
    before, attribution = previous
    if before.paragraph == span.paragraph:
        return _inherit(attribution)
    opens_paragraph = not article.masked[span.paragraph][: max(span.open, 0)].strip()
    if opens_paragraph and before.paragraph == span.paragraph - 1:
        return _inherit(attribution)
    return None


def _is_cue(word: Word, tokens: list[Word], i: int) -> bool:
    if word.lower in _GOES_ON:
        return i + 1 < len(tokens) and tokens[i + 1].lower == "on"  # "She went on: …"
    if word.lower not in REPORTING_VERBS or word.capitalised:
        return False
    # "a call", "the report", "his post": nouns, not verbs.
    return not (i and tokens[i - 1].lower in _NOUN_DETERMINERS)


def _cue_text(masked: str, word: Word) -> str:
    following = masked[word.end : word.end + 5]
    for phrase in PHRASAL_CUES:
        verb, particle = phrase.split()
        if word.lower.startswith(verb[:4]) and following.startswith(" " + particle + " "):
            return f"{word.text} {particle}"
    return word.text


def _next_quote(masked: str, start: int, end: int) -> int:
    found = masked.find(MASK, start, end)
    return end if found < 0 else found
