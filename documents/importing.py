"""Reading a document's fields from its text, for the editor to confirm.

An editor pastes a directive (or uploads a file whose text is extracted) and gets the
fields pre-filled: type, symbol and number, issuer, date and place, the title (trích
yếu), the numbered clauses and the citations. Two shapes are read: the formal header
("TỈNH ỦY KIÊN GIANG … Số 11-CT/TU … Rạch Giá, ngày 01 tháng 8 năm 2019 … CHỈ THỊ về …")
and a news report ("Ngày 01-8, Tỉnh ủy Kiên Giang ban hành Chỉ thị số 11-CT/TU về …").
What cannot be read is left empty with a warning; nothing here is saved.

``parse_archive_line`` reads one line of an archive in JSON Lines form.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from documents.dates import date_at, find_dateline, find_dates
from documents.i18n import N_, Explained, Message, message
from documents.references import Citation, find_citations
from documents.relations import FoundRelation, detect_relations
from documents.symbols import Symbol, find_symbols, format_symbol, nfc, parse_symbol, symbol_key
from documents.types import DOCUMENT_TYPES, DocumentType, abbreviation_mismatch, resolve_type

_CLAUSE_RE = re.compile(r"^[ \t]*(\d{1,2})[ \t]*[.)][ \t]+(\S.*)$", re.MULTILINE)
_NUMBERED_RE = re.compile(r"^(?:[IVXL]{1,5}\.|\d{1,2}(?:\.\d{1,2})*[.)]|[a-zđ]\)|[-+•*–])\s")
_SUB_ITEM_RE = re.compile(r"^\s*(?:[-+•*]|[a-zđ]\))\s", re.IGNORECASE)
_HEADER_SYMBOL_RE = re.compile(r"^[\s|*_]*Số\s*:?\s*(?P<symbol>[^\s|*_][^|\n]*?)[\s|*_]*$", re.M)
_TYPE_NAMES = sorted({t.name_vi for t in DOCUMENT_TYPES}, key=len, reverse=True)
_ISSUED_RE = re.compile(
    r"(?:(?P<date>ngày\s+[\d][\d\s\-/.thángnăm]*?)\s*,\s*)?"
    r"(?P<issuer>[A-ZĐÂ][^,.;:\n]{2,80}?)\s+(?:đã\s+)?ban\s+hành\s+"
    rf"(?P<type>{'|'.join(map(re.escape, _TYPE_NAMES))})"
    r"(?:\s+[^\s,;.]+){0,2}?\s+(?:số\s*:?\s*)?(?=\d)",
    re.IGNORECASE,
)
_ABOUT_RE = re.compile(r"\s*,?\s*(?P<about>(?:về|V/v)\s[^\n]*?)(?:\.\s|\.?\s*$|\n)", re.I | re.M)
_ISSUER_PHRASE_RE = re.compile(r"^của\s", re.IGNORECASE)
_LETTER_SUBJECT_RE = re.compile(r"^(?:V/v|Về\s+việc)\s+\S", re.IGNORECASE)
_HEAD_SKIP = {"ĐẢNG CỘNG SẢN VIỆT NAM", "*", ""}


@dataclass
class DocumentDraft:
    """The fields read from a text; None where the text did not say."""

    body: str
    type_code: str | None = None
    symbol: str | None = None
    number: int | None = None
    issuer_text: str | None = None
    issued_on: date | None = None
    place: str | None = None
    title: str | None = None
    clauses: list[tuple[int, str]] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    relations: list[FoundRelation] = field(default_factory=list)
    warnings: list[str | Message] = field(default_factory=list)  # translated where shown


def _is_heading(line: str) -> bool:
    """A line set apart by its shape: in capitals ("II. NHIỆM VỤ, GIẢI PHÁP") or short
    and ending in a colon."""
    letters = [c for c in line if c.isalpha()]
    return (len(letters) >= 4 and all(c.isupper() for c in letters)) or (
        len(line) <= 80 and line.endswith(":")
    )


def paragraphed(text: str) -> str:
    """``text`` with a blank line before each numbered line ("I.", "1.", "a)", "-") and
    around headings, when it has (almost) no blank lines of its own: the text a PDF gives,
    where every printed line ends in a newline. A text with paragraphs is returned as is."""
    lines = text.split("\n")
    blank = sum(1 for line in lines if not line.strip())
    if len(lines) < 3 or blank * 10 >= len(lines):
        return text
    out: list[str] = []
    previous_heading = False
    for line in lines:
        stripped = line.strip()
        starts = bool(_NUMBERED_RE.match(stripped)) or _is_heading(stripped)
        if out and out[-1] and (starts or previous_heading):
            out.append("")
        out.append(line)
        previous_heading = _is_heading(stripped)
    return "\n".join(out)


def find_clauses(text: str) -> list[tuple[int, str]]:
    """The numbered clauses "1. …", "2. …" of a text, numbered from 1 without gaps. A
    clause is its paragraph plus the sub-items ("- …", "a) …") that follow it."""
    clauses: list[tuple[int, str]] = []
    text = paragraphed(text)
    matches = [m for m in _CLAUSE_RE.finditer(text)]
    for index, match in enumerate(matches):
        number = int(match.group(1))
        if number != len(clauses) + 1:
            continue
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        paragraphs = re.split(r"\n\s*\n", text[match.start(2) : end])
        kept = [paragraphs[0]]
        for paragraph in paragraphs[1:]:
            if _is_heading(paragraph.strip().split("\n", 1)[0]):
                break  # "II. NHIỆM VỤ", "Nơi nhận:": what follows is not this clause's
            if _SUB_ITEM_RE.match(paragraph):
                kept.append(paragraph)
        clause = "\n\n".join(" ".join(p.split()) for p in kept if p.strip())
        clauses.append((number, clause))
    return clauses


def _context_year(text: str) -> int | None:
    """A document is newer than what it cites: the latest year of a full date it writes."""
    years = [d.year for _s, _e, d in find_dates(text)]
    return max(years) if years else None


def _header_symbol(text: str) -> Symbol | None:
    for match in _HEADER_SYMBOL_RE.finditer(text):
        parsed = parse_symbol(match.group("symbol"))
        if parsed is not None:
            return parsed
    return None


def _header_issuer(text: str, symbol_line_start: int) -> str | None:
    lines = [line.strip(" |*_\t") for line in text[:symbol_line_start].splitlines()]
    for line in reversed(lines):
        # the star under the issuer is no name (a scan may read it as "%" or "Ộ")
        if line.upper() not in _HEAD_SKIP and not line.startswith("-") and _has_letters(line):
            return line if len(line) <= 200 else None
    return None


def _has_letters(line: str) -> bool:
    """A name has words: a line of a sign or a lone letter is a misread star."""
    return sum(c.isalpha() for c in line) >= 3


def _header_title(text: str, doc_type: DocumentType | None) -> str | None:
    """The trích yếu: the lines under the type word (a heading line "CHỈ THỊ"), skipping
    the issuing body's phrase ("của Ban Thường vụ Tỉnh ủy") that Kết luận and Thông báo
    put there; for a letter, whose header has no type word, the "V/v …" line."""
    if doc_type is None:
        return None
    lines = [line.strip(" |*_#\t") for line in text.splitlines()]
    for index, line in enumerate(lines):
        heading = line.upper()
        name = doc_type.name_vi.upper()
        if heading != name and not heading.startswith(f"{name} CỦA "):  # "KẾT LUẬN CỦA BỘ…"
            continue
        about: list[str] = []
        following = lines[index + 1 : index + 10]
        for position, part in enumerate(following):
            if not part:
                after = next((x for x in following[position + 1 :] if x), "")
                if not about or after[:1].islower():
                    continue  # paragraphs of a Word file are separated by blank lines
                break
            if part.startswith("-") or _NUMBERED_RE.match(part) or len(about) == 3:
                break
            if about and _is_heading(part):
                break
            if not about and _ISSUER_PHRASE_RE.match(part):
                continue
            about.append(part)
        return _capitalised(" ".join(about)) if about else None
    return _letter_subject(lines)


def _letter_subject(lines: list[str]) -> str | None:
    for index, line in enumerate(lines[:60]):
        if _LETTER_SUBJECT_RE.match(line):
            about = [line]
            for part in lines[index + 1 : index + 3]:
                if not part or part.startswith("-") or not part[:1].islower():
                    break
                about.append(part)
            return " ".join(" ".join(about).split())
    return None


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _sentence_title(text: str, end: int) -> str | None:
    match = _ABOUT_RE.match(text, end)
    if match is None:
        return None
    return _capitalised(" ".join(match.group("about").split()).rstrip("."))


def _first_line(text: str) -> str | None:
    for line in text.splitlines():
        if line.strip():
            return " ".join(line.split())[:500]
    return None


def parse_document_text(text: str) -> DocumentDraft:
    """The fields a pasted or extracted text gives, with warnings for what is unsure."""
    text = nfc(text).replace("\r\n", "\n").replace("\r", "\n").strip()
    draft = DocumentDraft(body=text)
    year = _context_year(text)
    doc_type: DocumentType | None = None
    symbol = _header_symbol(text)
    symbol_end = None
    if symbol is not None:
        draft.place, draft.issued_on = find_dateline(text)
        header = _HEADER_SYMBOL_RE.search(text)
        if header is not None:
            draft.issuer_text = _header_issuer(text, header.start())
    issued = _ISSUED_RE.search(text)
    if symbol is None and issued is not None:
        found = find_symbols(text[issued.end() : issued.end() + 40])
        if found and found[0][0] == 0:
            symbol = found[0][2]
            symbol_end = issued.end() + found[0][1]
            doc_type = resolve_type(issued.group("type"), system=symbol.system)
            draft.issuer_text = " ".join(issued.group("issuer").split())
            if issued.group("date"):
                when = date_at(issued.group("date"), 0, context_year=year)
                draft.issued_on = when[1] if when else None
    if symbol is None:
        draft.warnings.append(
            N_(
                "Không tìm thấy số ký hiệu của văn bản (dòng “Số …” hoặc “ban hành … số …”); "
                "hãy nhập tay."
            )
        )
    else:
        draft.symbol = format_symbol(symbol)
        draft.number = symbol.number
        if doc_type is None:
            doc_type = _type_from_header(text, symbol)
        if doc_type is not None:
            draft.type_code = doc_type.code
            mismatch = abbreviation_mismatch(doc_type.code, symbol)
            if mismatch:
                draft.warnings.append(mismatch)
    draft.title = _header_title(text, doc_type)
    if draft.title is None and symbol_end is not None:
        draft.title = _sentence_title(text, symbol_end)
    if draft.title is None:
        draft.title = _first_line(text)
        draft.warnings.append(N_("Không nhận ra trích yếu; đã lấy dòng đầu tiên, hãy kiểm tra."))
    if draft.issued_on is None:
        draft.warnings.append(N_("Không nhận ra ngày ban hành; hãy nhập tay."))
    draft.clauses = find_clauses(text)
    own = symbol_key(symbol) if symbol else None
    context = draft.issued_on.year if draft.issued_on else year
    draft.citations = [
        c for c in find_citations(text, context_year=context) if symbol_key(c.symbol) != own
    ]
    draft.relations = detect_relations(text, own_key=own, context_year=context)
    return draft


def _type_from_header(text: str, symbol: Symbol) -> DocumentType | None:
    """The type named by a heading line ("CHỈ THỊ"), else the usual type of the symbol's
    abbreviation in its system."""
    for line in text.splitlines():
        named = resolve_type(line.strip("*_ #"), system=symbol.system)
        if named is not None and line.strip().isupper():
            return named
    if symbol.system == "state" and not symbol.type_abbr and symbol.year is None:
        # "5973/UBND-KT": the symbol grammar's shape of a state official letter
        return resolve_type("Công văn", system="state")
    for doc_type in DOCUMENT_TYPES:
        if doc_type.system == symbol.system and doc_type.abbr == symbol.type_abbr:
            return doc_type
    return None


class ArchiveLineError(Explained, ValueError):
    """A line of an archive that cannot be imported; the message says why."""


@dataclass(frozen=True)
class ArchiveRecord:
    external_id: str
    doc_type: DocumentType
    title: str
    body: str
    symbol: str | None
    issued_on: date | None
    issuer: str | None
    place: str | None = None


def _optional_str(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ArchiveLineError(message(N_("“%(key)s” phải là chuỗi hoặc null."), key=key))
    return value.strip() or None


def parse_archive_line(line: str) -> ArchiveRecord:
    """One JSON object with ``external_id``, ``type``, ``title``, ``body`` and optional
    ``symbol``, ``issued_on`` (ISO date), ``issuer`` (unit name) and ``place`` (of the
    date line)."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise ArchiveLineError(
            message(N_("không phải JSON hợp lệ (%(detail)s)."), detail=error.msg)
        ) from None
    if not isinstance(record, dict):
        raise ArchiveLineError(N_("mỗi dòng phải là một đối tượng JSON."))
    for key in ("external_id", "type", "title", "body"):
        if not isinstance(record.get(key), str) or not record[key].strip():
            raise ArchiveLineError(message(N_("thiếu trường bắt buộc “%(key)s”."), key=key))
    doc_type = resolve_type(record["type"])
    if doc_type is None:
        raise ArchiveLineError(
            message(N_("loại văn bản “%(type)s” không có trong bảng loại."), type=record["type"])
        )
    symbol = _optional_str(record, "symbol")
    if symbol is not None:
        parsed = parse_symbol(symbol)
        if parsed is None:
            raise ArchiveLineError(
                message(N_("số ký hiệu “%(symbol)s” không đúng dạng."), symbol=symbol)
            )
        if parsed.system != doc_type.system:
            alt = resolve_type(record["type"], system=parsed.system)
            doc_type = alt or doc_type
        symbol = format_symbol(parsed)
    issued_text = _optional_str(record, "issued_on")
    issued_on = None
    if issued_text is not None:
        try:
            issued_on = date.fromisoformat(issued_text)
        except ValueError:
            raise ArchiveLineError(
                message(N_("ngày “%(date)s” không phải dạng YYYY-MM-DD."), date=issued_text)
            ) from None
    return ArchiveRecord(
        external_id=record["external_id"].strip(),
        doc_type=doc_type,
        title=record["title"],
        body=record["body"],
        symbol=symbol,
        issued_on=issued_on,
        issuer=_optional_str(record, "issuer"),
        place=_optional_str(record, "place"),
    )
