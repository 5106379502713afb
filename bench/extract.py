"""Extraction: accuracy on the gold set, and speed on one core.

    python -m bench.extract [--seconds 5]

Speed is articles per second through `extract()` over the gold articles and the seed page,
one process, one core. The reference, measured in the same run on the same texts, is the
floor any extractor pays: splitting the page into paragraphs and pairing its quotation marks
(`split_page` + `find_spans`). The ratio says how much the attribution rules cost on top.
"""

import argparse
import json
import os
import time
from collections.abc import Callable
from pathlib import Path

from app.extract import extract
from app.extract.layout import split_page
from app.extract.marks import find_spans
from bench.databases import RESULTS
from tests.scoring import gold_articles, report

GOLD_SETS = ("dev", "holdout", "fresh", "final")
SEED_PAGE = Path(__file__).resolve().parents[2] / "shared" / "seed"


def _texts() -> list[str]:
    paths = gold_articles(*GOLD_SETS) + sorted(SEED_PAGE.glob("*.txt"))
    return [p.read_text(encoding="utf-8") for p in paths]


def _rate(work: Callable[[str], object], texts: list[str], seconds: float) -> float:
    done, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        for text in texts:
            work(text)
        done += len(texts)
    return done / (time.perf_counter() - started)


# Pages built to find superlinear paths: they must cost about what ordinary text costs.
HOSTILE = {
    "8,000 quotes, no full stop": "H\n\n" + " ".join(["“a b c d” ‘e f g h’"] * 4000),
    "100,000 capitalised words": "H\n\n" + "A " * 100_000,
    "2,000 people in one sentence": "H\n\n"
    + " and ".join(f"Mr Person{i} Smith{i}" for i in range(2000))
    + " said “hello there”.",
    "one 1 MiB word-salad paragraph": "H\n\n" + "Supercalifragilistic " * 50_000,
}


def _seconds_per_kib(text: str) -> float:
    started = time.perf_counter()
    extract(text)
    return (time.perf_counter() - started) / (len(text) / 1024)


def _reference(text: str) -> object:
    return find_spans(split_page(text).paragraphs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="per measurement")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the issue asks

    print("accuracy (tests/gold):")
    scores = {name: report(gold_articles(name)) for name in GOLD_SETS}
    texts = _texts()
    words = sum(len(t.split()) for t in texts) / len(texts)
    reference = _rate(_reference, texts, args.seconds)
    ours = _rate(extract, texts, args.seconds)
    print(f"\nspeed over {len(texts)} articles (mean {words:.0f} words), one core:")
    print(f"  extract()                   {ours:8.0f} articles/s  {1000 / ours:6.2f} ms each")
    print(f"  reference: layout + marks   {reference:8.0f} articles/s")
    print(f"  ratio extract / reference   {ours / reference:8.2f}")
    verdict = "met" if ours >= 100 else "NOT met"
    print(f"  target                      {100:8.0f} articles/s  -> {verdict}")
    normal = _seconds_per_kib("\n\n".join(texts))
    print(f"\nhostile input, time per KiB against ordinary articles ({normal * 1000:.2f} ms/KiB):")
    hostile = {}
    for name, text in HOSTILE.items():
        hostile[name] = _seconds_per_kib(text) / normal
        print(f"  {name:34} {len(text) / 1024:6.0f} KiB  {hostile[name]:6.2f} ×")
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / "extract.json"
    out.write_text(
        json.dumps(
            {
                "articles_per_second": ours,
                "reference_articles_per_second": reference,
                "mean_words": words,
                "hostile_per_kib_ratio": hostile,
                **{
                    name: {"f1": score.f1, "attribution": score.attribution}
                    for name, score in scores.items()
                },
            },
            indent=2,
        )
    )
    print(f"\nwritten to {out}")


if __name__ == "__main__":
    main()
