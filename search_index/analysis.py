"""Vietnamese text analysis for the search index: one normal form for index and query.

Every text goes through the same steps: Unicode NFC (NFD input would otherwise split
words at the combining marks), lower case, and one placement of the tone mark (the
old and the new orthography write ``hòa``/``hoà``, ``thủy``/``thuỷ``, ``ủy``/``uỷ``;
both become the first form). From that *exact* form come the *folded* form
(``documents.text.fold``: every diacritic removed, ``đ`` → ``d``), for officials who type
without diacritics, and the folded *syllable pairs* (``chỉ thị`` → ``chi_thi``), which
stand in for a word segmenter: Vietnamese words are mostly two syllables, and requiring
the pairs of a query is both precise and fast.

Tokens are runs of letters and digits; every other character separates them, so
``11-CT/TU`` gives ``11``, ``ct``, ``tu``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from whoosh.analysis import Analyzer, Filter, LowercaseFilter, RegexTokenizer, Token

from documents.text import fold

TOKEN_PATTERN = r"[^\W_]+"
PAIR_SEPARATOR = "_"

_TOKEN_RE = re.compile(TOKEN_PATTERN)
# grave, acute, hook above, tilde, dot below: the five written tones
_TONE_MARKS = frozenset("\u0300\u0301\u0309\u0303\u0323")
_VOWELS = frozenset("aăâeêioôơuưy")
# vowels that carry their own diacritic take the tone mark whatever the cluster
_MARKED_VOWELS = frozenset("ăâêôơư")
_WORD_RE = re.compile(r"[^\W\d_]+")


def nfc(text: str) -> str:
    """``text`` in Unicode NFC."""
    return unicodedata.normalize("NFC", text)


def _place_tone(word: str) -> str:
    """``word`` (one NFC syllable) with its tone mark on the vowel the rule names."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = [c for c in decomposed if c in _TONE_MARKS]
    if len(tones) != 1:
        return word
    base = nfc("".join(c for c in decomposed if c not in _TONE_MARKS))
    lower = base.lower()
    vowels = [i for i, c in enumerate(lower) if c in _VOWELS]
    if not vowels or vowels[-1] - vowels[0] + 1 != len(vowels):
        return word  # no vowel, or vowels in two runs: not a Vietnamese syllable
    cluster = vowels
    # "qu" and "gi" before another vowel are initial consonants: quý, già, giữ
    if len(cluster) > 1 and cluster[0] == 1 and lower[:2] in ("qu", "gi"):
        cluster = cluster[1:]
    marked = [i for i in cluster if lower[i] in _MARKED_VOWELS]
    if marked:
        target = marked[-1]  # ươ → ơ, uyê → ê
    elif cluster[-1] + 1 < len(lower):
        target = cluster[-1]  # closed syllable: hoàn, thuyết
    elif len(cluster) >= 3:
        target = cluster[1]  # ngoài, khuỷu
    else:
        target = cluster[0]  # open syllable, old style: hòa, thủy, khỏe, mùa
    result = nfc(base[: target + 1] + tones[0] + base[target + 1 :])
    return result


def normalise_tones(text: str) -> str:
    """``text`` in NFC with every syllable's tone mark in one place (``hoà`` → ``hòa``).

    Case is kept; words that are not Vietnamese syllables are left as they are.
    """
    return _WORD_RE.sub(lambda m: _place_tone(m.group(0)), nfc(text))


# Token-level caches: a language has a few thousand syllables, and analysis runs on every
# token of every indexed text.
@lru_cache(maxsize=200_000)
def _tone_token(token: str) -> str:
    return normalise_tones(token)


@lru_cache(maxsize=200_000)
def _fold_token(token: str) -> str:
    return fold(token)


def tokens(text: str) -> list[str]:
    """The tokens of ``text`` as written (NFC), in order."""
    return _TOKEN_RE.findall(nfc(text))


def exact_terms(text: str) -> list[str]:
    """The terms the exact analyzer makes of ``text``: lower case, tones normalised."""
    return [_tone_token(t.lower()) for t in tokens(text)]


def folded_terms(text: str) -> list[str]:
    """The terms the folded analyzer makes of ``text``."""
    return [_fold_token(t) for t in tokens(text)]


