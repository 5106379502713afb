"""Names in prose: runs of capitalised words, split into title ("US Secretary of State"),
honorific ("Mr") and name ("Antony Blinken"), with a role from apposition where there is one."""

import itertools
import re
from dataclasses import dataclass

from app.extract.lexicon import (
    BUSINESS_WORDS,
    FUNCTION_WORDS,
    GENDERED_WORDS,
    HONORIFICS,
    ORGANISATION_WORDS,
    POSTNOMINALS,
    ROLE_HEADS,
)
from app.extract.text import Word, words

ROLE_MODIFIERS = frozenset(
    "us uk eu un foreign home health state defence defense finance justice prime deputy vice "
    "acting former shadow chief executive senior general managing attorney district police "
    "fire interior education transport energy environment trade culture sports sport digital "
    "business economy economic labour labor conservative democratic republican democrat "
    "opposition national federal regional county city high supreme crown first assistant "
    "associate lead principal junior interim incoming outgoing world global financial "
    "operating technology medical clinical public security foreign-affairs".split()
)
_CONNECTORS = frozenset({"of", "for", "and", "the", "at", "to"})
_INNER_CONNECTORS = frozenset({"of", "for", "the"})
_LONGEST_RUN = 12  # words
_ACRONYM = 4  # letters: NATO, BBC; a longer word in capitals is shouting
_PARTICLES = frozenset("de da di du van von der den le la bin ibn al el dos das del y".split())
_DETERMINERS = frozenset("the a an his her its their our my your this that".split())
_POSSESSIVE = ("’s", "'s")
_EDGE_WORDS = _PARTICLES | _INNER_CONNECTORS  # never the last word of a name


@dataclass(slots=True)
class NameRun:
    start: int
    end: int
    name: str | None  # None for a title alone ("the Health Secretary")
    role: str | None
    kind: str
    gender: str | None  # from an honorific or a gendered title
    titled: bool  # an honorific or a title stands before the name


def name_runs(text: str, start: int = 0, end: int | None = None) -> list[NameRun]:
    """Every run of capitalised words between `start` and `end` that could name someone."""
    tokens = words(text, start, end)
    runs: list[list[Word]] = []
    current: list[Word] = []
    for i, word in enumerate(tokens):
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        joined = bool(current) and (
            _joins(text, current[-1], word) or _listed_in_name(text, current, tokens[i:])
        )
        # "Secretary of State", "Bank of England", "Ludwig van Beethoven".
        inner = (
            joined
            and (word.lower in _PARTICLES or word.lower in _INNER_CONNECTORS)
            and following is not None
            and following.capitalised
            and text[word.end : following.start] == " "
        )
        if word.capitalised or inner:
            if current and not joined:
                runs.append(current)
                current = []
            current.append(word)
        elif (
            current
            and word.lower == "and"
            and following is not None
            and _organisation_continues(text, current, tokens[i + 1 :])
        ):
            current.append(word)  # "Department for Environment, Food and Rural Affairs"
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return [run for words_ in runs if (run := _read_run(text, words_)) is not None]


def _joins(text: str, previous: Word, word: Word) -> bool:
    gap = text[previous.end : word.start]
    if previous.text.endswith(_POSSESSIVE):
        return False  # "Russia’s foreign minister", "Pell’s chairman"
    if gap in ("’ ", "' "):
        return previous.text.endswith("s")  # "Supporters’ Trust"
    if gap == ", ":
        return False
    if gap == ". ":
        return len(previous.text) == 1 and previous.text.isupper()  # "K. Srinivas Reddy"
    return gap.isspace()  # more than one space where a nickname was masked out


def _listed_in_name(text: str, current: list[Word], rest: list[Word]) -> bool:
    """ "Department for Environment, Food and Rural Affairs": a list inside one name."""
    if text[current[-1].end : rest[0].start] != ", " or not rest[0].capitalised:
        return False
    if not any(w.lower in ("for", "of") for w in current) or not _is_organisation(
        [w.text for w in current]
    ):
        return False
    for word, following in itertools.pairwise(rest):
        if word.lower == "and":
            return following.capitalised
        if not word.capitalised:
            return False
    return False


def _organisation_continues(text: str, current: list[Word], rest: list[Word]) -> bool:
    """An organisation whose name has "and" in it: "Fenwick and District NHS Trust"."""
    tail: list[str] = []
    for word in rest:
        if not word.capitalised and word.lower not in _INNER_CONNECTORS:
            break
        tail.append(word.lower)
    lowered = [w.lower for w in current]
    listed = any(w in ("for", "of") for w in lowered) and text[current[0].start : current[-1].end]
    if listed and _is_organisation([w.text for w in current]):
        return bool(tail)
    named = [w for w in current if w.lower not in FUNCTION_WORDS]
    return len(named) == 1 and any(t in ORGANISATION_WORDS for t in tail)


