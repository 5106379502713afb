"""A page of plain text → headline, site and body paragraphs, with the page furniture dropped."""

import re
from dataclasses import dataclass

# A line that ends the article: everything after it is the page around the article.
_PAGE_END = re.compile(
    r"^(leave a (reply|comment)|comments?( \(\d+\))?|\d+ comments?|share this( article| story)?:?"
    r"|related (posts|articles|stories|content)|you (may|might) also like|more (on|from) this"
    r"|most (read|popular)|recommended( for you)?|about the author|tags?:.*|filed under.*"
    r"|post navigation|previous (post|article)|next (post|article))\s*:?$",
    re.IGNORECASE,
)
# A line that is furniture but may sit inside the article.
_FURNITURE = re.compile(
    r"^(advertisement|advert|sponsored( content)?|image( caption| source)?:?.*|photo:.*"
    r"|(getty|reuters|ap|afp|pa) images?$|read more:?.*|see also:?.*|watch:.*"
    r"|sign up\b.*|subscribe\b.*|follow us\b.*|click here\b.*|share (on|via) \w+"
    r"|(facebook|twitter|x|whatsapp|email|linkedin|print|reddit|telegram)"
    r"(\s*[|·,]\s*(facebook|twitter|x|whatsapp|email|linkedin|print|reddit|telegram))*"
    r"|your email address will not be published.*|required fields are marked.*"
    r"|copyright\b.*|©.*|all rights reserved.*|skip to (main )?content)\s*$",
    re.IGNORECASE,
)
# "Headline – NEWS WORLD UPDATE", "Headline | Politics", "Headline - BBC Sport".
_SITE_SEPARATOR = re.compile(r"\s+(?:[|–—]|-|::)\s+")
_SITE_WORDS = 5


@dataclass(frozen=True, slots=True)
class Page:
    title: str
    site: str | None
    paragraphs: list[str]


def split_page(text: str) -> Page:
    """Headline on the first line, then paragraphs separated by blank lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    blocks = [
        " ".join(line.strip() for line in block.splitlines() if line.strip())
        for block in re.split(r"\n\s*\n", text.strip())
    ]
    blocks = [_clean(block) for block in blocks if block.strip()]
    if not blocks:
        return Page(title="", site=None, paragraphs=[])
    title, site = split_headline(blocks[0])
    paragraphs = []
    for block in blocks[1:]:
        if _PAGE_END.match(block):
            break
        if not _FURNITURE.match(block):
            paragraphs.append(block)
    # A body that is nothing but what looks like furniture is still the body that was sent.
    return Page(title=title, site=site, paragraphs=paragraphs or blocks[1:])


def split_headline(line: str) -> tuple[str, str | None]:
    """Split a site or section suffix off a headline, when the suffix looks like one."""
    parts = _SITE_SEPARATOR.split(line)
    if len(parts) < 2:
        return line, None
    head_end = [m for m in _SITE_SEPARATOR.finditer(line)][-1]
    suffix = line[head_end.end() :].strip()
    if _looks_like_site(suffix, pipe="|" in head_end.group()):
        return line[: head_end.start()].strip(), suffix
    return line, None


def _looks_like_site(suffix: str, *, pipe: bool) -> bool:
    words = suffix.split()
    if not words or len(words) > _SITE_WORDS:
        return False
    if pipe:
        return True
    # A site name is in capitals or title case throughout; a headline's second clause is prose.
    return suffix.isupper() or all(w[0].isupper() or not w[0].isalpha() for w in words)


def _clean(block: str) -> str:
    # Non-breaking and zero-width spaces would break offsets and word matching alike.
    block = block.replace("\u00a0", " ").replace("\u200b", "")
    return re.sub(r"[ \t]+", " ", block).strip()
