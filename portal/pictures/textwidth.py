"""How wide a line of text is drawn, estimated without a font file, to size SVG boxes.

The pictures use the page's sans-serif font (Segoe UI, Roboto, Noto Sans or Arial), and
none of their metric files ships with the portal, so widths come from a small table of
average advance widths per character class, in thousandths of an em, close to Arial's
and rounded up. A Vietnamese letter is as wide as its base letter: the tone marks and the
circumflex sit above or below it; the horn of ơ and ư sticks out a little to the right.
Bold text is wider; italic is not. ``SAFETY`` covers the fonts wider than Arial.
"""

from __future__ import annotations

import unicodedata

# Thousandths of an em, per class; a character in none of them is counted as WIDE.
_CLASSES: tuple[tuple[str, int], ...] = (
    ("ijl|'", 230),
    (" .,:;!", 280),
    ("ftrI()[]/\\-", 340),
    ('"*“”‘’`^', 400),
    ("csvxyzkJ«»?", 520),
    ("abdeghnopqu0123456789$#_–+=<>~", 560),
    ("ABEFKLPSTVXYZ&", 680),
    ("CDGHNOQRU", 760),
    ("wmMW%@", 900),
    ("—…", 1000),
)
WIDE = 1000
HORN = 60  # the horn of ơ, ư
BOLD = 1.07
SAFETY = 1.06
_WIDTHS: dict[str, int] = {c: width for chars, width in _CLASSES for c in chars}


def _base(char: str) -> str:
    """The letter under the diacritics: "ế" → "e", "Đ" → "D"."""
    if char in "đĐ":
        return "d" if char == "đ" else "D"
    decomposed = unicodedata.normalize("NFD", char)
    return decomposed[0] if decomposed else char


def char_width(char: str) -> int:
    """The advance width of ``char`` in thousandths of an em."""
    if char in _WIDTHS:
        return _WIDTHS[char]
    if unicodedata.combining(char):
        return 0
    base = _base(char)
    width = _WIDTHS.get(base, WIDE)
    if char != base and unicodedata.normalize("NFD", char)[1:2] == "\u031b":  # ơ, ư, Ơ, Ư
        width += HORN
    return width


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """The estimated width in pixels of ``text`` on one line at ``size`` pixels."""
    ems = sum(char_width(c) for c in unicodedata.normalize("NFC", text)) / 1000
    return ems * size * (BOLD if bold else 1.0) * SAFETY
