"""Helpers of the naughty-string surface tests: the corpus (skipped when ``../shared`` is
absent), packing many strings into one field, and the two checks every page gets:
nothing executable that the portal did not ship, and the stored text read back intact
from the page's text (escaped, not interpreted)."""

from __future__ import annotations

from html.parser import HTMLParser

from tests.conftest import executable_parts
from tests.test_documents_naughty import naughty_strings

__all__ = ["naughty_strings", "packed", "page_text", "assert_inert", "attribute_values"]


def packed(strings: list[str], size: int, sep: str = "\n") -> list[str]:
    """The strings joined with ``sep`` into pieces of at most ``size`` characters, in
    order; a string longer than ``size`` becomes a piece of its own, cut to ``size``."""
    pieces: list[str] = []
    current = ""
    for text in strings:
        text = text[:size]
        if current and len(current) + len(sep) + len(text) > size:
            pieces.append(current)
            current = ""
        current = f"{current}{sep}{text}" if current else text
    if current:
        pieces.append(current)
    return pieces


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.attributes: list[tuple[str, str, str]] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attributes += [(tag, name, value or "") for name, value in attrs]


def _parse(html: str) -> _Text:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return parser


def page_text(html: str) -> str:
    """The text a reader sees (all text nodes, joined as they come)."""
    return "".join(_parse(html).parts)


def attribute_values(html: str, tag: str, name: str) -> list[str]:
    return [value for t, n, value in _parse(html).attributes if (t, n) == (tag, name)]


def assert_inert(html: str, stored: list[str], where: str) -> None:
    """Nothing on the page can run, and each stored text shows as itself."""
    found = executable_parts(html)
    assert found == [], f"{where}: {found[:5]}"
    text = page_text(html)
    missing = [s for s in stored if s not in text]
    assert missing == [], f"{where}: {len(missing)} texts not shown as text, e.g. {missing[:2]}"
