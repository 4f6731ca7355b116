"""Citations of other documents in a document's text, and what they point to.

A citation reads like "Chương trình hành động số 40-CTr/TU, ngày 27-8-2013 của Tỉnh ủy" or
"Nghị quyết số 25-NQ/TW, ngày 03-6-2013 của Ban Chấp hành Trung ương khóa XI": a type name,
"số", the symbol, then maybe the date and "của" with the issuer (and its term). Numbers
restart every term, so a symbol alone may name several documents: ``resolve_citation``
uses the date, then the term, and reports the candidates instead of guessing.
``link_citations_html`` turns the symbols of already-sanitised HTML into links.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from html import escape
from html.parser import HTMLParser
from typing import Generic, Literal, Protocol, TypeVar
from urllib.parse import urlsplit

from documents.dates import date_at
from documents.symbols import Symbol, find_symbols, nfc, symbol_key
from documents.types import DOCUMENT_TYPES

_TYPE_NAMES = sorted(
    {name for t in DOCUMENT_TYPES for name in (t.name_vi, *t.aliases)}, key=len, reverse=True
)
# The type name (and "số") written just before a symbol, matched at the end of the text.
_TYPE_BEFORE_RE = re.compile(
    rf"(?<!\w)(?P<name>{'|'.join(map(re.escape, _TYPE_NAMES))})\s+(?:số\s*:?\s*)?\Z",
    re.IGNORECASE,
)
_LOOK_BEHIND_CHARS = 60
_DATE_LEAD_RE = re.compile(r"\s*(?P<paren>\()?\s*,?\s*(?=ngày\s)", re.IGNORECASE)
_TERM = r"kh(?:óa|oá)\s+(?P<term>[IVXLCDM]+|\d{1,2})\b"
_TERM_RE = re.compile(_TERM, re.IGNORECASE)
_BARE_TERM_RE = re.compile(r"(?P<term>[IVXLCDM]+|\d{1,2})", re.IGNORECASE)
_PAREN_TERM_RE = re.compile(rf"\s*\(\s*{_TERM}\s*\)", re.IGNORECASE)
# "của <issuer>" up to punctuation or a word that starts the rest of the sentence; a
# parenthesised term "(khóa XI)" belongs to the issuer.
_ISSUER_RE = re.compile(
    rf"\s*,?\s*của\s+(?P<issuer>(?:\(\s*{_TERM.replace('?P<term>', '?:')}\s*\)|[^,;.:\n()])+?)"
    r"(?=\s*(?:[,;.:\n)]|\((?!\s*kh(?:óa|oá)\s)|\Z)"
    r"|\s+(?:về|thực hiện|triển khai|và|nhằm|để|đã|được|theo|tại|trong|với)(?!\w))",
    re.IGNORECASE,
)
_ROMAN = tuple(
    zip(
        (1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1),
        ("M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"),
        strict=True,
    )
)
_SAFE_SCHEMES = frozenset({"", "http", "https"})


@dataclass(frozen=True)
class Citation:
    """A symbol cited in running text. ``start``/``end`` span the symbol itself in the NFC
    text; the rest is what the text says around it, None where it says nothing."""

    start: int
    end: int
    symbol: Symbol
    type_name: str | None  # "Chương trình hành động", as written
    cited_date: date | None  # from ", ngày 27-8-2013" right after the symbol
    issuer_text: str | None  # "Ban Chấp hành Trung ương khóa XI", the words after "của"
    term: str | None  # "khóa XI"


class CandidateDoc(Protocol):
    """What ``resolve_citation`` reads of a registered document (a model row fits)."""

    @property
    def id(self) -> int: ...
    @property
    def symbol(self) -> str | None: ...
    @property
    def issued_on(self) -> date | None: ...
    @property
    def term(self) -> str | None: ...


@dataclass(frozen=True)
class DocumentRef:
    """A registered document as plain values, for callers that hold no model rows."""

    id: int
    symbol: str | None
    issued_on: date | None = None
    term: str | None = None


C = TypeVar("C", bound=CandidateDoc)


@dataclass(frozen=True)
class Resolution(Generic[C]):
    """Where a citation points. "resolved": exactly one document, ``matches[0]``.
    "ambiguous": any of ``matches`` (show them; the citation does not say which).
    "missing": no registered document fits; ``matches`` is empty."""

    status: Literal["resolved", "ambiguous", "missing"]
    matches: list[C] = field(default_factory=list)

    @property
    def document(self) -> C | None:
        """The document when resolved, else None."""
        return self.matches[0] if self.status == "resolved" else None


def _roman(number: int) -> str:
    digits = []
    for value, letters in _ROMAN:
        count, number = divmod(number, value)
        digits.append(letters * count)
    return "".join(digits)


def _term_of(match: re.Match[str] | None) -> str | None:
    if match is None:
        return None
    numeral = match.group("term").upper()
    return f"khóa {_roman(int(numeral)) if numeral.isdigit() else numeral}"


def normalise_term(text: str | None) -> str | None:
    """The term in the stored form "khóa XI", from "khóa XI", "Khoá xi", "khóa 11" or a
    bare "XI"; None when ``text`` names no term."""
    text = nfc(text or "").strip()
    return _term_of(_TERM_RE.search(text) or _BARE_TERM_RE.fullmatch(text))


def _type_name(text: str, start: int) -> str | None:
    match = _TYPE_BEFORE_RE.search(text[max(0, start - _LOOK_BEHIND_CHARS) : start])
    return None if match is None else match.group("name")


def _citation(
    text: str, start: int, end: int, symbol: Symbol, context_year: int | None
) -> Citation:
    cursor = end
    cited_date: date | None = None
    lead = _DATE_LEAD_RE.match(text, cursor)
    if lead is not None:
        found = date_at(text, lead.end(), context_year=context_year)
        if found is not None:
            cursor, cited_date = found
            if lead.group("paren") and text.startswith(")", cursor):
                cursor += 1
    issuer_text: str | None = None
    term: str | None = None
    issuer = _ISSUER_RE.match(text, cursor)
    if issuer is not None:
        issuer_text = " ".join(issuer.group("issuer").split())
        term = _term_of(_TERM_RE.search(issuer_text))
    if term is None:
        term = _term_of(_PAREN_TERM_RE.match(text, cursor))
    return Citation(
        start, end, symbol, _type_name(text, start), cited_date, issuer_text or None, term
    )


def find_citations(text: str, *, context_year: int | None = None) -> list[Citation]:
    """Every symbol cited in ``text`` with what the text says about it, in order.
    ``context_year`` completes dates written without a year ("ngày 01-8")."""
    text = nfc(text)
    return [
        _citation(text, start, end, symbol, context_year)
        for start, end, symbol in find_symbols(text)
    ]


def _narrow(candidates: list[C], fits: Callable[[C], bool | None]) -> Resolution[C]:
    """Resolve among ``candidates`` by ``fits`` (None: the candidate does not say)."""
    exact = [c for c in candidates if fits(c)]
    if len(exact) == 1:
        return Resolution("resolved", exact)
    if exact:
        return Resolution("ambiguous", exact)
    # Documents that do not record the date or term may still be the one: let a person say.
    unknown = [c for c in candidates if fits(c) is None]
    return Resolution("ambiguous", unknown) if unknown else Resolution("missing")


def resolve_citation(citation: Citation, candidates: Sequence[C]) -> Resolution[C]:
    """The registered document ``citation`` points to, among ``candidates``.

    Same symbol first (``symbol_key``). With a cited date, only documents of that date fit
    (missing when none has it); otherwise the cited term decides; with neither, one
    document is resolved and several are ambiguous. Never a silent guess: when the date or
    term does not single one out, every remaining candidate is returned as ambiguous."""
    key = symbol_key(citation.symbol)
    same = [c for c in candidates if c.symbol and symbol_key(c.symbol) == key]
    if not same:
        return Resolution("missing")
    term = citation.term
    if citation.cited_date is not None:
        cited = citation.cited_date
        result = _narrow(same, lambda c: None if c.issued_on is None else c.issued_on == cited)
        if result.status == "ambiguous" and term is not None:
            narrowed = _narrow(result.matches, lambda c: _term_fits(c, term))
            return narrowed if narrowed.status != "missing" else result
        return result
    if term is not None:
        return _narrow(same, lambda c: _term_fits(c, term))
    return Resolution("resolved", same) if len(same) == 1 else Resolution("ambiguous", same)


def _term_fits(candidate: CandidateDoc, term: str) -> bool | None:
    own = normalise_term(candidate.term)
    return None if own is None else own == term


# Elements whose text never gets a link: existing links, and text that is not prose.
_NO_LINK_TAGS = frozenset({"a", "script", "style", "textarea", "title"})


def _checked_href(href: str) -> str:
    unsafe = any(c.isspace() or ord(c) < 0x20 for c in href)
    if unsafe or urlsplit(href).scheme.lower() not in _SAFE_SCHEMES:
        raise ValueError(f"refusing to link to {href!r}: only http(s) and relative links")
    return escape(href, quote=True)


class _Linker(HTMLParser):
    """Copies the HTML through, wrapping the symbols of text nodes in links."""

    def __init__(self, resolve: Callable[[Symbol], str | None]) -> None:
        super().__init__(convert_charrefs=False)
        self._resolve = resolve
        self._open: dict[str, int] = {}
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parts.append(self.get_starttag_text() or "")
        if tag in _NO_LINK_TAGS:
            self._open[tag] = self._open.get(tag, 0) + 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parts.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        self.parts.append(f"</{tag}>")
        if self._open.get(tag):
            self._open[tag] -= 1

    def handle_data(self, data: str) -> None:
        if any(self._open.values()):
            self.parts.append(data)
            return
        text, cursor = nfc(data), 0
        for start, end, symbol in find_symbols(text):
            href = self._resolve(symbol)
            if href is None:
                continue
            self.parts.append(text[cursor:start])
            self.parts.append(f'<a href="{_checked_href(href)}">{text[start:end]}</a>')
            cursor = end
        self.parts.append(text[cursor:] if cursor else data)

    def handle_entityref(self, name: str) -> None:
        self.parts.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.parts.append(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        self.parts.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.parts.append(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self.parts.append(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self.parts.append(f"<![{data}]>")


def link_citations_html(html: str, resolve: Callable[[Symbol], str | None]) -> str:
    """``html`` (already sanitised) with every symbol of its text nodes wrapped in
    ``<a href="…">``, the href given by ``resolve`` (no link where it returns None).

    Tags, attributes and entities are copied through; text inside an existing ``<a>`` (or a
    script, style, textarea or title) is never linked; the href is escaped and must be
    relative or http(s) — anything else raises ValueError, as it is a bug in ``resolve``."""
    linker = _Linker(resolve)
    linker.feed(html)
    linker.close()
    return "".join(linker.parts)
