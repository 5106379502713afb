"""Storing an `ArticleBundle`: upserts keyed on natural keys, so loading the same bundle twice
leaves exactly the same rows (and ids) as loading it once."""

from typing import TypeVar

from sqlmodel import Session, select

from app.models import Article, ArticleSpeaker, ArticleTag, Quote, QuoteSpeaker, Speaker
from app.schemas.bundle import ArticleBundle, QuoteIn, SpeakerIn

Link = TypeVar("Link", ArticleSpeaker, QuoteSpeaker)


def save_bundle(session: Session, bundle: ArticleBundle) -> Article:
    """Insert or update the article, its speakers and quotes. The caller commits."""
    speakers = {s.slug: _upsert_speaker(session, s) for s in bundle.speakers}
    article = _upsert_article(session, bundle)
    session.flush()  # ids for new rows

    wanted_tags = list(dict.fromkeys(bundle.article.tags))
    article.tags = [t for t in article.tags if t.tag in wanted_tags] + [
        ArticleTag(article_id=article.id, tag=tag)
        for tag in wanted_tags
        if tag not in {t.tag for t in article.tags}
    ]
    _sync_speaker_links(article, [speakers[s.slug] for s in bundle.speakers])
    _sync_quotes(session, article, bundle.quotes, speakers)
    session.flush()  # the content clock moves by trigger (migration 0005)
    return article


def _upsert_speaker(session: Session, data: SpeakerIn) -> Speaker:
    speaker = session.exec(select(Speaker).where(Speaker.slug == data.slug)).first()
    if speaker is None:
        speaker = Speaker(slug=data.slug, name=data.name)
        session.add(speaker)
    speaker.sqlmodel_update(data.model_dump())
    return speaker


def _upsert_article(session: Session, bundle: ArticleBundle) -> Article:
    data = bundle.article
    article = session.exec(select(Article).where(Article.slug == data.slug)).first()
    fields = data.model_dump(exclude={"tags", "updated_at"})
    fields["updated_at"] = data.last_modified
    if article is None:
        article = Article(**fields)
        session.add(article)
    else:
        article.sqlmodel_update(fields)
    return article


def _sync_speaker_links(article: Article, speakers: list[Speaker]) -> None:
    existing = {link.speaker_id: link for link in article.speaker_links}
    article.speaker_links = [
        _positioned(existing.get(s.id) or ArticleSpeaker(speaker_id=s.id), i)
        for i, s in enumerate(speakers)
    ]


def _sync_quotes(
    session: Session, article: Article, quotes: list[QuoteIn], speakers: dict[str, Speaker]
) -> None:
    # A quote is the same quote only if its words are: a replaced article's new quote at an
    # old position gets a new id, so a link to the old one never shows other words.
    existing = {(q.paragraph, q.start, q.text): q for q in article.quotes}
    wanted = {(q.paragraph, q.start, q.text) for q in quotes}
    if stale := [q for key, q in existing.items() if key not in wanted]:
        # Deleted before any insert: a new quote may take a stale one's position.
        article.quotes = [q for q in article.quotes if q not in stale]
        session.flush()
    kept = []
    for data in quotes:
        quote = existing.get((data.paragraph, data.start, data.text))
        if quote is None:
            quote = Quote(article_id=article.id, paragraph=data.paragraph, start=data.start)
            session.add(quote)
        quote.text, quote.end, quote.cue = data.text, data.end, data.cue
        said_by = [speakers[slug] for slug in data.speakers]
        current = {link.speaker_id: link for link in quote.speaker_links}
        quote.speaker_links = [
            _positioned(current.get(s.id) or QuoteSpeaker(speaker_id=s.id), i)
            for i, s in enumerate(said_by)
        ]
        kept.append(quote)
    article.quotes = kept  # quotes no longer in the bundle are deleted (delete-orphan)


def _positioned(link: Link, position: int) -> Link:
    link.position = position
    return link
