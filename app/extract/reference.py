"""The noun phrase that says who spoke — "Mr Blinken", "she", "the ministry", "a spokesperson
for Acme", "Blinken and Lavrov … both" — read from the prose around a reporting verb."""

import re
from dataclasses import dataclass, field

from app.extract.cast import Cast, Entity, Position
from app.extract.lexicon import (
    BUSINESS_NOUNS,
    BUSINESS_WORDS,
    DOCUMENT_NOUNS,
    ORGANISATION_NOUNS,
    PERSON_NOUNS,
    PRONOUNS,
    ROLE_HEADS,
    UNNAMED_DETERMINERS,
    VERB_MODIFIERS,
)
from app.extract.names import NameRun, name_runs
from app.extract.text import MASK, Word, words

_RELATIVES = frozenset({"who", "which", "that"})
_TOGETHER = frozenset({"both", "all", "jointly", "together"})
_PREPOSITIONS = frozenset({"for", "of", "at", "from", "with", "in", "on", "to"})
_SPOKESPEOPLE = frozenset(
    "spokesperson spokesman spokeswoman representative statement spokespeople".split()
)
_MAX_SEGMENTS = 4
_CLAUSE_WORDS = frozenset("which who that when while during after before as where".split())
_DEFINITE = frozenset({"the", "his", "her", "its", "their", "our"})


@dataclass
class Reference:
    """Who a phrase names, before it is resolved against the article's cast."""

    runs: list[NameRun] = field(default_factory=list)
    pronoun: str | None = None
    head: str | None = None  # a description's head noun: "minister", "company", "official"
    definite: bool = False
    plural: bool = False
    together: bool = False
    crowd: bool = False  # a capitalised plural noun that is nobody, unless a known surname
    at: Position = (0, 0)


def before_verb(text: str, lo: int, hi: int, at: Position) -> Reference | None:
    """The subject that ends just before a verb at `hi`, looking no further back than `lo`."""
    tokens = words(text, lo, hi)
    boundary = hi
    while tokens and (tokens[-1].lower in VERB_MODIFIERS or tokens[-1].lower.endswith("ly")):
        if tokens[-1].capitalised or text[tokens[-1].end : boundary].strip():
            break
        boundary = tokens.pop().start
    if not tokens:
        return None
    last = tokens[-1]
    gap = text[last.end : boundary]
    if gap.strip(" ,") or MASK in gap:
        return None
    if gap.strip() == "," and last.lower not in _RELATIVES:
        return _before_apposition(text, lo, last, at)
    return _phrase_ending(text, lo, tokens, at)


def _phrase_ending(text: str, lo: int, tokens: list[Word], at: Position) -> Reference | None:
    last = tokens[-1]
    lowered = last.lower
    if lowered in PRONOUNS:
        return Reference(pronoun=lowered, at=at)
    if lowered in _RELATIVES:
        # "Zelensky, who tweeted", "Dr Nwosu, a keen drummer who describes herself as".
        named = _name_just_before(text, lo, last.start)
        if named is not None:
            return Reference(runs=[named], at=at)
        antecedent = before_verb(text, lo, last.start, at)
        if antecedent is not None and (antecedent.runs or antecedent.pronoun):
            return antecedent
        comma = text.rfind(",", lo, last.start)
        return before_verb(text, lo, comma, at) if comma >= 0 else antecedent
    if lowered in _TOGETHER:
        # "Blinken and his counterpart, Lavrov, both", "Both he and Gallagher".
        runs = [r for r in name_runs(text, lo, last.start) if r.name or r.role]
        pronouns = [w.lower for w in tokens[:-1] if w.lower in ("he", "she")]
        if runs or pronouns:
            return Reference(runs=runs, pronoun=(pronouns or [None])[-1], together=True, at=at)
        return Reference(pronoun="they", at=at)
    if last.capitalised:
        runs = [r for r in name_runs(text, max(lo, last.start - 150), last.end + 2)]
        runs = [r for r in runs if r.end >= last.end - 2]
        if not runs:
            return None
        run = runs[-1]
        if run.name and " " not in run.name and not run.titled:
            noun, plural = _singular(run.name.lower())
            if plural and (noun in PERSON_NOUNS or noun in ORGANISATION_NOUNS):
                # "Protesters chanted" is a crowd; "Banks told PopWire", Theo Banks.
                return Reference(runs=[run], crowd=True, at=at)
        preposition = _preposition_before(text, lo, run.start)
        owner = _name_just_before(text, lo, _start_of_preposition(text, lo, run.start))
        if preposition is not None and owner is not None and owner.kind == "person":
            return Reference(runs=[owner], at=at)  # "Chief Bearchild of the Cree Nation said"
        if re.search(r"\bwith $", text[max(lo, run.start - 6) : run.start]):
            return Reference(runs=[run], at=at)  # "…, with Chief Minister Reddy calling it"
        if preposition is not None:
            # "a spokesperson for Acme said": Acme; "a banner in the North Stand read": nobody.
            return (
                Reference(runs=[run], at=at) if preposition in _SPOKESPEOPLE else Reference(at=at)
            )
        joined = _coordinated(text, lo, run)
        pronoun = re.search(r"\b(he|she) and $", text[max(lo, run.start - 9) : run.start])
        if pronoun:  # "Both he and Gallagher described"
            return Reference(runs=[run], pronoun=pronoun[1], together=True, at=at)
        return Reference(runs=[*joined, run], together=bool(joined), at=at)
    return _description(text, tokens, at)


