"""The table of document types: one row per type, read by forms, symbols and search.

Party types follow Quy định 66-QĐ/TW; state types follow Nghị định 30/2020/NĐ-CP and the
law on legal documents. The abbreviation alone never decides the type (205-QĐ/TW is a
Quy định, not a Quyết định).

Codes are the stable keys stored in the database (at most 10 characters). A Party type's
code is its abbreviation ("CT", "QĐi"); a state type's code is "state:" followed by its
abbreviation ("state:NĐ", "state:CT"), or by a short name when its symbol carries no type
("state:Luật", "state:PL" for Pháp lệnh, "state:CV" for Công văn, whose symbols read
"45/2019/QH14", "02/2022/UBTVQH15" and "5973/UBND-KT").
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from documents.i18n import N_, Bilingual, Message, Param, message
from documents.text import fold_words

if TYPE_CHECKING:
    from documents.symbols import Symbol


@dataclass(frozen=True)
class DocumentType:
    code: str  # stable key stored in the database
    abbr: str  # abbreviation printed in the symbol; "" when the symbol carries none
    name_vi: str
    name_en: str
    system: str  # "party" or "state"
    confirmed: bool = True
    also_seen: tuple[str, ...] = ()  # other abbreviations met in symbols of this type
    aliases: tuple[str, ...] = ()  # longer Vietnamese names written in citations

    @property
    def symbol_abbreviations(self) -> tuple[str, ...]:
        """Every abbreviation a symbol of this type may carry, the usual one first."""
        return (self.abbr, *self.also_seen)


def _party(
    code: str,
    name_vi: str,
    name_en: str,
    *,
    confirmed: bool = True,
    also_seen: tuple[str, ...] = (),
    aliases: tuple[str, ...] = (),
) -> DocumentType:
    return DocumentType(code, code, name_vi, name_en, "party", confirmed, also_seen, aliases)


def _state(
    code: str,
    abbr: str,
    name_vi: str,
    name_en: str,
    *,
    confirmed: bool = True,
    also_seen: tuple[str, ...] = (),
) -> DocumentType:
    return DocumentType(f"state:{code}", abbr, name_vi, name_en, "state", confirmed, also_seen)


DOCUMENT_TYPES: tuple[DocumentType, ...] = (
    _party("NQ", "Nghị quyết", "Resolution"),
    _party("QĐ", "Quyết định", "Decision"),
    _party("CT", "Chỉ thị", "Directive"),
    _party("KL", "Kết luận", "Conclusion"),
    _party("QĐi", "Quy định", "Regulation", also_seen=("QĐ",)),
    _party("HD", "Hướng dẫn", "Guidance"),
    _party(
        "CTr",
        "Chương trình",
        "Programme",
        aliases=("Chương trình hành động", "Chương trình chỉ đạo"),
    ),
    _party("KH", "Kế hoạch", "Plan"),
    _party("TB", "Thông báo", "Notice"),
    _party("BC", "Báo cáo", "Report"),
    _party("CV", "Công văn", "Official letter"),
    _party("BS", "Bản sao", "Copy"),
    _party("QC", "Quy chế", "Rules", confirmed=False),
    _party("TT", "Thông tri", "Circular", confirmed=False),
    _party("TTr", "Tờ trình", "Submission", confirmed=False),
    _party("ĐA", "Đề án", "Scheme", confirmed=False),
    _party("TC", "Thông cáo", "Communiqué", confirmed=False),
    _party("BB", "Biên bản", "Minutes", confirmed=False),
    # State types. Confirmed where the domain notes show a symbol (30/2020/NĐ-CP,
    # 38/CT-TTg, 5973/UBND-KT); the others are accepted but only ever warned about.
    _state("Luật", "", "Luật", "Law", confirmed=False),
    _state("PL", "", "Pháp lệnh", "Ordinance", confirmed=False),
    # A resolution of the National Assembly reads "30/2021/QH15", without "NQ".
    _state("NQ", "NQ", "Nghị quyết", "Resolution", confirmed=False, also_seen=("",)),
    _state("NĐ", "NĐ", "Nghị định", "Decree"),
    _state("QĐ", "QĐ", "Quyết định", "Decision", confirmed=False),
    _state("CT", "CT", "Chỉ thị", "Directive"),
    _state("TT", "TT", "Thông tư", "Circular", confirmed=False),
    _state("TTLT", "TTLT", "Thông tư liên tịch", "Joint circular", confirmed=False),
    _state("CV", "", "Công văn", "Official letter"),
    _state("CĐ", "CĐ", "Công điện", "Official dispatch", confirmed=False),
    _state("KH", "KH", "Kế hoạch", "Plan", confirmed=False),
    _state("TB", "TB", "Thông báo", "Notice", confirmed=False),
    _state("BC", "BC", "Báo cáo", "Report", confirmed=False),
    _state("HD", "HD", "Hướng dẫn", "Guidance", confirmed=False),
    _state("TTr", "TTr", "Tờ trình", "Submission", confirmed=False),
)

TYPES_BY_CODE: dict[str, DocumentType] = {t.code: t for t in DOCUMENT_TYPES}
PARTY_ABBREVIATIONS: frozenset[str] = frozenset(
    t.abbr for t in DOCUMENT_TYPES if t.system == "party"
)
STATE_ABBREVIATIONS: frozenset[str] = frozenset(
    t.abbr for t in DOCUMENT_TYPES if t.system == "state" and t.abbr
)


def type_by_code(code: str) -> DocumentType | None:
    """The type stored under ``code``, or None."""
    return TYPES_BY_CODE.get(code)


def types_of(system: str) -> tuple[DocumentType, ...]:
    """The types of one system ("party" or "state"), in table order."""
    return tuple(t for t in DOCUMENT_TYPES if t.system == system)


def type_label(doc_type: DocumentType, *, english: bool = False) -> str:
    """The select-box label: "Chỉ thị (CT)" for a Party type; "Chỉ thị (nhà nước, CT)" or
    "Luật (nhà nước)" for a state type, so that the two "Chỉ thị" stay apart. With
    ``english``, "Directive (CT)" and "Directive (state, CT)"."""
    name = doc_type.name_en if english and doc_type.name_en else doc_type.name_vi
    if doc_type.system == "party":
        return f"{name} ({doc_type.abbr})"
    abbr = f", {doc_type.abbr}" if doc_type.abbr else ""
    return f"{name} ({'state' if english else 'nhà nước'}{abbr})"


def type_choices(system: str | None = None) -> list[tuple[str, str]]:
    """(code, label) pairs for a select box, all types or those of ``system``."""
    return [(t.code, type_label(t)) for t in DOCUMENT_TYPES if system in (None, t.system)]


def _upper(text: str) -> str:
    return unicodedata.normalize("NFC", text).replace("đ", "Đ").upper()


def resolve_type(text: str, *, system: str | None = None) -> DocumentType | None:
    """The type ``text`` names: a code ("state:NĐ"), an abbreviation ("CT", "ctr") or a
    Vietnamese name with or without diacritics, in any case ("Chỉ thị", "chi thi",
    "Chương trình hành động"). A name or abbreviation shared by both systems gives the
    Party type unless ``system`` restricts the search. None when nothing matches."""
    text = " ".join(unicodedata.normalize("NFC", text).split())
    if not text:
        return None
    candidates = sorted(
        (t for t in DOCUMENT_TYPES if system in (None, t.system)),
        key=lambda t: t.system != "party",
    )
    upper, folded = _upper(text), fold_words(text)
    tests = (
        lambda t: t.code == text,
        lambda t: upper in (_upper(t.code), _upper(t.abbr)),
        lambda t: folded in (fold_words(name) for name in (t.name_vi, *t.aliases)),
        lambda t: folded in (fold_words(t.code), fold_words(t.abbr)),
    )
    for test in tests:
        for doc_type in candidates:
            if test(doc_type):
                return doc_type
    return None


def _or(items: list[str]) -> Param:
    """ "«QĐi» hoặc «QĐ»": alternatives joined the way the reader's language joins them."""
    quoted = [f"«{a}»" for a in items]
    joined: Param = quoted[-1]
    for item in reversed(quoted[:-1]):
        joined = message(N_("%(first)s hoặc %(second)s"), first=item, second=joined)
    return joined


