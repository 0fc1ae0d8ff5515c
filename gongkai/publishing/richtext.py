"""The body of an item: rich text from the editor, sanitised with nh3 (ammonia) before it is
stored, and its plain text for the personal-information scan and for search."""

from __future__ import annotations

import html
import re

import nh3

# What a government notice needs: paragraphs, headings, lists, tables, emphasis, links, images.
TAGS = frozenset(
    {"p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "sub", "sup", "ul", "ol", "li"}
    | {"table", "thead", "tbody", "tr", "th", "td", "caption", "blockquote", "a", "img", "span"}
    | {"div", "hr"}
)
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "p": {"style"},
    "span": {"style"},
}
# Links to the web and mail only; no javascript:, data: or other schemes.
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Inline style limited to alignment and indentation, as official documents use them.
STYLE_PROPERTIES = frozenset({"text-align", "text-indent"})

_LOOKS_LIKE_HTML = re.compile(r"<(/?[a-zA-Z][a-zA-Z0-9]*|!--)")
_BLOCK_END = re.compile(r"</(p|div|h[2-4]|li|tr|table|blockquote)>|<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"[ \t\r\f\v]+")


def sanitise(body: str) -> str:
    """The body with everything outside the allow-list removed; plain text becomes paragraphs."""
    if body and not _LOOKS_LIKE_HTML.search(body):
        paragraphs = [line.strip() for line in body.splitlines() if line.strip()]
        body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return nh3.clean(
        body,
        tags=set(TAGS),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES),
        link_rel="noopener noreferrer",
    )


def plain_text(body: str) -> str:
    """The text a reader sees, one line per block."""
    text = html.unescape(_TAG.sub("", _BLOCK_END.sub("\n", body)))
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)
