"""What a Document or Plan looks like as a ``search_entry`` row (PostgreSQL backend).

The fields come from ``fields.fields_for_document``/``fields_for_plan``, the same as
the Whoosh index's, so both backends index the same text, symbols, facet values and
principals. The text is analysed here, in Python, by ``analysis`` (NFC, tone placement,
folding, ``đ`` → ``d``), and handed to PostgreSQL as ``tsvector`` literals with their
positions and weights: PostgreSQL's own parsers know nothing of Vietnamese syllables,
and ``unaccent`` is not immutable, so a stored ``tsvector`` cannot be computed from it.

Limits of the ``tsvector`` type are kept here: positions stop at 16383, a lexeme keeps
at most 256 positions, and a token longer than ``MAX_TOKEN_CHARS`` (never a word) is
left out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from documents.attachments import indexable_text
from documents.models import Document, Plan
from documents.types import type_by_code
from search_index.analysis import exact_terms, folded_terms, nfc, pair_terms
from search_index.fields import NO_VALUE, fields_for_document, fields_for_plan

MAX_POSITION = 16_383
MAX_POSITIONS_PER_LEXEME = 256
MAX_TOKEN_CHARS = 60
FIELD_GAP = 2  # positions between two fields, so that no phrase runs across them
PAIR_MARK = "_"  # a pair lexeme is "chi_thi"; tokens themselves never hold "_"
# weight labels of the folded tsvector, by field
TITLE, SYMBOL, BODY, ATTACHMENTS = "A", "B", "C", "D"

Positions = defaultdict[str, list[str]]  # lexeme -> positions with weights: ["1A", "9C"]


def quote_lexeme(lexeme: str) -> str:
    """``lexeme`` as a quoted tsvector/tsquery lexeme."""
    if "'" in lexeme or "\\" in lexeme:
        lexeme = lexeme.replace("\\", "\\\\").replace("'", "''")
    return "'" + lexeme + "'"


def tsvector_literal(found: Positions) -> str:
    """The text form of a tsvector: ``'chi':1A,9C 'chi_thi':1A``. Positions only grow
    from field to field, so each lexeme's list is in order; PostgreSQL drops the
    duplicates that clamping to ``MAX_POSITION`` makes."""
    return " ".join(
        quote_lexeme(lexeme) + ":" + ",".join(positions[:MAX_POSITIONS_PER_LEXEME])
        for lexeme, positions in found.items()
        if len(lexeme) <= MAX_TOKEN_CHARS
    )


def _labels(start: int, count: int, weight: str) -> list[str]:
    """``count`` positions from ``start`` on with their weight label: ``["5C", "6C"]``."""
    last = min(start + count, MAX_POSITION + 1)
    labels = [f"{position}{weight}" for position in range(start, last)]
    return labels + [f"{MAX_POSITION}{weight}"] * (count - len(labels))


class _Builder:
    """Collects the lexemes of one entry, field after field."""

    def __init__(self) -> None:
        self.folded: Positions = defaultdict(list)
        self.exact: Positions = defaultdict(list)
        self.next_position = 1

    def add(self, text: str, weight: str, *, exact: bool = True) -> None:
        folded = folded_terms(text)
        if not folded:
            return
        labels = _labels(self.next_position, len(folded), weight)
        for found, terms in (
            (self.folded, folded),
            (self.folded, pair_terms(folded)),
            (self.exact, exact_terms(text) if exact else []),
        ):
            for term, label in zip(terms, labels, strict=False):
                found[term].append(label)
        self.next_position += len(folded) + FIELD_GAP


def _value(fields: dict[str, Any], name: str) -> Any:
    found = fields.get(name)
    return None if found in (None, NO_VALUE, "") else found


def entry_from_fields(fields: dict[str, Any], attachments_text: str = "") -> dict[str, Any]:
    """The column values of the ``search_entry`` row of an object whose index fields are
    ``fields``; ``attachments_text`` is the part of ``fields["body"]`` that comes from
    its attachments (weighted lower than the body itself).

    ``folded`` and ``exact`` are tsvector literals, ``symbol_raw`` the symbol that the
    insert folds with ``unaccent`` into ``symbol_text``; ``terms`` (not a column) are the
    folded words and pairs, for the term statistics.
    """
    body = fields.get("body", "")
    if attachments_text and body.endswith(attachments_text):
        body = body[: len(body) - len(attachments_text)]
    else:
        attachments_text = ""
    builder = _Builder()
    builder.add(fields.get("title", ""), TITLE)
    doc_type = type_by_code(_value(fields, "doc_type") or "")
    symbol = _value(fields, "symbol") or ""
    type_name = doc_type.name_vi if doc_type is not None else ""
    builder.add(f"{type_name} {symbol}", SYMBOL, exact=False)
    builder.add(body, BODY)
    builder.add(attachments_text, ATTACHMENTS)
    stored = {
        name: fields[name]
        for name in ("title", "symbol", "issuer", "issued_year", "external_id", "date")
        if fields.get(name) is not None
    }
    stored["body"] = fields.get("_stored_body", body)
    if fields.get("attachments"):
        stored["attachments"] = [list(item) for item in fields["attachments"]]
    for name in ("doc_type", "term", "validity", "state", "unit_id"):
        if _value(fields, name) is not None:
            stored[name] = fields[name]
    return {
        "key": fields["key"],
        "kind": fields["kind"],
        "object_id": int(fields["object_id"]),
        "stored": stored,
        "allowed": sorted(set(fields.get("allowed", "").split())),
        "symbol_key": _value(fields, "symbol_key"),
        "symbol_short": _value(fields, "symbol_short"),
        "refs": sorted(set(fields.get("refs", "").split())),
        "symbol_raw": nfc(symbol) if symbol else None,
        "folded": tsvector_literal(builder.folded),
        "exact": tsvector_literal(builder.exact),
        "doc_type": _value(fields, "doc_type"),
        "number": _value(fields, "number"),
        "issuer_name": _value(fields, "issuer_name"),
        "issued_year": _value(fields, "issued_year"),
        "date": _value(fields, "date"),
        "term": _value(fields, "term"),
        "validity": _value(fields, "validity"),
        "unit_id": _value(fields, "unit_id"),
        "state": _value(fields, "state"),
        "version": _value(fields, "version"),
        "updated": _value(fields, "updated"),
        "terms": frozenset(t for t in builder.folded if len(t) <= MAX_TOKEN_CHARS),
    }


def entry_for_document(doc: Document, *, replaced: bool | None = None) -> dict[str, Any]:
    """The ``search_entry`` values of ``doc`` (see ``entry_from_fields``)."""
    attached = nfc(indexable_text(doc)) if doc.attachments else ""
    return entry_from_fields(fields_for_document(doc, replaced=replaced), attached)


def entry_for_plan(plan: Plan) -> dict[str, Any]:
    """The ``search_entry`` values of ``plan`` (see ``entry_from_fields``)."""
    return entry_from_fields(fields_for_plan(plan))


def is_pair(term: str) -> bool:
    return PAIR_MARK in term


def or_query(lexemes: Iterable[str]) -> str:
    """A tsquery literal matching any of ``lexemes``."""
    return " | ".join(quote_lexeme(lexeme) for lexeme in dict.fromkeys(lexemes))


def and_query(lexemes: Iterable[str]) -> str:
    """A tsquery literal matching all of ``lexemes``."""
    return " & ".join(quote_lexeme(lexeme) for lexeme in dict.fromkeys(lexemes))


def phrase_query(lexemes: Iterable[str]) -> str:
    """A tsquery literal matching ``lexemes`` in order, adjacent."""
    return " <-> ".join(quote_lexeme(lexeme) for lexeme in lexemes)
