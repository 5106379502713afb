"""Snippets: the best short excerpt of a text, HTML-escaped, matched words in `<mark>`.

The database decides what matches; this only shows where. It is done here rather than by FTS5's
snippet() or PostgreSQL's ts_headline() so that both engines give the same snippets, and because
both of those read a common word's whole match list again for every hit shown.
"""

import html
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

from app.search.query import SearchQuery, Term

_WORD = re.compile(r"[^\W_]+")  # the query parser's notion of a word
_stemmer = snowballstemmer.stemmer("english")
SNIPPET_WORDS = 30
CONTEXT_BEFORE = 4  # words shown before the first match of an excerpt


@lru_cache(maxsize=65536)
def _fold(word: str) -> str:
    """Case and diacritics folded, as both engines index words."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    return _stemmer.stemWord(_fold(word))


def _matches(token: str, word: str, prefix: bool) -> bool:
    if prefix:
        return _fold(token).startswith(_fold(word))
    return _stem(token) == _stem(word)


@dataclass(frozen=True, order=True)
class _Span:
    start: int  # character offsets
    end: int
    term: int


@lru_cache(maxsize=256)
def _candidate_pattern(first_words: tuple[str, ...]) -> re.Pattern[str]:
    # A word and its inflections share their first letters: only tokens starting like a query
    # word are worth stemming. Scanning for them is done by the regex engine, not in Python.
    # Heads are taken as typed and folded ("zür", "zur"), to meet the text either way.
    heads = sorted(
        {head for w in first_words for head in (w[:3], _fold(w)[:3])}, key=len, reverse=True
    )
    alternatives = "|".join(re.escape(h) for h in heads)
    return re.compile(rf"(?<![^\W_])(?:{alternatives})[^\W_]*", re.IGNORECASE)


def _spans(text: str, terms: Sequence[Term]) -> list[_Span]:
    """Every match of every term in `text`; a phrase match is one span."""
    pattern = _candidate_pattern(tuple(t.words[0] for t in terms))
    spans = set()
    for candidate in pattern.finditer(text):
        for index, term in enumerate(terms):
            last = len(term.words) - 1
            if not _matches(candidate.group(), term.words[0], term.prefix and last == 0):
                continue
            end = candidate.end()
            for k, word in enumerate(term.words[1:], start=1):
                following = _WORD.search(text, end)
                if following is None or not _matches(
                    following.group(), word, term.prefix and k == last
                ):
                    break
                end = following.end()
            else:
                spans.add(_Span(candidate.start(), end, index))
    return sorted(spans)


def _window(spans: Sequence[_Span], starts: Sequence[int], size: int) -> tuple[int, int]:
    """The `size`-token window [first, last) holding the most distinct terms, then matches.

    Windows start a little before each match, in order, so their bounds only move forward:
    two pointers over the sorted spans make a text that repeats a query word ten thousand
    times cost ten thousand steps, not their square."""
    count = len(starts)
    if not spans or count <= size:
        return 0, min(size, count)
    best, best_score = 0, (-1, -1)
    terms: dict[int, int] = {}  # term -> how many of its spans are inside the window
    begin = end = 0
    for span in spans:
        first_token = bisect_right(starts, span.start) - 1
        # A little context before the match; near the end, a full window all the same.
        start = max(0, min(first_token - CONTEXT_BEFORE, count - size))
        low, high = starts[start], starts[start + size - 1]
        while end < len(spans) and spans[end].start <= high:
            terms[spans[end].term] = terms.get(spans[end].term, 0) + 1
            end += 1
        while spans[begin].start < low:
            terms[spans[begin].term] -= 1
            if not terms[spans[begin].term]:
                del terms[spans[begin].term]
            begin += 1
        score = (len(terms), end - begin)
        if score > best_score:
            best, best_score = start, score
    return best, best + size


def snippet(text: str, query: SearchQuery, *, words: int | None = SNIPPET_WORDS) -> str:
    """`text`, or its best `words`-word excerpt (None: all of it), as safe HTML."""
    return _excerpt(text, _spans(text, query.terms), words)


def _excerpt(text: str, spans: Sequence[_Span], words: int | None) -> str:
    tokens = list(_WORD.finditer(text))
    if not tokens:
        return html.escape(text)
    starts = [t.start() for t in tokens]
    first, last = (0, len(tokens)) if words is None else _window(spans, starts, words)
    begin = 0 if first == 0 else tokens[first].start()
    end = len(text) if last >= len(tokens) else tokens[last - 1].end()
    out = ["…" if begin else ""]
    cursor = begin
    for span in spans:
        if span.start < cursor or span.end > end:
            continue  # outside the excerpt, or overlapping a match already marked
        out += [html.escape(text[cursor : span.start]), "<mark>"]
        out += [html.escape(text[span.start : span.end]), "</mark>"]
        cursor = span.end
    out += [html.escape(text[cursor:end]), "…" if end < len(text) else ""]
    return "".join(out).replace("\n", " ")


def best_snippet(texts: Sequence[str | None], query: SearchQuery) -> str:
    """The excerpt of whichever text (title, standfirst, a paragraph…) matches the query best;
    the first text when none does."""
    found = [(text, _spans(text, query.terms)) for text in texts if text]
    if not found:
        return ""
    text, spans = max(found, key=lambda pair: (len({s.term for s in pair[1]}), len(pair[1])))
    return _excerpt(text, spans, SNIPPET_WORDS)
