"""HTML from mail: sanitised for display (nh3) and rendered as readable text (html.parser)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Final

import nh3

_SAFE_TAGS: Final = frozenset(
    {"a", "abbr", "address", "b", "big", "blockquote", "br", "caption", "center", "cite", "code", "col"}
    | {"colgroup", "dd", "del", "div", "dl", "dt", "em", "font", "h1", "h2", "h3", "h4", "h5", "h6", "hr"}
    | {"i", "img", "ins", "kbd", "li", "ol", "p", "pre", "q", "s", "small", "span", "strike", "strong"}
    | {"sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "tt", "u", "ul"}
)
_CELL_ATTRIBUTES: Final = {"colspan", "rowspan", "align", "valign", "width", "height", "bgcolor"}
_SAFE_ATTRIBUTES: Final = {
    "*": {"style", "dir", "lang", "align", "title"},
    "a": {"href", "name"},
    "img": {"src", "alt", "width", "height", "border"},
    "table": {"width", "border", "cellpadding", "cellspacing", "bgcolor"},
    "td": _CELL_ATTRIBUTES,
    "th": _CELL_ATTRIBUTES,
    "col": {"span", "width"},
    "font": {"color", "face", "size"},
    "ol": {"start", "type"},
}
# No property that takes a url() (background, list-style, border-image, …) nor positions content.
_SAFE_STYLE_PROPERTIES: Final = frozenset(
    {"color", "background-color", "font", "font-family", "font-size", "font-style", "font-weight"}
    | {"text-align", "text-decoration", "text-transform", "text-indent", "line-height", "letter-spacing"}
    | {"white-space", "vertical-align", "width", "height", "max-width", "min-width", "display"}
    | {"margin", "margin-top", "margin-right", "margin-bottom", "margin-left"}
    | {"padding", "padding-top", "padding-right", "padding-bottom", "padding-left"}
    | {"border", "border-top", "border-right", "border-bottom", "border-left", "border-color", "border-style"}
    | {"border-width", "border-collapse", "border-spacing", "border-radius", "list-style-type"}
)


def _filter_attribute(element: str, attribute: str, value: str) -> str | None:
    # Images load only from the message itself (cid:) or over https; http images are trackers
    # on a plain channel and get no request from us.
    if element == "img" and attribute == "src":
        return value if value.strip().lower().startswith(("https:", "cid:")) else None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(_SAFE_TAGS),
    clean_content_tags={"script", "style", "title", "template", "textarea", "select", "noscript"},
    attributes={tag: set(names) for tag, names in _SAFE_ATTRIBUTES.items()},
    attribute_filter=_filter_attribute,
    url_schemes={"http", "https", "mailto", "tel", "cid"},
    url_relative="deny",
    filter_style_properties=set(_SAFE_STYLE_PROPERTIES),
    link_rel="noopener noreferrer",
    strip_comments=True,
)


def sanitize_html(html: str) -> str:
    return _CLEANER.clean(html)


_BLOCK_TAGS: Final = frozenset(
    {"p", "div", "tr", "table", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "hr", "section", "article"}
    | {"header", "footer", "address", "h1", "h2", "h3", "h4", "h5", "h6", "form", "center", "caption", "body"}
)
_HIDDEN_TAGS: Final = frozenset({"script", "style", "title", "head", "template", "noscript"})


class _TextRenderer(HTMLParser):
    """Readable text from HTML: block elements on their own lines, list items as "- ", hidden parts out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self.hidden = 0
        self.preformatted = 0
        self.newlines = 0  # line breaks owed before the next text
        self.bullet = False

    def _break(self, count: int) -> None:
        self.newlines = max(self.newlines, count)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN_TAGS:
            self.hidden += 1
        elif tag == "br":
            self.chunks.append("\n" * max(1, self.newlines))
            self.newlines = 0
        elif tag == "li":
            self._break(1)
            self.bullet = True
        elif tag in ("td", "th"):
            self.chunks.append(" ")
        elif tag in _BLOCK_TAGS:
            self.preformatted += tag == "pre"
            self._break(2 if tag in ("p", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6") else 1)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "hr"):
            self.handle_starttag("br", attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN_TAGS:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCK_TAGS or tag == "li":
            self.preformatted = max(0, self.preformatted - (tag == "pre"))
            self._break(2 if tag in ("p", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6") else 1)

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        text = data if self.preformatted else re.sub(r"\s+", " ", data)
        if not text.strip() and (self.newlines or self.bullet):
            return
        if self.newlines:
            self.chunks.append("\n" * self.newlines)
            self.newlines = 0
            text = text.lstrip(" ")
        if self.bullet:
            self.chunks.append("- ")
            self.bullet = False
            text = text.lstrip(" ")
        self.chunks.append(text)


def html_to_text(html: str) -> str:
    renderer = _TextRenderer()
    try:
        renderer.feed(html)
        renderer.close()
        text = "".join(renderer.chunks)
    except Exception:  # noqa: BLE001 — html.parser gave up on this markup: strip tags by hand
        import html as html_module

        text = html_module.unescape(re.sub(r"<[^>]*>", " ", re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", "", html)))
    lines = [" ".join(line.split()) if "\t" not in line else line.strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
