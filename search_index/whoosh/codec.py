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

from whoosh.codec.whoosh3 import W3Codec, W3PerDocReader

from search_index.whoosh.internals import PerDocReader, speedups_available


class PortalCodec(W3Codec):
    """``W3Codec`` whose per-document reader remembers which length columns exist."""

    def per_document_reader(self, storage: Any, segment: Any) -> W3PerDocReader:
        if not speedups_available():  # the lengths cache reads private names
            return W3PerDocReader(storage, segment)
        return PerDocReader(storage, segment)
