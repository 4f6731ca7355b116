"""Plain-text helpers of the domain: control characters, and text without diacritics.

C0 control characters other than tab, newline and carriage return are not text: they come
from pasted binaries, broken converters or attacks (``java&#1;script:`` in a link). Every
stored text loses them (``strip_controls``, applied by ``rendering.normalise_text`` and, for
any other string column, when the session flushes), and a link address holding any control
character at all is refused (``unsafe_url``).

Officials type Vietnamese with or without diacritics, so names and search words are
compared *folded*: lower case, every diacritic removed, ``đ`` → ``d``. ``fold`` is that
form (the search index's folded terms); ``fold_words`` also collapses white space, for
matching a typed name against stored ones; ``fold_chars`` folds character by character,
so that offsets in the result are those of the text (marking matches in a snippet).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# C0 without tab (09), newline (0A) and carriage return (0D).
_C0_BUT_WHITESPACE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:")


def strip_controls(text: str) -> str:
    """``text`` without C0 control characters, tab, newline and CR kept."""
    return _C0_BUT_WHITESPACE.sub("", text)


def has_controls(text: str) -> bool:
    """True when ``text`` holds a C0 control character other than tab, newline and CR."""
    return _C0_BUT_WHITESPACE.search(text) is not None


def unsafe_url(url: str) -> bool:
    """True for a link address no page should carry: one with any control character
    (C0, DEL, C1, tab and newline included), a replacement character left by a decoded
    ``&#0;``, or a script scheme however it is spaced or cased."""
    if "\ufffd" in url or any(unicodedata.category(ch) == "Cc" for ch in url):
        return True
    compact = "".join(url.split()).lower()
    return any(scheme in compact for scheme in _SCRIPT_SCHEMES)


def fold(text: str) -> str:
    """``text`` lower-cased with every diacritic removed and ``đ`` → ``d``:
    "Đảng ĐỘC LẬP" → "dang doc lap"."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped)


def fold_words(text: str) -> str:
    """``text`` folded with its white space collapsed: "Chỉ  Thị " → "chi thi"."""
    return " ".join(fold(text).split())


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    folded = fold(char)
    return folded if len(folded) == 1 else char  # a lone combining mark, or "İ" → "i̇"


def fold_chars(text: str) -> str:
    """``text`` folded character by character, so offsets stay those of ``text``."""
    table = {ord(c): f for c in set(text) if (f := _fold_char(c)) != c}
    return text.translate(table)