def _name_just_before(text: str, lo: int, end: int) -> NameRun | None:
    stripped = text[lo:end].rstrip(" ,")
    runs = [r for r in name_runs(text, max(lo, end - 150), end) if r.name]
    if runs and runs[-1].end >= lo + len(stripped) - 1:
        return runs[-1]
    return None


def _preposition_before(text: str, lo: int, start: int) -> str | None:
    """The noun before a preposition that governs a name ("spokesperson" in "… for Acme")."""
    before = words(text, max(lo, start - 60), start)
    while before and before[-1].lower == "the":
        before.pop()
    if len(before) < 2 or before[-1].lower not in _PREPOSITIONS:
        return None
    return before[-2].lower


def _start_of_preposition(text: str, lo: int, start: int) -> int:
    """Where "of the" or "for" begins, before a name that starts at `start`."""
    match = re.search(r"\s(?:of|for|at|from)(?: the)?\s*$", text[max(lo, start - 12) : start])
    return max(lo, start - 12) + match.start() if match else start


def _coordinated(text: str, lo: int, run: NameRun) -> list[NameRun]:
    """ "Smith and Jones said": the names before "and"."""
    before = text[max(lo, run.start - 9) : run.start]
    match = re.search(r" and (?:the )?$", before)
    if match is None:
        return []
    gap = len(before) - match.start()
    runs = [r for r in name_runs(text, max(lo, run.start - 150), run.start - gap) if r.name]
    return runs[-1:] if runs and runs[-1].end >= run.start - gap - 1 else []


def _before_apposition(text: str, lo: int, last: Word, at: Position) -> Reference | None:
    """ "Jane Doe, the chief executive of Acme, said", "Acme’s chairman, Graham Oduya, said",
    "Dr. Wei Chen, an engineer at the University of California, Davis, said": of the
    comma-separated phrases before the verb, the first that names a person spoke."""
    end = last.end
    segments: list[tuple[int, int]] = []
    while len(segments) < _MAX_SEGMENTS:
        comma = text.rfind(",", lo, end)
        segments.insert(0, (comma + 1 if comma >= 0 else lo, end))
        if comma < 0:
            break
        end = comma
    for start, end in segments:
        runs = [r for r in name_runs(text, start, end) if r.name]
        leading = text[start:end].lstrip()
        if runs and runs[0].start == end - len(leading) and runs[-1].end >= end - 2:
            run = runs[-1]
            if run.titled or (run.kind == "person" and " " in run.name):
                return Reference(runs=[run], at=at)
    first_start, first_end = segments[0]
    return before_verb(text, lo, first_end, at) if first_start == lo else None


def _description(text: str, tokens: list[Word], at: Position) -> Reference | None:
    """ "the minister", "a spokesperson for the ministry", "Russia’s foreign minister",
    "the two companies", "supporters"."""
    phrase: list[Word] = []
    for word in reversed(tokens[-8:]):
        if word.lower in _CLAUSE_WORDS or MASK in text[word.end : (phrase or [word])[0].start]:
            break
        phrase.insert(0, word)
        if word.lower in _DEFINITE:
            break
        if word.lower in UNNAMED_DETERMINERS:
            earlier = tokens[len(tokens) - len(phrase) - 1 : len(tokens) - len(phrase)]
            if earlier and earlier[0].lower == "the":  # "the two companies"
                phrase.insert(0, earlier[0])
            break
        if word.text.endswith(("’s", "'s")) or word.lower == "both":
            break
    if not phrase:
        return None
    lowered = [w.lower for w in phrase]
    cut = next((i for i, w in enumerate(lowered) if w in _PREPOSITIONS and i), len(lowered))
    head, plural = _singular(lowered[cut - 1])
    owner = phrase[cut + 1 :] if cut < len(phrase) else []
    if head in DOCUMENT_NOUNS:  # "the statement said": its authors, found by the caller
        return Reference(head=head, definite=lowered[0] in _DEFINITE, at=at)
    if head not in PERSON_NOUNS and head not in ORGANISATION_NOUNS:
        return Reference(at=at) if plural and lowered[0] not in _DEFINITE else None
    definite = lowered[0] in _DEFINITE | {"both"} or phrase[0].text.endswith(("’s", "'s"))
    if owner and head in _SPOKESPEOPLE and lowered[cut] in ("for", "of", "from"):
        # "a spokesperson for Acme" speaks for Acme; "for the ministry" for the ministry.
        runs = [r for r in name_runs(text, owner[0].start, owner[-1].end) if r.name]
        if runs:
            return Reference(runs=runs[-1:], at=at)
        org = next((w.lower for w in reversed(owner) if w.lower in ORGANISATION_NOUNS), None)
        if org and owner[0].lower in _DEFINITE:
            return Reference(head=org, definite=True, at=at)
    return Reference(head=head, definite=definite, plural=plural, at=at)