def _read_run(text: str, run: list[Word]) -> NameRun | None:
    shouting = sum(1 for w in run if len(w.text) > _ACRONYM and w.text.isupper())
    if len(run) > _LONGEST_RUN or shouting > 1:
        return None  # a line in capitals or a list of places, not a name
    run_end = run[-1].end  # a name's span keeps its letters: "Simon Aldridge KC"
    last = len(run)
    while last and (
        run[last - 1].lower in _EDGE_WORDS
        or (last > 1 and run[last - 1].lower in POSTNOMINALS and run[last - 1].text.isupper())
    ):
        last -= 1
    first = 0
    while (
        first < last and run[first].lower in FUNCTION_WORDS and run[first].lower not in HONORIFICS
    ):
        first += 1
    # "Sentencing Hale, the judge said": a clause's first word is not a first name.
    while (
        last - first > 1 and run[first].lower.endswith("ing") and run[first].lower not in HONORIFICS
    ):
        first += 1
    run = _person_before_of(run[first:last])
    if not run:
        return None
    end = run[-1].end
    if run[-1].text.endswith(_POSSESSIVE):  # "Russia’s foreign minister"
        end -= 2
    tokens = [w.text for w in run]
    tokens[-1] = tokens[-1].removesuffix("’s").removesuffix("'s")
    lowered = [t.lower().rstrip(".") for t in tokens]

    gender, honorific_at = None, None
    for i, token in enumerate(lowered[:-1]):
        if token in HONORIFICS:
            gender, honorific_at = HONORIFICS[token], i
    # The name is the run's tail after any title words; the title is what stands before it.
    cut = len(tokens) - 1
    while cut > 0 and not _is_title_word(lowered[cut - 1]) and cut - 1 != honorific_at:
        cut -= 1
    if honorific_at is not None:
        cut = max(cut, honorific_at + 1)
    while cut < len(tokens) - 1 and lowered[cut] in _EDGE_WORDS:
        if lowered[cut] in _PARTICLES:
            break  # "de Vries" keeps its particle
        cut += 1
    title_end = honorific_at if honorific_at is not None else cut
    title = tokens[:title_end]
    role_words = [t for t in title if t.lower().rstrip(".") in ROLE_HEADS]
    if title and not role_words and honorific_at is None:
        cut, title = 0, []  # "Black Sea", "Brian Cox": no title at all
    name_start = run[cut].start
    if all(_is_title_word(t) for t in lowered):
        name = None  # "the Secretary of State said"
        title = tokens
    else:
        name = " ".join(text[name_start:end].split())
    role = _role_before(
        text, run[0].start, text[run[0].start : run[title_end].start].strip() if title else ""
    )
    kind = "organisation" if _is_organisation(tokens[cut:] if name else tokens) else "person"
    for token in lowered:
        gender = gender or GENDERED_WORDS.get(token)
    return NameRun(
        start=run[0].start,
        end=max(end, run_end) if end == run[-1].end else end,
        name=name,
        role=role or None,
        kind=kind,
        gender=gender,
        titled=bool(role_words) or honorific_at is not None,
    )


def _person_before_of(run: list[Word]) -> list[Word]:
    """ "Chief Marlene Bearchild of the Red Willow Cree Nation": the person, not the nation.
    A run is cut at "of" when a name, not a title or an organisation, stands before it."""
    for i, word in enumerate(run):
        if word.lower not in ("of", "for") or i == 0:
            continue
        head = [w.lower.rstrip(".") for w in run[:i]]
        named = [t for t in head if not _is_title_word(t) and t not in HONORIFICS]
        if named and not _is_organisation([w.text for w in run[:i]]):
            return run[:i]
        return run
    return run


def _is_title_word(token: str) -> bool:
    return token in ROLE_HEADS or token in ROLE_MODIFIERS or token in _CONNECTORS


def _role_before(text: str, start: int, title: str) -> str:
    """A title may begin with lower-case words before the capitals: "former President"."""
    extra: list[str] = []
    for word in reversed(words(text, max(0, start - 60), start)):
        if text[word.end : start] != " " or word.lower in FUNCTION_WORDS:
            break
        if not (word.lower in ROLE_HEADS or word.lower in ROLE_MODIFIERS or word.capitalised):
            break
        extra.insert(0, word.text)
        start = word.start
    role = " ".join([*extra, title]).strip()
    return role if any(w.lower() in ROLE_HEADS for w in role.split()) else ""


def _is_organisation(tokens: list[str]) -> bool:
    if len(tokens) == 1 and tokens[0].isupper() and len(tokens[0]) > 1:
        return True  # NATO, BBC
    return any(t.lower() in ORGANISATION_WORDS or t.lower() in BUSINESS_WORDS for t in tokens)


_APPOSITION_AFTER = re.compile(
    r",\s+(?:aged\s+)?(?:\d{1,3},\s+)?((?:the|a|an|his|her|its|their)\s+[^,.;:\u2063]{2,90}?"
    r"|[a-z][^,.;:\u2063]{2,90}?)(?=,|\.|;|$|\s+(?:who|said|says|told|added))"
)
_APPOSITION_BEFORE = re.compile(
    r"(?:^|[\s(])((?:the|his|her|its|their|[A-Z][\w’'-]+’s|[A-Z][\w’'-]+'s)\s+[^,.;:\u2063]{1,70}),"
    r"\s+$"
)


def apposition(text: str, start: int, end: int) -> str | None:
    """A role in apposition: "Jane Doe, the chief executive of Acme," or "its boss, Jane Doe"."""
    after = _APPOSITION_AFTER.match(text, end)
    if after and _names_a_role(after.group(1)):
        return _strip_determiner(after.group(1))
    before = _APPOSITION_BEFORE.search(text, max(0, start - 80), start)
    if before and _names_a_role(before.group(1)):
        return _strip_determiner(before.group(1))
    return None


def _names_a_role(phrase: str) -> bool:
    return any(
        w.lower in ROLE_HEADS or w.lower in GENDERED_WORDS for w in words(phrase)
    ) and not any(w.lower in {"said", "says", "was", "is", "has", "had"} for w in words(phrase))


def _strip_determiner(phrase: str) -> str:
    first, _, rest = phrase.partition(" ")
    return rest if first.lower() in {"the", "a", "an"} and rest else phrase
