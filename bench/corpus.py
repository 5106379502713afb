"""A deterministic synthetic news corpus, written straight into a migrated database.

    python -m bench.corpus --database-url sqlite:///bench/results/corpus-10000.db --articles 10000

The same --seed gives the same corpus. Text follows a Zipf distribution over ~40,000 words (the
971 English words Faker knows, then made-up words for the long tail), so queries for common and
rare terms behave as they do on real news. Every article quotes two to five of 2,000 speakers,
with exact offsets, and carries a section, tags and a date within ten years. A few fixed phrases
("minor incursion", "heavy price", …) are planted at known rates for phrase queries.
"""

import argparse
import itertools
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from faker import Faker
from faker.providers.lorem.en_US import Provider as Lorem
from sqlalchemy import Engine, create_engine, insert

from app.config import Settings
from app.migrate import upgrade
from app.models import Article, ArticleSpeaker, ArticleTag, Quote, QuoteSpeaker, Speaker

SECTIONS = [
    "world",
    "politics",
    "business",
    "sport",
    "science",
    "culture",
    "health",
    "tech",
    "climate",
    "opinion",
    "europe",
    "asia",
]
CUES = ["said", "told reporters", "added", "warned", "insisted", "wrote", "tweeted", "argued"]
PLANTED_PHRASES = ["minor incursion", "heavy price", "frank talks", "strategic mistake"]
PLANTED_RATE = 0.002  # of paragraphs
TAIL_WORDS = 40_000
SPEAKERS = 2_000
TAGS = 300
BATCH = 1_000
START = datetime(2016, 1, 1, tzinfo=UTC)
SPAN_SECONDS = 10 * 365 * 24 * 3600


@dataclass(frozen=True)
class Vocabulary:
    words: list[str]
    cum_weights: list[float]

    @classmethod
    def zipf(cls, rng: random.Random) -> "Vocabulary":
        syllables = [
            "ka",
            "lo",
            "mi",
            "ren",
            "tor",
            "va",
            "shi",
            "den",
            "qua",
            "pel",
            "zor",
            "nu",
            "bri",
            "gal",
            "fen",
            "ost",
            "ume",
            "tra",
            "vek",
            "sol",
        ]
        tail: set[str] = set()
        while len(tail) < TAIL_WORDS:
            tail.add("".join(rng.choices(syllables, k=rng.randint(2, 4))))
        # Real English words are the common ones, made-up words the long tail.
        english, made_up = list(Lorem.word_list), sorted(tail)
        rng.shuffle(english)
        rng.shuffle(made_up)
        words = english + made_up
        return cls(words, list(itertools.accumulate(1 / rank for rank in range(1, len(words) + 1))))

    def sample(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cum_weights, k=k)


def _sentence(rng: random.Random, vocab: Vocabulary) -> str:
    words = vocab.sample(rng, rng.randint(8, 20))
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random, vocab: Vocabulary) -> str:
    text = " ".join(_sentence(rng, vocab) for _ in range(rng.randint(2, 4)))
    if rng.random() < PLANTED_RATE:
        text = text[:-1] + f", a {rng.choice(PLANTED_PHRASES)}."
    return text


def _speakers(fake: Faker) -> list[dict[str, Any]]:
    rows, seen = [], set()
    for i in range(1, SPEAKERS + 1):
        name = fake.name()
        while name in seen:
            name = fake.name()
        seen.add(name)
        slug = name.lower().replace(" ", "-").replace(".", "").replace("'", "")
        rows.append(
            {
                "id": i,
                "slug": f"{slug}-{i}",
                "name": name,
                "kind": "person",
                "role": fake.job(),
                "organisation": fake.company(),
                "country": fake.country(),
                "aliases": [name.split()[-1]],
            }
        )
    return rows


