"""Raw text in, stored article out: extract it, merge its speakers with those already known
(the same person across articles is one speaker), and save it in one transaction — the search
index follows through the database's triggers."""

from datetime import UTC, datetime

from pydantic import ValidationError
from slugify import slugify
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session, or_, select

from app.db import writing
from app.errors import Conflict, InvalidParameter
from app.extract import ExtractedSpeaker, Extraction, extract
from app.models import Article, Speaker, SpeakerKind
from app.schemas.bundle import ArticleBundle, ArticleIn, QuoteIn, SpeakerIn
from app.schemas.extraction import ArticleMeta
from app.services.bundles import save_bundle

_CUE_LENGTH = 100
_ATTEMPTS = 5  # each retry sees what the racing ingests stored; a few settle any burst
_SLUG_LENGTH = 80
_SLUG_SUFFIXES = 100


def ingest(
    session: Session, text: str, meta: ArticleMeta, *, now: datetime | None = None
) -> tuple[Article, bool]:
    """Extract and store one article; returns it and whether it is new.

    With an explicit `slug` the article stored under it is replaced. Without one, the slug
    comes from the headline: the same headline again replaces (ingesting twice changes
    nothing), while a different story whose headline makes the same slug gets `-2`, `-3`….
    Metadata the request leaves out (section, tags, …) keeps its stored value on a replace.
    """
    extraction = extract_article(text)
    now = now or datetime.now(UTC)
    for attempt in range(_ATTEMPTS):
        try:
            with writing(session):
                return _store(session, extraction, meta, now)
        except (IntegrityError, OperationalError) as exc:
            # PostgreSQL (SQLite serialises writers up front): a concurrent ingest inserted
            # the same new speaker or slug between our read and our write, or the two
            # deadlocked — each took the content clock's row (app.services.freshness) and
            # then waited for a row the other had just inserted. Once more sees its rows and
            # merges into them.
            if isinstance(exc, OperationalError) and not _deadlocked(exc):
                raise
            if attempt + 1 == _ATTEMPTS:
                raise Conflict("A concurrent change collided with this article; retry.") from None
    raise AssertionError("unreachable")


def _deadlocked(error: OperationalError) -> bool:
    return getattr(error.orig, "sqlstate", None) == "40P01"  # deadlock_detected


def extract_article(text: str) -> Extraction:
    """The extraction of an article worth storing: a headline and at least one paragraph."""
    if "\x00" in text:
        raise InvalidParameter("text", "must not contain NUL characters", location="body")
    extraction = extract(text)
    if not extraction.title or not extraction.paragraphs:
        raise InvalidParameter(
            "text", "needs a headline, a blank line and at least one paragraph", location="body"
        )
    return extraction


def _store(
    session: Session, extraction: Extraction, meta: ArticleMeta, now: datetime
) -> tuple[Article, bool]:
    slug, existing = _place(session, extraction.title, meta.slug)
    if existing is not None:
        kept = _metadata(existing).model_dump(exclude=meta.model_fields_set)
        meta = meta.model_copy(update=kept)
    bundle = to_bundle(
        extraction,
        meta.model_copy(update={"slug": slug}),
        known=_known_speakers(session, extraction.speakers),
        published_at=meta.published_at or (existing.published_at if existing else now),
        updated_at=now,
    )
    return save_bundle(session, bundle), existing is None


def _place(session: Session, title: str, slug: str | None) -> tuple[str, Article | None]:
    """The slug to store under, and the article it replaces (None for a new one)."""
    if slug is not None:
        return slug, session.exec(select(Article).where(Article.slug == slug)).first()
    base = _slug(title, "article")
    for n in range(1, _SLUG_SUFFIXES):
        candidate = base if n == 1 else f"{base[: _SLUG_LENGTH - 6]}-{n}"
        existing = session.exec(select(Article).where(Article.slug == candidate)).first()
        if existing is None or existing.title == title[:500]:
            return candidate, existing
    raise Conflict(f"Too many articles share the slug {base!r}; send an explicit slug.")


def _metadata(article: Article) -> ArticleMeta:
    return ArticleMeta(
        section=article.section,
        tags=[t.tag for t in article.tags],
        published_at=article.published_at,
        canonical_url=article.canonical_url,
        comments_open=article.comments_open,
    )


