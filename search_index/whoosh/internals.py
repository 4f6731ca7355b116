"""The fence around Whoosh's private names: the only module that reads them.

The speed-ups (``scoring``: BM25F a block of postings at a time; ``docsets``: matches
as sets; ``codec``: field lengths read once per segment) read the inside of Whoosh's
posting readers, which no Whoosh release promises to keep. ``PRIVATE_NAMES`` lists
every such name read here; ``speedups_available`` checks once per process, on a tiny
index in memory, that each one is still there. When one is missing it logs which and
the search falls back to Whoosh's own matching and scoring: slower, the same results,
never a 503 for a renamed attribute. ``pyproject.toml`` also bounds Whoosh-Reloaded
below its next minor release, so an upgrade is a choice made with the tests.
"""

from __future__ import annotations

import logging
import uuid
from array import array
from collections.abc import Iterator, Sequence
from functools import lru_cache
from itertools import accumulate
from typing import Any

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, W3PerDocReader
from whoosh.matching.wrappers import FilterMatcher

logger = logging.getLogger(__name__)

# (where, name) of every private name this module reads; ``where`` is what the probe
# looks it up on.
PRIVATE_NAMES: tuple[tuple[str, str], ...] = (
    ("whoosh.codec.whoosh3", "_lenfield"),  # the lengths column's name of a field
    ("BM25F", "_field_B"),  # per-field B of the weighting
    ("SegmentReader", "_perdoc"),  # a segment's per-document reader
    ("SegmentReader", "deleted_docs_set"),  # its deleted documents (public, not promised)
    ("W3PerDocReader", "_cached_reader"),  # its column readers, by field
    ("W3PerDocReader", "_readers"),  # what _cached_reader keeps
    ("FilterMatcher", "_exclude"),  # a filter that leaves out deleted documents
    ("FilterMatcher", "_ids"),  # the documents it leaves out
    ("W3LeafMatcher", "_data"),  # the decoded block: (ids, weights, …)
    ("W3LeafMatcher", "_read_data"),  # decode the current block
    ("W3LeafMatcher", "_blocklength"),  # postings in the current block
    ("W3LeafMatcher", "_byteids"),  # whether ids are stored whole or as gaps
    ("W3LeafMatcher", "_i"),  # position within the block
    ("W3LeafMatcher", "_next_block"),  # move to the next block
)


def _probe_objects() -> dict[str, Any]:
    """One real object of each kind ``PRIVATE_NAMES`` names, from a two-document index
    in memory (instance attributes exist only on instances)."""
    import whoosh.codec.whoosh3 as whoosh3
    from whoosh.fields import TEXT, Schema
    from whoosh.filedb.filestore import RamStorage
    from whoosh.scoring import BM25F

    # The writer's temporary folder is named after the index (``<tmp>/<name>.tmp``): a name
    # of its own, so workers that start together do not write in one folder.
    ix = RamStorage().create_index(Schema(text=TEXT), indexname=f"probe_{uuid.uuid4().hex}")
    with ix.writer() as writer:
        writer.add_document(text="alpha beta")
        writer.add_document(text="alpha")
    writer = ix.writer()
    writer.delete_document(1)  # so the postings come wrapped in a FilterMatcher
    writer.commit(merge=False)  # one segment: its reader is a SegmentReader
    searcher = ix.searcher()
    try:
        reader = searcher.reader()
        matcher = reader.postings("text", "alpha")
        perdoc = getattr(reader, "_perdoc", None)
        if perdoc is not None and hasattr(perdoc, "_cached_reader"):
            perdoc._cached_reader(whoosh3._lenfield("text"), LENGTHS_COLUMN)
        return {
            "whoosh.codec.whoosh3": whoosh3,
            "BM25F": BM25F(),
            "SegmentReader": reader,
            "W3PerDocReader": perdoc,
            "FilterMatcher": matcher,
            "W3LeafMatcher": getattr(matcher, "child", matcher),
        }
    finally:
        searcher.close()


