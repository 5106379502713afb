"""Raw article text → title, site, paragraphs, quotes and their speakers. Pure: no database,
no network, no model files."""

import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field

from app.extract.attribution import Attribution, attribute
from app.extract.cast import Cast, Entity
from app.extract.layout import split_page
from app.extract.lexicon import GENDER_CLUES, REPORTING_VERBS
from app.extract.marks import Span, find_spans
from app.extract.names import apposition, name_runs
from app.extract.speech import is_nickname, is_speech
from app.extract.text import mask_quotes, sentences

# "Henrik, said he…", "Mohammed, 61, said his brother…": one word that is a person speaking.
_SAID_HE = re.compile(
    r",? \d{1,3}, (?:said|says|told|added)\b|,? (?:said|says|told \w+|added) (?:he|she)\b"
)
_GOVERNING = frozenset(
    "whether that if of to with by from for about against on at than whom asked told".split()
)


@dataclass(frozen=True, slots=True)
class ExtractedSpeaker:
    name: str
    role: str | None
    kind: str


@dataclass(frozen=True, slots=True)
class ExtractedQuote:
    text: str
    paragraph: int
    start: int
    end: int
    cue: str | None
    speakers: list[str]

    @property
    def speaker(self) -> str | None:
        return self.speakers[0] if self.speakers else None


@dataclass(frozen=True, slots=True)
class Extraction:
    title: str
    site: str | None
    paragraphs: list[str]
    speakers: list[ExtractedSpeaker] = field(default_factory=list)
    quotes: list[ExtractedQuote] = field(default_factory=list)


@dataclass
class Source:
    """What the attribution rules read: the text, its quotes masked out, its sentences."""

    paragraphs: list[str]
    spans: list[Span]
    masked: list[str]
    sentences: list[list[tuple[int, int]]]
    cast: Cast

    def sentence_of(self, paragraph: int, offset: int) -> tuple[int, int, int]:
        """The index, start and end of the sentence holding `offset`."""
        bounds = self.sentences[paragraph]
        i = max(
            0, min(bisect_right(bounds, (offset, len(self.masked[paragraph]))) - 1, len(bounds) - 1)
        )
        return i, *bounds[i]


def extract(text: str) -> Extraction:
    """Extract the structured article from a page of plain text (see `layout.split_page`)."""
    page = split_page(text)
    spans = find_spans(page.paragraphs)
    quoted: dict[int, list[Span]] = defaultdict(list)
    named: dict[int, list[Span]] = defaultdict(list)
    for span in spans:
        nickname = is_nickname(page.paragraphs[span.paragraph], span)
        (named if nickname else quoted)[span.paragraph].append(span)
    spans = [s for p in sorted(quoted) for s in quoted[p]]
    masked = [
        mask_quotes(paragraph, quoted.get(p, []), named.get(p, []))
        for p, paragraph in enumerate(page.paragraphs)
    ]
    article = Source(
        paragraphs=page.paragraphs,
        spans=spans,
        masked=masked,
        sentences=[sentences(m) for m in masked],
        cast=Cast(),
    )
    _meet_the_cast(article)

    quotes: list[tuple[Span, Attribution]] = []
    for span in spans:
        previous = quotes[-1] if quotes else None
        attribution = attribute(article, span, previous)
        if attribution is not None and is_speech(article, span, attribution):
            quotes.append((span, attribution))
            for entity in attribution.speakers:
                entity.quoted = True
    return Extraction(
        title=page.title,
        site=page.site,
        paragraphs=page.paragraphs,
        speakers=_speakers(article.cast),
        quotes=[
            ExtractedQuote(
                text=page.paragraphs[span.paragraph][span.start : span.end],
                paragraph=span.paragraph,
                start=span.start,
                end=span.end,
                cue=attribution.cue,
                speakers=[e.name for e in attribution.speakers],
            )
            for span, attribution in quotes
        ],
    )


def _meet_the_cast(article: Source) -> None:
    """Everyone the article names, in order, with their titles, roles and genders."""
    cast = article.cast
    for p, masked in enumerate(article.masked):
        for s, (start, end) in enumerate(article.sentences[p]):
            people: list[Entity] = []
            first_start = first_at = start
            for run in name_runs(masked, start, end):
                if run.name is None:
                    continue
                at = (p, run.start)
                role = run.role or apposition(masked, run.start, run.end)
                if " " not in run.name and not run.titled:
                    # One word is a name already met, or someone who speaks: "Henrik, said he".
                    entity = cast.by_surname(run.name, at, run.gender)
                    if entity is None and run.gender and run.titled:
                        entity = cast.named(run.name, kind=run.kind, at=at, gender=run.gender)
                    if entity is None and _speaks_of_self(masked, run.end):
                        entity = cast.named(run.name, kind=run.kind, at=at)
                    if entity is None:
                        continue
                else:
                    entity = cast.named(
                        run.name, kind=run.kind, at=at, role=role, gender=run.gender
                    )
                if run.titled or role or _said_next(masked, run.end):
                    entity.introduced = True
                entity.vote(run.gender, 5)
                subject = not people and not _governed(masked, start, run.start)
                cast.mention(entity, at, subject=subject, sentence=(p, s))
                if entity.kind == "person" and entity not in people:
                    people.append(entity)
                    if len(people) == 1:
                        first_start, first_at = run.start, run.end
            opens = _opens_sentence(masked, start, first_start)
            if len(people) == 1 and opens and not _governed(masked, start, first_start):
                _vote_from_pronouns(people[0], masked, first_at, end)


def _governed(masked: str, start: int, at: int) -> bool:
    """ "Asked whether Halloran…", "a rebuke from Zelensky": a name that is not the subject."""
    before = masked[max(start, at - 12) : at].lower().split()
    return bool(before) and before[-1] in _GOVERNING


def _opens_sentence(masked: str, start: int, at: int) -> bool:
    """The name is the sentence's subject: at most a word or two stands before it."""
    return len(masked[start:at].split()) <= 2


def _said_next(masked: str, end: int) -> bool:
    """ "Smith said", "Smith, who …": a name that speaks or is described is a person's."""
    following = re.match(r",? (?:also |then )?(\w+)", masked[end:])
    return bool(following) and (following[1] in REPORTING_VERBS or following[1] == "who")


def _speaks_of_self(masked: str, end: int) -> bool:
    """ "Henrik, said he had…", "Amira, 34, says she": one word that is a person speaking."""
    return bool(_SAID_HE.match(masked, end))


def _vote_from_pronouns(person: Entity, masked: str, start: int, end: int) -> None:
    """In a sentence that opens with the one person it names, a later "his" or "she" is most
    likely theirs: "Furrer said she would travel"."""
    for word in re.findall(r"\b\w+\b", masked[start:end]):
        if word[0].isupper():
            return  # "warned Denholm that he": the pronoun may be the other name's
        if word in GENDER_CLUES:
            person.vote(GENDER_CLUES[word])
            return


def _speakers(cast: Cast) -> list[ExtractedSpeaker]:
    listed = [
        e
        for e in cast.entities
        if e.quoted or (e.introduced and e.kind == "person" and " " in e.name)
    ]
    return [
        ExtractedSpeaker(name=e.name, role=e.role, kind=e.kind)
        for e in sorted(listed, key=lambda e: e.first)
    ]
