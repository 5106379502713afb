"""Resolving the `{id_or_slug}` of a URL."""

from typing import Any


def id_or_slug_clause(model: Any, ref: str) -> Any:
    """All-digit references are ids (slugs always contain a letter); anything else is a slug."""
    if ref.isdigit() and len(ref) < 19:  # beyond 64-bit range it cannot be an id
        return model.id == int(ref)
    return model.slug == ref
