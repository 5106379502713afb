"""Scoring the extractor against the hand-annotated gold set in `tests/gold/`.

Quote precision and recall are over word tokens: a predicted quote that covers half a gold
quote earns half. Attribution is end to end, over every gold quote: the quote was found (half
its words or more) and its speakers are exactly the gold speakers ([] for unattributed).
"""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from app.extract import Extraction, extract

GOLD = Path(__file__).parent / "gold"
_WORD = re.compile(r"\w+")
_FOUND = 0.5
Token = tuple[int, int]  # (paragraph, offset)


@dataclass
class Score:
    name: str
    predicted_tokens: int = 0
    gold_tokens: int = 0
    matched_tokens: int = 0
    gold_quotes: int = 0
    found: int = 0
    attributed: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: "Score") -> None:
        for name in (
            "predicted_tokens",
            "gold_tokens",
            "matched_tokens",
            "gold_quotes",
            "found",
            "attributed",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def precision(self) -> float:
        return self.matched_tokens / self.predicted_tokens if self.predicted_tokens else 1.0

    @property
    def recall(self) -> float:
        return self.matched_tokens / self.gold_tokens if self.gold_tokens else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def attribution(self) -> float:
        return self.attributed / self.gold_quotes if self.gold_quotes else 1.0


def gold_articles(*sets: str) -> list[Path]:
    return sorted(p for s in sets for p in (GOLD / s).glob("*.txt"))


def score_file(path: Path) -> Score:
    gold = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    return score(extract(path.read_text(encoding="utf-8")), gold, path.stem)


def score(extraction: Extraction, gold: dict, name: str) -> Score:
    result = Score(name)
    paragraphs = extraction.paragraphs
    predicted = [(_tokens(paragraphs, q.paragraph, q.start, q.end), q) for q in extraction.quotes]
    predicted_all = set().union(*(t for t, _ in predicted)) if predicted else set()
    result.predicted_tokens = len(predicted_all)
    gold_all: set[Token] = set()
    cursor = (0, 0)
    for quote in gold["quotes"]:
        result.gold_quotes += 1
        where = _locate(paragraphs, quote["text"], cursor)
        if where is None:
            result.misses.append(f"not in the paragraphs: {quote['text'][:60]!r}")
            result.gold_tokens += len(_WORD.findall(quote["text"]))
            continue
        p, start = where
        cursor = (p, start + 1)
        tokens = _tokens(paragraphs, p, start, start + len(quote["text"]))
        gold_all |= tokens
        best = max(predicted, key=lambda pq: len(pq[0] & tokens), default=None)
        overlap = len(best[0] & tokens) if best else 0
        if not tokens or overlap / len(tokens) < _FOUND:
            result.misses.append(f"missed: {quote['text'][:60]!r}")
            continue
        result.found += 1
        want = {_normal(s) for s in quote["speakers"]}
        got = {_normal(s) for s in best[1].speakers}
        if want == got:
            result.attributed += 1
        else:
            result.misses.append(
                f"speaker {sorted(got)} for {sorted(want)}: {quote['text'][:50]!r}"
            )
    result.gold_tokens += len(gold_all)
    result.matched_tokens = len(gold_all & predicted_all)
    for tokens, quote in predicted:
        if not tokens & gold_all:
            result.misses.append(f"not a gold quote: {quote.text[:60]!r}")
    return result


def _locate(paragraphs: list[str], text: str, cursor: Token) -> Token | None:
    for p in range(cursor[0], len(paragraphs)):
        found = paragraphs[p].find(text, cursor[1] if p == cursor[0] else 0)
        if found >= 0:
            return p, found
    return None


def _tokens(paragraphs: list[str], p: int, start: int, end: int) -> set[Token]:
    return {(p, m.start()) for m in _WORD.finditer(paragraphs[p], start, end)}


def _normal(name: str) -> str:
    name = name.strip().lower()
    return name.removeprefix("the ")


def report(paths: list[Path]) -> Score:
    """Print per-article and overall figures; return the overall score."""
    total = Score("all")
    print(f"{'article':44} {'P':>5} {'R':>5} {'F1':>5} {'attr':>5} quotes")
    for path in paths:
        result = score_file(path)
        total.add(result)
        print(
            f"{path.parent.name + '/' + path.stem:44.44} {result.precision:5.2f} "
            f"{result.recall:5.2f} {result.f1:5.2f} {result.attribution:5.2f} "
            f"{result.gold_quotes}"
        )
    print(
        f"{'all':44} {total.precision:5.2f} {total.recall:5.2f} {total.f1:5.2f} "
        f"{total.attribution:5.2f} {total.gold_quotes}"
    )
    return total


if __name__ == "__main__":
    import sys

    sets = sys.argv[1:] or ["dev", "holdout", "fresh", "final"]
    verbose = "-v" in sets
    sets = [s for s in sets if s != "-v"]
    report(gold_articles(*sets))
    if verbose:
        for path in gold_articles(*sets):
            for miss in score_file(path).misses:
                print(f"{path.stem}: {miss}")
