"""Vietnamese collation: the order a Vietnamese reader expects names and titles in.

Code point order puts "Huyện ủy" before "Hội" (ệ > ộ only by accident of code points)
and "Đảng ủy" after "Tỉnh Đoàn" (Đ is U+0110). The ICU collator for ``vi`` sorts by
letter first (a ă â b c d đ e ê … o ô ơ … u ư …), then by tone, then by case, as the
Vietnamese alphabet and dictionaries do. Every list, matrix, export and facet sorts with
``vi_key``.
"""

from __future__ import annotations

import threading
import unicodedata
from functools import lru_cache

import icu

_local = threading.local()


def _collator() -> icu.Collator:
    # One collator per thread: ICU collators are cheap to keep and need no lock this way.
    collator = getattr(_local, "collator", None)
    if collator is None:
        collator = _local.collator = icu.Collator.createInstance(icu.Locale("vi"))
    return collator


@lru_cache(maxsize=8192)
def vi_key(text: str | None) -> bytes:
    """The sort key of ``text`` in Vietnamese collation (None sorts as empty text).

    Kept per text: the same unit names and facet values are sorted on every page."""
    return bytes(_collator().getSortKey(unicodedata.normalize("NFC", text or "")))
