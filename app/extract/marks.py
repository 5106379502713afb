"""Quotation marks → quoted spans, paragraph by paragraph.

Pairs curly “ ”, straight " and British single ‘ ’ marks (telling apostrophes from closing
marks), nests the minor style inside the major one, carries a quote over paragraphs (an opening
mark at each paragraph, a closing one only at the end), and drops marks that are never closed,
so one typo cannot swallow the rest of an article.
"""

from dataclasses import dataclass

DOUBLE = ("“", "”")
SINGLE = ("‘", "’")
GUILLEMETS = ("«", "»")
STRAIGHT = '"'
_OPENING_CONTEXT = " \t([{—–-/“‘\"'"


@dataclass(slots=True)
class Span:
    """The text between a pair of marks: `paragraphs[paragraph][start:end]`."""

    paragraph: int
    start: int
    end: int
    continues: bool = False  # runs on into the next paragraph, which repeats the opening mark
    continued: bool = False  # carries on a quote from the previous paragraph

    @property
    def open(self) -> int:
        return self.start - 1

    @property
    def close(self) -> int:
        """Index just past the closing mark (or the paragraph's end for a quote that runs on)."""
        return self.end if self.continues else self.end + 1


def find_spans(paragraphs: list[str]) -> list[Span]:
    """Every quoted span of the article, in reading order, outermost quotes only."""
    major, minor = _styles(paragraphs)
    spans: list[Span] = []
    carried = {major: False, minor: False}
    for p, text in enumerate(paragraphs):
        following = paragraphs[p + 1] if p + 1 < len(paragraphs) else ""
        outer = _pairs(text, p, major, carried, following)
        inner_free = _pairs(text, p, minor, carried, following)
        # Outermost quotes only: a quote inside another (“nested” in ‘…’) is part of it, and
        # marks that cross (‘a “b’ c”) do not make two quotes of the same words.
        spans.extend(
            s for s in _outermost(outer + inner_free) if _says_something(text[s.start : s.end])
        )
    return spans


def _outermost(found: list[Span]) -> list[Span]:
    kept: list[Span] = []
    for span in sorted(found, key=lambda s: (s.start, -s.end)):
        if not kept or span.open >= kept[-1].close:
            kept.append(span)
    return kept


def _says_something(quoted: str) -> bool:
    """A quote has a letter or a digit in it: “ ” or “…” alone is a typo, not a quote."""
    return any(c.isalnum() for c in quoted)


def _styles(paragraphs: list[str]) -> tuple[tuple[str, str], tuple[str, str]]:
    """The article's major marks (British ‘ ’ or double “ ”) and its minor ones."""
    text = "\n".join(paragraphs)
    doubles = text.count("“") + text.count('"') // 2 + text.count("«")
    singles = sum(1 for i, c in enumerate(text) if c == "‘" and _can_open(text, i))
    if singles > doubles:
        return SINGLE, DOUBLE
    return DOUBLE, SINGLE


def _pairs(text: str, p: int, style: tuple[str, str], carried: dict, following: str) -> list[Span]:
    spans: list[Span] = []
    opener: int | None = None
    continued = False
    possessive: int | None = None  # a ’ after "s" that may yet prove to be the closing mark
    for i in range(len(text)):
        if _is_opening(text, i, style):
            # A second opening mark means the first was never closed: a typo, dropped.
            opener, possessive = i, None
            continued = carried[style] and i == 0
            continue
        if opener is None:
            continue
        closing = _is_closing(text, i, style)
        if closing is None and possessive is None:
            possessive = i
        elif closing:
            if i > opener + 1:
                spans.append(Span(p, opener + 1, i, continued=continued))
            opener, continued, possessive = None, False, None
    carried[style] = False
    if opener is None:
        return spans
    if possessive is not None:
        spans.append(Span(p, opener + 1, possessive, continued=continued))
    elif following[:1] and _is_opening(following, 0, style):
        # The next paragraph repeats the opening mark: one quote running over both.
        end = len(text.rstrip())
        if end > opener + 1:
            spans.append(Span(p, opener + 1, end, continues=True, continued=continued))
            carried[style] = True
    return spans


def _openers(style: tuple[str, str]) -> str:
    return style[0] + (STRAIGHT + GUILLEMETS[0] if style is DOUBLE else "")


def _is_opening(text: str, i: int, style: tuple[str, str]) -> bool:
    char = text[i]
    if char == style[0] or (style is DOUBLE and char == GUILLEMETS[0]):
        return style is not SINGLE or _can_open(text, i)
    if char == STRAIGHT and style is DOUBLE:
        return _can_open(text, i)
    return False


def _is_closing(text: str, i: int, style: tuple[str, str]) -> bool | None:
    """True for a closing mark, False for anything else, None for a possible one."""
    char = text[i]
    if style is DOUBLE:
        if char in (style[1], GUILLEMETS[1]):
            return True
        return char == STRAIGHT and not _can_open(text, i)
    if char != style[1]:
        return False
    # ’ is also the apostrophe: it’s, Jones’s, ’90s, rock ’n’ roll.
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isalnum() and after.isalnum():
        return False
    if before.isspace():
        return False
    # "the Joneses’ house": a plural possessive, followed by a lower-case word.
    if before == "s" and after == " " and text[i + 2 : i + 3].islower():
        return None
    return True


def _can_open(text: str, i: int) -> bool:
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return before in _OPENING_CONTEXT and not after.isspace()