def to_bundle(
    extraction: Extraction,
    meta: ArticleMeta,
    *,
    known: list[Speaker],
    published_at: datetime,
    updated_at: datetime,
) -> ArticleBundle:
    """The bundle `save_bundle` stores, with speakers matched to `known` ones where they can be."""
    speakers: dict[str, SpeakerIn] = {}
    slug_of: dict[str, str] = {}
    for extracted in extraction.speakers:
        speaker = _speaker_in(extracted, known)
        if speaker.slug in speakers:  # two names for one known speaker
            merged = speakers[speaker.slug]
            merged.aliases = list(dict.fromkeys([*merged.aliases, *speaker.aliases]))
        else:
            speakers[speaker.slug] = speaker
        slug_of[extracted.name] = speaker.slug
    try:
        return ArticleBundle(
            article=ArticleIn(
                slug=meta.slug,
                title=extraction.title[:500],
                site=(extraction.site or "")[:200] or None,
                section=meta.section,
                published_at=published_at,
                updated_at=max(updated_at, published_at),
                tags=meta.tags,
                comments_open=meta.comments_open,
                canonical_url=meta.canonical_url,
                paragraphs=extraction.paragraphs,
            ),
            speakers=list(speakers.values()),
            quotes=[
                QuoteIn(
                    text=q.text,
                    paragraph=q.paragraph,
                    start=q.start,
                    end=q.end,
                    cue=(q.cue or "")[:_CUE_LENGTH] or None,
                    speakers=list(dict.fromkeys(slug_of[name] for name in q.speakers)),
                )
                for q in extraction.quotes
            ],
        )
    except ValidationError as exc:  # text the bundle format cannot hold, e.g. a NUL character
        raise InvalidParameter("text", exc.errors()[0]["msg"], location="body") from None


def _known_speakers(session: Session, extracted: list[ExtractedSpeaker]) -> list[Speaker]:
    """Stored speakers that an extracted name may be: same slug, or same surname."""
    if not extracted:
        return []
    slugs = [_slug(s.name, "speaker") for s in extracted]
    surnames = {s.name.split()[-1] for s in extracted}
    return list(
        session.exec(
            select(Speaker).where(
                or_(
                    Speaker.slug.in_(slugs),
                    *(Speaker.name.endswith(" " + s, autoescape=True) for s in surnames),
                )
            )
        ).all()
    )


def _speaker_in(extracted: ExtractedSpeaker, known: list[Speaker]) -> SpeakerIn:
    name = extracted.name[:200]
    match = _match(name, known)
    if match is not None:
        return SpeakerIn(
            slug=match.slug,
            name=match.name,
            kind=match.kind,
            role=match.role or _role(extracted),
            organisation=match.organisation,
            country=match.country,
            aliases=list(dict.fromkeys([*match.aliases, name])),
        )
    kind = SpeakerKind(extracted.kind)
    surname = name.split()[-1]
    aliases = [name, surname] if kind is SpeakerKind.person and surname != name else [name]
    return SpeakerIn(
        slug=_slug(name, "speaker"), name=name, kind=kind, role=_role(extracted), aliases=aliases
    )


def _match(name: str, known: list[Speaker]) -> Speaker | None:
    """The stored speaker a name refers to: by slug or full-name alias. A surname alone
    ("Biden") only when exactly one stored speaker has it, since two Smiths are two people."""
    slug = _slug(name, "speaker")
    lowered = name.lower()
    if " " in name:
        for speaker in known:
            if speaker.slug == slug or lowered in (a.lower() for a in speaker.aliases):
                return speaker
        return None
    same = [
        s
        for s in known
        if s.slug == slug or s.name.split()[-1] == name or lowered in (a.lower() for a in s.aliases)
    ]
    return same[0] if len(same) == 1 else None


def _role(extracted: ExtractedSpeaker) -> str | None:
    return extracted.role[:300] if extracted.role else None


def _slug(text: str, fallback: str) -> str:
    slug = slugify(text, max_length=_SLUG_LENGTH, word_boundary=True) or fallback
    # A slug needs a letter ("2024" or "3-1" would read as an id): prefix one that has none.
    return slug if any(c.isalpha() for c in slug) else f"{fallback}-{slug}"
