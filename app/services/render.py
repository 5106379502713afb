"""Comment bodies, shown safely: stored as written, rendered through a maintained sanitiser."""

import html

import nh3

ALLOWED_TAGS = {
    "a",
    "b",
    "blockquote",
    "br",
    "code",
    "em",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}


def body_html(body: str) -> str:
    """Paragraphs from blank lines, line breaks from single newlines, then sanitised: no
    scripts, no event handlers, no javascript: links; every link rel="nofollow ugc"."""
    paragraphs = [p for p in body.replace("\r\n", "\n").split("\n\n") if p.strip()]
    marked_up = "".join(f"<p>{p.strip().replace(chr(10), '<br>')}</p>" for p in paragraphs)
    return nh3.clean(
        marked_up,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow ugc",
    )


def body_text(body: str) -> str:
    """The body without any markup, as plain text."""
    return html.unescape(nh3.clean(body, tags=set())).strip()
