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
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / "extract.json"
    out.write_text(
        json.dumps(
            {
                "articles_per_second": ours,
                "reference_articles_per_second": reference,
                "mean_words": words,
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
