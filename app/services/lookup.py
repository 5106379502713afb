"""Resolving the `{id_or_slug}` of a URL."""

import re
from typing import Any

# Ids are 32-bit integers on every engine (SERIAL on PostgreSQL).
MAX_ID = 2**31 - 1
_ID = re.compile(r"[1-9][0-9]{0,9}")


def id_or_slug_clause(model: Any, ref: str) -> Any:
    """A reference in canonical decimal form (`42`, not `042` or `４２`) is an id; slugs always
    contain a letter, so anything else is a slug. An id beyond the column's range matches
    nothing rather than overflowing the database's integer."""
    if _ID.fullmatch(ref):
        number = int(ref)
        return model.id == number if number <= MAX_ID else model.id.is_(None)
    return model.slug == ref
