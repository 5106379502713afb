"""Raw text in, stored article out: extract it, merge its speakers with those already known
(the same person across articles is one speaker), and save it in one transaction — the search
index follows through the database's triggers."""

from datetime import UTC, datetime

from pydantic import ValidationError
from slugify import slugify
from sqlmodel import Session, or_, select

from app.db import writing
from app.errors import InvalidParameter
from app.extract import ExtractedSpeaker, Extraction, extract
from app.models import Article, Speaker, SpeakerKind
from app.schemas.bundle import ArticleBundle, ArticleIn, QuoteIn, SpeakerIn
from app.schemas.extraction import ArticleMeta
from app.services.bundles import save_bundle

_CUE_LENGTH = 100


def ingest(
    session: Session, text: str, meta: ArticleMeta, *, now: datetime | None = None
) -> tuple[Article, bool]:
    """Extract and store one article; returns it and whether it is new. An article with the
    same slug (by default, the same headline) is replaced: ingesting twice changes nothing."""
    extraction = extract(text)
    if not extraction.title or not extraction.paragraphs:
        raise InvalidParameter(
            "text", "needs a headline, a blank line and at least one paragraph", location="body"
        )
    now = now or datetime.now(UTC)
    with writing(session):
        slug = meta.slug or _slug(extraction.title, "article")
        existing = session.exec(select(Article).where(Article.slug == slug)).first()
        known = _known_speakers(session, extraction.speakers)
        bundle = to_bundle(
            extraction,
            meta.model_copy(update={"slug": slug}),
            known=known,
            published_at=meta.published_at or (existing.published_at if existing else now),
            updated_at=now,
        )
        article = save_bundle(session, bundle)
    return article, existing is None


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
                slug=meta.slug or _slug(extraction.title, "article"),
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
    """The stored speaker a name refers to: by slug or alias; a surname alone ("Biden") only
    when exactly one stored speaker has it, since two Smiths are two people."""
    slug = _slug(name, "speaker")
    lowered = name.lower()
    for speaker in known:
        if speaker.slug == slug or lowered in (a.lower() for a in speaker.aliases):
            return speaker
    if " " not in name:
        same = [s for s in known if s.name.split()[-1] == name]
        return same[0] if len(same) == 1 else None
    return None


def _role(extracted: ExtractedSpeaker) -> str | None:
    return extracted.role[:300] if extracted.role else None


def _slug(text: str, fallback: str) -> str:
    slug = slugify(text, max_length=80, word_boundary=True) or fallback
    return f"{fallback}-{slug}" if slug.isdigit() else slug