def pair_terms(folded: list[str]) -> list[str]:
    """Adjacent pairs of folded syllables: ``["chi", "thi", "11"]`` → ``chi_thi``, ``thi_11``."""
    return [a + PAIR_SEPARATOR + b for a, b in zip(folded, folded[1:], strict=False)]


class VietnameseTokenizer(RegexTokenizer):
    """Splits NFC text on everything that is not a letter or a digit."""

    def __init__(self) -> None:
        super().__init__(TOKEN_PATTERN)

    def __call__(self, value: str, **kwargs: object) -> Iterator[Token]:
        # NFC first: combining marks are not word characters and would split words.
        # Vietnamese letters all have precomposed forms, so character offsets refer to
        # the NFC text, which is what the index stores.
        return super().__call__(nfc(value), **kwargs)


class ToneFilter(Filter):
    """Puts the tone mark of each (lower-case) token in its one canonical place."""

    def __call__(self, stream: Iterator[Token]) -> Iterator[Token]:
        for token in stream:
            token.text = _tone_token(token.text)
            yield token


class FoldFilter(Filter):
    """Removes every diacritic and turns ``đ`` into ``d``."""

    def __call__(self, stream: Iterator[Token]) -> Iterator[Token]:
        for token in stream:
            token.text = _fold_token(token.text)
            yield token


class PairFilter(Filter):
    """Replaces the token stream with the pairs of adjacent tokens (``chi_thi``).

    A pair takes the position and start of its first token and the end of its second.
    A single token makes no pair.
    """

    def __call__(self, stream: Iterator[Token]) -> Iterator[Token]:
        previous: tuple[str, int | None, int | None] | None = None
        for token in stream:
            text = token.text
            pos = getattr(token, "pos", None)
            start = getattr(token, "startchar", None)
            if previous is not None:
                prev_text, prev_pos, prev_start = previous
                token.text = prev_text + PAIR_SEPARATOR + text
                if prev_pos is not None:
                    token.pos = prev_pos
                if prev_start is not None:
                    token.startchar = prev_start
                yield token
            previous = (text, pos, start)


@lru_cache(maxsize=8)
def _analysed(text: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(exact, folded, pair) terms of ``text``. The indexer gives the same text to
    several fields; the few latest analyses are kept so each is done once."""
    lowered = [t.lower() for t in tokens(text)]
    folded = [_fold_token(t) for t in lowered]
    exact = [_tone_token(t) for t in lowered]
    return tuple(exact), tuple(folded), tuple(pair_terms(folded))


class TermsAnalyzer(Analyzer):
    """One of the three analyses, as a Whoosh analyzer (a token stream, for Whoosh's
    own uses) and as ``terms(text)``: the terms alone, which the index formats of
    ``schema`` read without building a token for each word."""

    _KINDS = ("exact", "folded", "pairs")

    def __init__(self, kind: str) -> None:
        if kind not in self._KINDS:
            raise ValueError(kind)
        self.kind = kind
        steps = VietnameseTokenizer() | LowercaseFilter()
        if kind == "exact":
            self._pipeline = steps | ToneFilter()
        elif kind == "folded":
            self._pipeline = steps | FoldFilter()
        else:
            self._pipeline = steps | FoldFilter() | PairFilter()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TermsAnalyzer) and other.kind == self.kind

    def __hash__(self) -> int:
        return hash((TermsAnalyzer, self.kind))

    def __call__(self, value: str, **kwargs: object) -> Iterator[Token]:
        return self._pipeline(value, **kwargs)

    def terms(self, text: str) -> tuple[str, ...]:
        return _analysed(text)[self._KINDS.index(self.kind)]


def exact_analyzer() -> TermsAnalyzer:
    """Tokens lower-cased with tone marks normalised; diacritics kept."""
    return TermsAnalyzer("exact")


def folded_analyzer() -> TermsAnalyzer:
    """Tokens lower-cased with every diacritic removed."""
    return TermsAnalyzer("folded")


def pairs_analyzer() -> TermsAnalyzer:
    """Pairs of adjacent folded syllables."""
    return TermsAnalyzer("pairs")