def missing_private_names() -> list[str]:
    """``where.name`` of each of ``PRIVATE_NAMES`` that this Whoosh lacks."""
    try:
        objects = _probe_objects()
    except Exception as exc:  # the probe itself met a changed Whoosh: no speed-ups
        return [f"probe failed: {type(exc).__name__}: {exc}"]
    expected_types = {"W3LeafMatcher": W3LeafMatcher, "FilterMatcher": FilterMatcher}
    missing = []
    for where, name in PRIVATE_NAMES:
        owner = objects.get(where)
        kind = expected_types.get(where)
        if owner is None or (kind and not isinstance(owner, kind)) or not hasattr(owner, name):
            missing.append(f"{where}.{name}")
    return missing


@lru_cache(maxsize=1)
def speedups_available() -> bool:
    """Whether every private name is there (checked once per process; logged when not)."""
    missing = missing_private_names()
    if missing:
        logger.warning(
            "Whoosh internals missing (%s): searching with Whoosh's own matching and scoring",
            ", ".join(missing),
        )
    return not missing


def _unwrapped(matcher: Any) -> tuple[Any, frozenset[int] | set[int]]:
    """The matcher inside a deletion filter, and the deleted documents it leaves out."""
    if isinstance(matcher, FilterMatcher) and matcher._exclude:
        return matcher.child, matcher._ids
    return matcher, frozenset()


def _blocks(matcher: Any) -> Iterator[tuple[Sequence[int], Sequence[float]]]:
    """(ids, weights) of an unwrapped fresh matcher, a block at a time, deleted ones too.

    Blocks of Whoosh's on-disk postings are decoded here directly (ids are stored as
    gaps: ``accumulate`` adds them up in C, where Whoosh uses a Python generator)."""
    if isinstance(matcher, W3LeafMatcher):
        while matcher.is_active():
            if matcher._data is None:
                matcher._read_data()
            raw_ids, raw_weights = matcher._data[0], matcher._data[1]
            count = matcher._blocklength
            ids = raw_ids if matcher._byteids else list(accumulate(raw_ids))
            if raw_weights is None or isinstance(raw_weights, float):
                weights: Sequence[float] = [raw_weights or 1.0] * count
            else:
                weights = raw_weights
            if matcher._i:  # a matcher that was moved into the block
                ids, weights = ids[matcher._i :], weights[matcher._i :]
            yield ids, weights
            matcher._next_block()
        return
    ids, weights = [], []
    while matcher.is_active():  # any other matcher: one posting at a time
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    yield ids, weights


def leaf_blocks(matcher: Any) -> Iterator[tuple[Sequence[int], Sequence[float]]]:
    """(ids, weights) of a fresh matcher, a block at a time; deleted documents left out."""
    matcher, excluded = _unwrapped(matcher)
    for ids, weights in _blocks(matcher):
        if excluded:
            kept = [k for k, i in enumerate(ids) if i not in excluded]
            ids, weights = [ids[k] for k in kept], [weights[k] for k in kept]
        yield ids, weights


def whole_postings(matcher: Any) -> tuple[array[int], array[float]]:
    """(ids, weights) of all of a fresh matcher's postings, deleted documents included:
    what a segment holds for a term, which never changes (its deletions may)."""
    ids: array[int] = array("I")
    weights: array[float] = array("d")
    for block_ids, block_weights in _blocks(_unwrapped(matcher)[0]):
        ids.extend(block_ids)
        weights.extend(block_weights)
    return ids, weights


def deleted_docs(reader: Any) -> frozenset[int]:
    """The deleted document numbers of a segment's reader (its own numbering)."""
    return reader.deleted_docs_set


def field_b(weighting: Any) -> dict[str, float]:
    """The per-field B values of a ``BM25F`` weighting."""
    return weighting._field_B


def lengths_column(reader: Any, fieldname: str) -> Any:
    """The bytes of a segment's lengths column for ``fieldname`` (None when absent)."""
    from whoosh.codec.whoosh3 import _lenfield

    return reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)


_ABSENT = object()


class PerDocReader(W3PerDocReader):
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
