"""Small synthetic articles for tests that need more than the one seed article."""

from datetime import UTC, datetime, timedelta

from app.schemas.bundle import ArticleBundle, ArticleIn, QuoteIn, SpeakerIn

EPOCH = datetime(2024, 1, 1, 12, 0, tzinfo=UTC)


def make_bundle(
    n: int,
    *,
    section: str = "world",
    tags: tuple[str, ...] = (),
    speaker: str | None = None,
    published_at: datetime | None = None,
) -> ArticleBundle:
    """Article number `n`, published `n` hours after EPOCH unless told otherwise.

    With `speaker`, the article has one paragraph quoting them.
    """
    paragraphs = [f"Paragraph one of story {n}."]
    speakers, quotes = [], []
    if speaker:
        name = speaker.replace("-", " ").title()
        sentence = f"“We will see,” {name} said."
        paragraphs.append(sentence)
        speakers.append(SpeakerIn(slug=speaker, name=name, role="Spokesperson"))
        quotes.append(
            QuoteIn(
                text="We will see,", paragraph=1, start=1, end=13, cue="said", speakers=[speaker]
            )
        )
    return ArticleBundle(
        article=ArticleIn(
            slug=f"story-{n}",
            title=f"Story {n}",
            section=section,
            tags=list(tags),
            published_at=published_at or EPOCH + timedelta(hours=n),
            paragraphs=paragraphs,
        ),
        speakers=speakers,
        quotes=quotes,
    )
