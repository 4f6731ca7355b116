"""The Whoosh codec the indexer writes with: Whoosh's own format, written faster.

When a segment is flushed, Whoosh looks up the length of the document's field for
every posting: for a field without lengths (IDs, keywords, numbers) its reader asks
the file system whether the lengths column exists, and for the others it seeks and
reads one byte in the column file, once per posting. The reader here asks once per
field and reads each lengths column into memory whole (one byte per document). That
is the only change: the files are byte for byte those of ``W3Codec``, and any Whoosh
reader opens them.
"""

from __future__ import annotations

from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3Codec, W3PerDocReader

_ABSENT = object()


class _PerDocReader(W3PerDocReader):
    """Also the reader of these segments when searching (a segment keeps its codec):
    there too the lengths are wanted for every match, and a list serves them fastest.
    Other columns (stored fields above all) are read as Whoosh reads them."""

    def _cached_reader(self, fieldname: str, column: Any) -> Any:
        reader = self._readers.get(fieldname, _ABSENT)
        if reader is _ABSENT:
            reader = super()._cached_reader(fieldname, column)
            if reader is not None and column is LENGTHS_COLUMN:
                reader = list(reader)  # one small int per document
            self._readers[fieldname] = reader
        return reader


class PortalCodec(W3Codec):
    """``W3Codec`` whose per-document reader remembers which length columns exist."""

    def per_document_reader(self, storage: Any, segment: Any) -> W3PerDocReader:
        return _PerDocReader(storage, segment)
