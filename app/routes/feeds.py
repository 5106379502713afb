"""`/feeds`: the latest articles as Atom, RSS 2.0 and JSON Feed 1.1 — the whole site, a
section, or a speaker."""

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from app.caching import PublicContent
from app.deps import ReadSessionDep
from app.feeds import ATOM, JSON_FEED, RSS, FeedInfo, render
from app.models import Article
from app.problems import problem_responses
from app.schemas.query import FeedQuery
from app.services import articles

router = APIRouter(prefix="/feeds", tags=["feeds"], dependencies=[PublicContent])

FEED_LENGTH = 50
EXAMPLES = {
    ATOM: '<feed xmlns="http://www.w3.org/2005/Atom"><title>newsdesk</title><entry>'
    "<title>Tension in Ukraine</title></entry></feed>",
    RSS: '<rss version="2.0"><channel><title>newsdesk</title><item>'
    "<title>Tension in Ukraine</title></item></channel></rss>",
    JSON_FEED: {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "newsdesk",
        "items": [{"id": "https://api.example/articles/1", "title": "Tension in Ukraine"}],
    },
}
FORMATS = {"atom": ATOM, "rss": RSS, "json": JSON_FEED}


def _feed(kind: str, query: FeedQuery, session: ReadSessionDep, request: Request) -> Response:
    found = articles.latest_articles(session, filters=query.filters(), limit=FEED_LENGTH)
    scope = [f"section {query.section}" if query.section else None]
    scope.append(f"naming {query.speaker}" if query.speaker else None)
    named = ", ".join(s for s in scope if s)
    home = request.url_for("list_articles").include_query_params(
        **query.model_dump(exclude_none=True)
    )
    info = FeedInfo(
        title="newsdesk" + (f" — {named}" if named else ""),
        description="The latest articles" + (f" ({named})" if named else "") + ".",
        home=str(home),
        self_url=str(request.url),
    )

    def url_of(article: Article) -> str:
        return str(request.url_for("get_article", id_or_slug=article.slug))

    body = render(kind, info, found, url_of)
    return Response(body, media_type=f"{kind}; charset=utf-8" if kind != JSON_FEED else kind)


def _operation(suffix: str, kind: str, name: str) -> Callable[..., Response]:
    @router.get(
        f"/articles.{suffix}",
        name=f"feed_{suffix}",
        summary=f"Latest articles ({name})",
        description=f"The {FEED_LENGTH} newest articles as {name}, whole: every paragraph. "
        "Narrow it to a `section` or to the articles that name a `speaker`.",
        response_class=Response,
        responses={
            200: {"content": {kind: {"example": EXAMPLES[kind]}}, "description": f"A {name}."},
            **problem_responses(422),
        },
    )
    def feed(
        query: Annotated[FeedQuery, Query()], session: ReadSessionDep, request: Request
    ) -> Response:
        return _feed(kind, query, session, request)

    return feed


atom = _operation("atom", ATOM, "Atom")
rss = _operation("rss", RSS, "RSS 2.0")
json_feed = _operation("json", JSON_FEED, "JSON Feed 1.1")
