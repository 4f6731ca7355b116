"""The live Whoosh index's side of ``search_index.consistency``: which object versions
it holds, and how many entries repeat an object."""

from __future__ import annotations

import os
from collections import Counter

from documents.db import DbSession
from search_index.consistency import IndexDifferences, compare_states
from search_index.whoosh.generations import open_index


def _index_state(
    index_dir: str | os.PathLike[str],
) -> tuple[dict[str, tuple[int, str]], Counter[str]]:
    """(key → (version, updated) of the live entries, entries per key)."""
    ix = open_index(index_dir, create=False)
    try:
        with ix.searcher() as searcher:
            reader = searcher.reader()
            if not reader.doc_count_all():  # an empty index has no columns to read
                return {}, Counter()
            keys = reader.column_reader("key")
            versions = reader.column_reader("version")
            updated = reader.column_reader("updated")
            state: dict[str, tuple[int, str]] = {}
            counts: Counter[str] = Counter()
            for d in reader.all_doc_ids():
                state[keys[d]] = (versions[d], updated[d])
                counts[keys[d]] += 1
            return state, counts
    finally:
        ix.close()


def duplicated_entries(index_dir: str | os.PathLike[str]) -> int:
    """How many entries of the live index repeat an object another entry already holds
    (0 for an exact index). Raises ``generations.IndexMissing`` when there is none."""
    _state, counts = _index_state(index_dir)
    return sum(n - 1 for n in counts.values())


def compare(session: DbSession, index_dir: str | os.PathLike[str]) -> IndexDifferences:
    """What differs between the database and the live index. Raises
    ``generations.IndexMissing`` when there is no index."""
    indexed, counts = _index_state(index_dir)
    return compare_states(session, indexed, counts)
