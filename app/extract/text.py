"""Words and sentences of a paragraph, with the offsets the extractor reports."""

import re
from dataclasses import dataclass

from app.extract.marks import Span

WORD = re.compile(r"\w(?:[\w’'\-]*\w)?\.?")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st jr sr prof gen gov sen rep lt col sgt capt insp supt det inc ltd co corp "
    "no vs etc u.s u.k u.n e.g i.e jan feb mar apr jun jul aug sep sept oct nov dec rev fr".split()
)
# A full stop, then a capital or a quote (masked or not) opens the next sentence.
_SENTENCE_END = re.compile(r"[.!?…]+[”’\"']?(?=\s+(?:[“‘\"'(\[]?[^\W_a-z]|\u2063))")
# "MILLBROOK, Pa. — ", "LONDON (Reuters) - ": where wire copy was filed.
_DATELINE = re.compile(
    r"[A-Z][A-Z’'. -]+[A-Z](?:, [A-Z][\w.]*(?: [A-Z][\w.]*)?)?(?: \(\w+\))? [—–-] "
)
_ASIDE = re.compile(r"\([^()\u2063]{0,80}\)")
MASK = "\u2063"  # stands in for quoted text, so words inside quotes are never read as prose


@dataclass(frozen=True, slots=True)
class Word:
    text: str  # without a trailing full stop
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


def words(text: str, start: int = 0, end: int | None = None) -> list[Word]:
    out = []
    for match in WORD.finditer(text, start, len(text) if end is None else end):
        token = match.group()
        if token.endswith(".") and token[:-1].lower() not in _ABBREVIATIONS:
            token = token[:-1]
        out.append(Word(token.rstrip("."), match.start(), match.start() + len(token)))
    return out


def mask_quotes(text: str, spans: list[Span], blanks: list[Span] = ()) -> str:
    """The paragraph with every quote, marks included, replaced by `MASK` (same length).

    A quote that ends a sentence ("…we won.” The crowd") leaves a full stop where its closing
    mark was, so the sentence ends there as it would in prose.
    """
    chars = list(text)
    for span in spans:
        for i in range(max(span.open, 0), min(span.close, len(text))):
            chars[i] = MASK
        if not span.continues and text[span.start : span.end].rstrip()[-1:] in ".!?…":
            chars[span.close - 1] = "."
    for span in blanks:  # nicknames: Arjun “AJ” Mehta reads as one name
        chars[span.open : span.close] = " " * (span.close - span.open)
    if dateline := _DATELINE.match(text):  # "MILLBROOK, Pa. — ": a place, never a speaker
        chars[: dateline.end()] = " " * dateline.end()
    masked = "".join(chars)
    # "Cllr Martin Hughes (Lib Dem, Marlbury East), who voted against…": an aside in
    # brackets never holds the subject, and its commas would split the sentence's phrases.
    return _ASIDE.sub(lambda m: " " * len(m.group()), masked)


def sentences(masked: str) -> list[tuple[int, int]]:
    """Sentence boundaries of a masked paragraph: quotes never split a sentence."""
    bounds = []
    start = 0
    for match in _SENTENCE_END.finditer(masked):
        before = masked[start : match.start()].split()
        last = before[-1].lower().strip("(") if before else ""
        if last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha()):
            continue
        bounds.append((start, match.end()))
        start = match.end()
        while start < len(masked) and masked[start].isspace():
            start += 1
    if start < len(masked):
        bounds.append((start, len(masked)))
    return bounds