def generate(
    rng: random.Random, vocab: Vocabulary, speakers: list[dict[str, Any]], tags: list[str], n: int
) -> Iterator[dict[str, list[dict[str, Any]]]]:
    """Rows for articles 1..n, in batches, ready for executemany."""
    quote_id = 0
    for first in range(1, n + 1, BATCH):
        batch: dict[str, list[dict[str, Any]]] = {
            "article": [],
            "article_tag": [],
            "article_speaker": [],
            "quote": [],
            "quote_speaker": [],
        }
        for article_id in range(first, min(first + BATCH, n + 1)):
            paragraphs = [_paragraph(rng, vocab) for _ in range(rng.randint(6, 14))]
            quoted = rng.sample(speakers, rng.randint(2, 5))
            for position, speaker in enumerate(quoted):
                quote_id += 1
                said = " ".join(vocab.sample(rng, rng.randint(6, 18))).capitalize() + ","
                index = rng.randrange(len(paragraphs))
                prefix = paragraphs[index] + " “"
                paragraphs[index] = f"{prefix}{said}” {speaker['name']} {rng.choice(CUES)}."
                batch["quote"].append(
                    {
                        "id": quote_id,
                        "article_id": article_id,
                        "text": said,
                        "paragraph": index,
                        "start": len(prefix),
                        "end": len(prefix) + len(said),
                        "cue": rng.choice(CUES),
                    }
                )
                batch["quote_speaker"].append(
                    {"quote_id": quote_id, "speaker_id": speaker["id"], "position": 0}
                )
                batch["article_speaker"].append(
                    {"article_id": article_id, "speaker_id": speaker["id"], "position": position}
                )
            published = START + timedelta(seconds=rng.randrange(SPAN_SECONDS))
            title_words = vocab.sample(rng, rng.randint(5, 11))
            batch["article"].append(
                {
                    "id": article_id,
                    "slug": f"article-{article_id}",
                    "title": " ".join(title_words).capitalize(),
                    "site": "NEWSDESK BENCH",
                    "section": rng.choice(SECTIONS),
                    "standfirst": _sentence(rng, vocab),
                    "paragraphs": paragraphs,
                    "published_at": published,
                    "updated_at": published,
                    "comments_open": True,
                    "canonical_url": None,
                }
            )
            for tag in sorted(set(rng.sample(tags, rng.randint(1, 4)))):
                batch["article_tag"].append({"article_id": article_id, "tag": tag})
        yield batch


def write_corpus(engine: Engine, *, articles: int, seed: int = 42) -> None:
    """Fill an empty, migrated database with `articles` synthetic articles."""
    rng = random.Random(seed)
    fake = Faker("en_US")
    fake.seed_instance(seed)
    vocab = Vocabulary.zipf(rng)
    speakers = _speakers(fake)
    tags = sorted({fake.word() + "-" + fake.word() for _ in range(TAGS * 2)})[:TAGS]
    tables = {
        "article": Article.__table__,
        "article_tag": ArticleTag.__table__,
        "article_speaker": ArticleSpeaker.__table__,
        "quote": Quote.__table__,
        "quote_speaker": QuoteSpeaker.__table__,
    }
    postgres = engine.dialect.name == "postgresql"
    with engine.begin() as connection:
        connection.execute(insert(Speaker.__table__), speakers)
    for batch in generate(rng, vocab, speakers, tags, articles):
        with engine.begin() as connection:
            if postgres:
                # Per-row triggers would index each quote twice (before and after its speakers
                # are linked); one pass at the end does the same work once.
                connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
            for name, rows in batch.items():
                connection.execute(insert(tables[name]), rows)
    if postgres:
        with engine.begin() as connection:
            connection.exec_driver_sql(
                "UPDATE quote SET search_document = newsdesk_quote_document(id, text)"
            )
            for table in ("article", "quote", "speaker"):
                # Explicit ids bypassed the sequences; later inserts must not collide.
                connection.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )
    # As autovacuum would soon after a real load: on PostgreSQL VACUUM merges the GIN indexes'
    # pending lists (until then every search reads them whole) and sets the visibility map.
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql("VACUUM ANALYZE" if postgres else "ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    url = Settings(database_url=args.database_url, _env_file=None).sqlalchemy_url
    upgrade(url)
    engine = create_engine(url)
    started = time.perf_counter()
    write_corpus(engine, articles=args.articles, seed=args.seed)
    engine.dispose()
    elapsed = time.perf_counter() - started
    print(f"{args.articles} articles in {elapsed:.1f} s ({args.articles / elapsed:.0f}/s)")


if __name__ == "__main__":
    main()
