"""The search query language, parsed into a small tree that each backend compiles.

    words            all must match            minor incursion
    "a phrase"       the words in this order   "swift and severe"
    a OR b           either                    lavrov OR blinken
    -word, NOT word  must not match            nato -ukraine
    prefix*          any word starting so      sanction*

Parsing never fails on what a person can type: stray quotes, lone operators and punctuation
(including every FTS syntax character) degrade to plain words. Only a query with nothing left to
search for, or too long to be a query, is refused. Words are runs of letters and digits, so no
backend ever receives a character of its own query syntax from a user.
"""

import re
from dataclasses import dataclass, field

from app.errors import InvalidParameter

MAX_QUERY_LENGTH = 500
MAX_TERMS = 32

_WORD = re.compile(r"[^\W_]+")
_DOTTED = re.compile(r"[^\W_]+(?:\.[^\W_]+)+")
# A quoted phrase (closed or running to the end), or a run of non-space characters.
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


@dataclass(frozen=True)
class Term:
    """One word, or with `words` > 1 a phrase; `prefix` matches words that start so.

    `dotted` keeps a token like `3.5` or `example.com` whole: PostgreSQL indexes it as one
    word, SQLite as the phrase of its parts."""

    words: tuple[str, ...]
    prefix: bool = False
    dotted: str | None = None


@dataclass(frozen=True)
class SearchQuery:
    """Every group must match (AND); a group matches if any of its terms does (OR).
    No excluded term may match."""

    groups: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)

    @property
    def terms(self) -> list[Term]:
        return [term for group in self.groups for term in group]


def parse_query(text: str) -> SearchQuery:
    if len(text) > MAX_QUERY_LENGTH:
        raise InvalidParameter("q", f"at most {MAX_QUERY_LENGTH} characters")
    query = SearchQuery()
    negate_next = join_next = False
    for match in _TOKEN.finditer(text):
        minus, phrase, bare = match.groups()
        if bare in ("OR", "|"):
            join_next = bool(query.groups)
            continue
        if bare in ("NOT", "AND"):
            negate_next = bare == "NOT"
            continue
        negated = negate_next or bool(minus)
        if bare is not None and bare.startswith("-") and len(bare) > 1:
            negated, bare = True, bare[1:]
        term = _term(phrase if phrase is not None else bare)
        negate_next = False
        if term is None:
            continue
        if negated:
            query.excluded.append(term)
        elif join_next:
            query.groups[-1].append(term)
        else:
            query.groups.append([term])
        join_next = False
    if not query.groups:
        reason = "needs a word to look for" if query.excluded else "has no word to search for"
        raise InvalidParameter("q", reason)
    if len(query.terms) + len(query.excluded) > MAX_TERMS:
        raise InvalidParameter("q", f"at most {MAX_TERMS} words and phrases")
    return query


def _term(raw: str) -> Term | None:
    words = tuple(word.lower() for word in _WORD.findall(raw))
    if not words:
        return None
    # "sanction*" is a prefix; a star inside a phrase or before more text is just punctuation.
    prefix = len(words) == 1 and raw.rstrip().endswith("*")
    dotted = _DOTTED.fullmatch(raw.strip(" \t\"'()[]{}<>,;:!?*"))
    return Term(words=words, prefix=prefix, dotted=dotted.group().lower() if dotted else None)
