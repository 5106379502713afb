"""The HTTP side of pagination: the `Page` envelope, RFC 8288 `Link` and `X-Total-Count`."""

from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import Request, Response
from pydantic import BaseModel

from app.routes.responses import json_response
from app.schemas.page import Page, PageLinks, PageMeta
from app.services.pagination import PageResult

T = TypeVar("T", bound=BaseModel)


def page_of(
    result: PageResult[Any], to_schema: Callable[[Any], T], *, request: Request
) -> Response:
    """One page of `result` as a `Page` of `to_schema(item)`, with its `Link` and
    `X-Total-Count` headers."""
    links = _links(result, request)
    headers = {
        "Link": ", ".join(
            f'<{url}>; rel="{rel}"' for rel, url in links.model_dump(exclude_none=True).items()
        ),
        "X-Total-Count": str(result.total),
    }
    page = None if result.request.cursor else (result.request.page or 1)
    envelope = Page[Any](
        data=[to_schema(item) for item in result.items],
        meta=PageMeta(
            total=result.total,
            per_page=result.request.per_page,
            page=page,
            pages=result.pages,
            next_cursor=result.next_cursor,
            total_capped=result.total_capped,
        ),
        links=links,
    )
    return json_response(envelope, headers=headers)


def _links(result: PageResult[Any], request: Request) -> PageLinks:
    url = request.url

    def at_page(number: int) -> str:
        return str(url.remove_query_params("cursor").include_query_params(page=number))

    if result.request.cursor is not None:
        # Keyset pages know their successor, not their number.
        next_url = (
            str(url.include_query_params(cursor=result.next_cursor)) if result.next_cursor else None
        )
        return PageLinks(self=str(url), first=at_page(1), next=next_url)
    number = result.request.page or 1
    return PageLinks(
        self=str(url),
        first=at_page(1),
        # Past the end, "prev" leads back to the last page that has items.
        prev=at_page(min(number - 1, result.pages)) if number > 1 else None,
        next=at_page(number + 1) if number < result.pages else None,
        last=at_page(result.pages),
    )
