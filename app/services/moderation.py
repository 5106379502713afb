"""The rules that decide a new comment's fate, after WordPress core. Pure functions."""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from app.models import CommentStatus

# Links as WordPress counts them, bare URLs included: http(s) URLs, and www. addresses
# people paste without a scheme. Counted once each, however often they appear (a link's text
# repeating its address is still one link).
_URL = re.compile(r"https?://([^\s\"'<>]+)|(?<![\w./])(www\.[^\s\"'<>]+)", re.IGNORECASE)


@dataclass(frozen=True)
class CommentRules:
    flood_seconds: int = 15
    auto_approve: bool = False
    max_links: int = 2
    moderation_keys: tuple[str, ...] = ()
    disallowed_keys: tuple[str, ...] = ()
    max_depth: int = 5


def count_links(text: str) -> int:
    """How many distinct web addresses `text` holds."""
    found = {
        (scheme_less or bare).lower().rstrip("/.,;)") for scheme_less, bare in _URL.findall(text)
    }
    return len({address.removeprefix("www.") for address in found})


def contains_any(fields: Iterable[str | None], keys: Iterable[str]) -> bool:
    """Whether any key appears, case-insensitively, inside any field (WordPress matches inside
    words too: a key 'press' holds 'WordPress')."""
    haystacks = [f.lower() for f in fields if f]
    return any(key.lower() in h for key in keys if key.strip() for h in haystacks)


def initial_status(
    *,
    fields: tuple[str | None, ...],
    body: str,
    previously_approved: bool,
    honeypot_filled: bool,
    rules: CommentRules,
) -> CommentStatus:
    """The status a new comment starts with: spam, held for moderation, or approved."""
    if honeypot_filled or contains_any(fields, rules.disallowed_keys):
        return CommentStatus.spam
    if rules.max_links and count_links(body) >= rules.max_links:
        return CommentStatus.pending
    if contains_any(fields, rules.moderation_keys):
        return CommentStatus.pending
    if not previously_approved and not rules.auto_approve:
        return CommentStatus.pending
    return CommentStatus.approved