def _singular(word: str) -> tuple[str, bool]:
    if word in PERSON_NOUNS or word in ORGANISATION_NOUNS:
        return word, word.endswith("s") and word[:-1] in PERSON_NOUNS
    for suffix, replacement in (("ies", "y"), ("es", ""), ("s", "")):
        if word.endswith(suffix) and word[: -len(suffix)] + replacement in (
            PERSON_NOUNS | ORGANISATION_NOUNS
        ):
            return word[: -len(suffix)] + replacement, True
    return word, word.endswith("s")


def after_verb(text: str, lo: int, hi: int, at: Position) -> Reference | None:
    """The subject after an inverted verb: "…,” said Ms Okafor", "said one official"."""
    tokens = words(text, lo, hi)
    if not tokens:
        return None
    first = tokens[0]
    if first.lower in PRONOUNS:
        return Reference(pronoun=first.lower, at=at)
    stop = next((i for i, w in enumerate(tokens) if text[w.end : w.end + 1] in ",.;:"), 7)
    phrase = tokens[: min(stop + 1, 8)]
    runs = [r for r in name_runs(text, first.start, phrase[-1].end) if r.name or r.role]
    # "said Ms Okafor", "said longtime resident Tom Baker" — not "said one official in Leeds".
    if runs and _preposition_before(text, first.start, runs[0].start) is None:
        return Reference(runs=runs[:1], at=at)
    return _description(text, phrase, at) if phrase else None


def resolve(reference: Reference, cast: Cast) -> list[Entity]:
    """The entities a reference names: [] for an unnamed source ("one official said")."""
    at = reference.at
    if reference.crowd:
        known = cast.by_surname(reference.runs[0].name or "", at)
        return [known] if known else []
    if reference.runs or reference.together:
        found: list[Entity] = []
        for run in reference.runs:
            single = run.name and " " not in run.name and not run.titled
            if reference.together and single and cast.by_surname(run.name, at) is None:
                continue  # "Blinken and Lavrov … in Geneva": not a place named in passing
            entity = _resolve_run(run, cast, at)
            if entity and entity not in found:
                found.append(entity)
        if reference.together and reference.pronoun:
            other = cast.latest(at, gender=PRONOUNS[reference.pronoun], exclude=found)
            found = ([other] if other else []) + found
        if reference.together and len(found) < 2:
            found = _joint(found, cast, at)
        return found
    if reference.pronoun:
        return _resolve_pronoun(reference.pronoun, cast, at)
    if reference.head and reference.definite and reference.plural:
        kind = "organisation" if reference.head in ORGANISATION_NOUNS else "person"
        return cast.latest_many(at, kind=kind, count=2)
    if reference.head and reference.definite:
        return _resolve_description(reference.head, cast, at)
    return []


def _resolve_run(run: NameRun, cast: Cast, at: Position) -> Entity | None:
    if run.name is None:  # a title alone: "the Health Secretary"
        head = next(
            (w for w in reversed((run.role or "").lower().split()) if w in ROLE_HEADS), None
        )
        return cast.by_role(head, at, "person") if head else None
    return cast.named(run.name, kind=run.kind, at=at, role=run.role, gender=run.gender)


def _joint(found: list[Entity], cast: Cast, at: Position) -> list[Entity]:
    """ "…and his counterpart both described": the people of the sentence so far."""
    for mention in reversed(cast.mentions):
        if mention.at >= at or mention.at[0] != at[0]:
            continue
        if mention.entity not in found and mention.entity.kind == "person":
            found.insert(0, mention.entity)
    return found


def _resolve_pronoun(pronoun: str, cast: Cast, at: Position) -> list[Entity]:
    if pronoun in ("they", "it"):
        entity = cast.latest(at, kind="organisation", within=1)
        return [entity] if entity else []
    entity = cast.latest(at, gender=PRONOUNS[pronoun])
    return [entity] if entity else []


def _resolve_description(head: str, cast: Cast, at: Position) -> list[Entity]:
    if head in ORGANISATION_NOUNS:
        entity = (
            cast.by_role(head, at, "organisation")
            or _named_like(head, cast, at)
            or cast.latest(at, kind="organisation", within=6)
        )
        return [entity] if entity else []
    if head in ROLE_HEADS:
        entity = cast.by_role(head, at, "person") or cast.latest(at, within=2)
        return [entity] if entity else []
    return []


def _named_like(head: str, cast: Cast, at: Position) -> Entity | None:
    """ "the ministry" after "the Ministry of Defence"; "the company" after "Acme Holdings"."""
    words_ = BUSINESS_WORDS if head in BUSINESS_NOUNS else frozenset({head})
    for mention in reversed(cast.mentions):
        entity = mention.entity
        kind = entity.kind == "organisation"
        if mention.at < at and kind and words_ & set(entity.name.lower().split()):
            return entity
    return None