# One full sentence per case, so that a translator sees each warning whole.
_SYSTEM_MISMATCH = {
    "party": N_(
        "«%(type)s» ở đây là văn bản của Đảng, nhưng số ký hiệu «%(symbol)s» có dạng văn bản "
        "nhà nước; số ký hiệu văn bản của Đảng có dạng 11-CT/TU. Hãy kiểm tra lại loại văn "
        "bản hoặc số ký hiệu."
    ),
    "state": N_(
        "«%(type)s» ở đây là văn bản nhà nước, nhưng số ký hiệu «%(symbol)s» có dạng văn bản "
        "của Đảng; số ký hiệu văn bản nhà nước có dạng 30/2020/NĐ-CP, 38/CT-TTg hay "
        "5973/UBND-KT. Hãy kiểm tra lại loại văn bản hoặc số ký hiệu."
    ),
}
# (the symbol carries a type abbreviation, what the type's symbols usually carry)
_ABBREVIATION_MISMATCH = {
    (True, "some"): N_(
        "Số ký hiệu «%(symbol)s» mang ký hiệu loại «%(found)s», không khớp loại «%(type)s» "
        "(thường mang ký hiệu %(usual)s). Hãy kiểm tra lại loại văn bản hoặc số ký hiệu."
    ),
    (True, "some_or_none"): N_(
        "Số ký hiệu «%(symbol)s» mang ký hiệu loại «%(found)s», không khớp loại «%(type)s» "
        "(thường mang ký hiệu %(usual)s hoặc không có ký hiệu loại). Hãy kiểm tra lại loại "
        "văn bản hoặc số ký hiệu."
    ),
    (True, "none"): N_(
        "Số ký hiệu «%(symbol)s» mang ký hiệu loại «%(found)s», không khớp loại «%(type)s» "
        "(thường không có ký hiệu loại). Hãy kiểm tra lại loại văn bản hoặc số ký hiệu."
    ),
    (False, "some"): N_(
        "Số ký hiệu «%(symbol)s» không có ký hiệu loại, không khớp loại «%(type)s» (thường "
        "mang ký hiệu %(usual)s). Hãy kiểm tra lại loại văn bản hoặc số ký hiệu."
    ),
}
_UNCONFIRMED = N_("%(warning)s Ký hiệu của loại «%(type)s» chưa được xác nhận, chỉ cảnh báo.")


