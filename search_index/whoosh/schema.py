"""The Whoosh schema of the portal's index: one index document per Document or Plan.

Text is indexed three ways (see ``analysis``): ``title``/``body`` tone-normalised with
diacritics, ``title_folded``/``body_folded`` without them, and ``pairs`` (folded
syllable pairs of title and body). Symbols live in their own ID fields, and ``allowed``
holds the principals that may see the object, so the permission filter is part of
every search.

``body`` stores only the first ``fields.BODY_STORED_CHARS`` characters of the plain text (the
whole text is indexed): enough for the snippet, without loading a 100,000-character
body for each hit. A change to this schema needs a full rebuild (``indexer.rebuild``).
"""

from __future__ import annotations

from whoosh.columns import NumericColumn
from whoosh.fields import COLUMN, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from search_index.analysis import TermsAnalyzer, exact_analyzer, folded_analyzer, pairs_analyzer
from search_index.whoosh.formats import TermFrequency, TermPositions


def _text(analyzer: TermsAnalyzer, *, stored: bool = False, phrase: bool = True) -> TEXT:
    """A TEXT field whose format reads the analyzer's terms in one call (``formats``)."""
    field = TEXT(analyzer=analyzer, stored=stored, phrase=phrase)
    field.format = (TermPositions if phrase else TermFrequency)(field_boost=1.0)
    return field


def build_schema() -> Schema:
    """A fresh instance of the portal's schema."""
    return Schema(
        key=ID(unique=True, stored=True, sortable=True),  # "document:5", "plan:3"
        object_id=STORED(),
        title=_text(exact_analyzer(), stored=True),
        title_folded=_text(folded_analyzer()),
        body=_text(exact_analyzer(), stored=True, phrase=False),
        # (file name, start of its text) of each attachment with text, for the snippet
        attachments=STORED(),
        body_folded=_text(folded_analyzer()),
        pairs=_text(pairs_analyzer(), phrase=False),
        # the object's own symbol, printed ("11-CT/TU"); for a plan, the implemented one's
        symbol=ID(stored=True),
        symbol_key=ID,  # documents.symbols.symbol_key of the document's own symbol
        symbol_short=ID,  # "11-CT": number and type abbreviation, for "CT 11"
        # symbol keys (full and short) the text cites, or a plan implements
        refs=KEYWORD(lowercase=False, scorable=True),
        # facets and filters: sortable fields have columns, read fast for every match
        kind=ID(stored=True, sortable=True),  # "document" | "plan"
        doc_type=ID(stored=True, sortable=True),
        number=NUMERIC(int),
        issuer=_text(folded_analyzer(), stored=True, phrase=False),
        issuer_name=ID(sortable=True),  # the issuer (a plan's unit) as a facet value
        issued_year=NUMERIC(int, stored=True, sortable=True),
        # issue date of a document, submission (else creation) date of a plan: YYYYMMDD
        date=NUMERIC(int, bits=32, stored=True, sortable=True),
        term=ID(stored=True, sortable=True),  # "khóa X"
        validity=ID(stored=True, sortable=True),  # documents.service.VALIDITY_LABELS key
        unit_id=NUMERIC(int, stored=True, sortable=True),
        state=ID(stored=True, sortable=True),
        allowed=KEYWORD(lowercase=False),  # principals, space separated
        external_id=ID(stored=True),
        # what ``search check`` compares with the database row
        version=COLUMN(NumericColumn("q")),
        updated=ID(stored=True, sortable=True),  # updated_at, ISO format
    )


SCHEMA: Schema = build_schema()


def _shape(schema: Schema) -> dict[str, tuple[str, ...]]:
    return {
        name: (
            type(field).__name__,
            type(getattr(field, "format", None)).__name__,
            type(getattr(field, "column_type", None)).__name__,
        )
        for name, field in schema.items()
    }


def matches(schema: Schema) -> bool:
    """Whether an index written with ``schema`` can be read with ``SCHEMA``: the same
    fields, of the same types and formats (else the index needs a rebuild)."""
    return _shape(schema) == _shape(SCHEMA)