def abbreviation_mismatch(type_code: str, symbol: str | Symbol) -> Message | None:
    """A warning when ``symbol`` does not carry the abbreviation of the type stored under
    ``type_code`` (type Chỉ thị with symbol 25-NQ/TW), None when it does or when ``symbol``
    is empty or not a symbol at all (``parse_symbol`` reports that). The warning is a
    message (``str()`` gives the Vietnamese), translated where it is shown.

    Only ever a warning: the abbreviation does not decide the type (a Quy định may read
    205-QĐ/TW), and for an unconfirmed type the message says so. Raises ValueError for an
    unknown ``type_code``, which is a programming error, not a user's."""
    # Imported here because documents.symbols reads this table when it is imported.
    from documents.symbols import parse_symbol

    doc_type = type_by_code(type_code)
    if doc_type is None:
        raise ValueError(f"unknown document type code {type_code!r}")
    parsed = parse_symbol(symbol) if isinstance(symbol, str) else symbol
    if parsed is None:
        return None
    written = str(symbol).strip() if isinstance(symbol, str) else str(parsed)
    name = Bilingual(doc_type.name_vi, doc_type.name_en)
    if parsed.system != doc_type.system:
        return message(_SYSTEM_MISMATCH[doc_type.system], type=name, symbol=written)
    if parsed.type_abbr in doc_type.symbol_abbreviations:
        return None
    usual = [a for a in doc_type.symbol_abbreviations if a]
    if not usual:
        expected = "none"
    elif "" in doc_type.symbol_abbreviations:
        expected = "some_or_none"
    else:
        expected = "some"
    params: dict[str, Param] = {"symbol": written, "type": name}
    if parsed.type_abbr:
        params["found"] = parsed.type_abbr
    if usual:
        params["usual"] = _or(usual)
    warning = Message(_ABBREVIATION_MISMATCH[(bool(parsed.type_abbr), expected)], params)
    if not doc_type.confirmed:
        warning = message(_UNCONFIRMED, warning=warning, type=name)
    return warning
