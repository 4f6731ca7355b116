"""What a document's input is checked for when a person or an import saves it, beyond
what ``service.clean_input`` refuses on every save (restores and the demo data included):

- a Party document with a date needs the place of its date line: the header reads
  "Rạch Giá, ngày 01 tháng 8 năm 2019", never "ngày 01 tháng 8 năm 2019" alone;
- a symbol whose type abbreviation disagrees with the chosen type (25-NQ/TW saved as a
  Chỉ thị) is a warning the person saving must confirm. It is not refused outright: the
  abbreviation alone never decides the type (205-QĐ/TW is a Quy định). Both read the table
  of ``documents.types``.

And for any deadline a person sets (a review event's, an assignment's, an inspection
task's): one already past is a warning to confirm, not an error, since old work is
sometimes recorded after the fact.
"""

from __future__ import annotations

from datetime import date

from documents.dates import format_vn_date
from documents.i18n import N_, Message, message
from documents.service import DocumentError, DocumentInput
from documents.types import abbreviation_mismatch, type_by_code

PLACE_MISSING = N_(
    "Văn bản của Đảng cần địa danh ở dòng ngày tháng (ví dụ “Rạch Giá, ngày 01 tháng 8 năm "
    "2019”): hãy nhập địa danh."
)


PAST_DEADLINE = N_(
    "Hạn %(date)s đã qua (hôm nay là %(today)s). Hãy kiểm tra lại ngày, nhất là năm; nếu "
    "đúng là hạn đã qua (ghi lại việc cũ), hãy xác nhận."
)


def past_deadline(day: date | None, today: date) -> Message | None:
    """A warning when a deadline being set is already past, None otherwise."""
    if day is None or day >= today:
        return None
    return message(PAST_DEADLINE, date=format_vn_date(day), today=format_vn_date(today))


def check_place(data: DocumentInput) -> None:
    """DocumentError on the place when a dated Party document has none."""
    doc_type = type_by_code(data.doc_type)
    if doc_type is None or doc_type.system != "party" or data.issued_on is None:
        return
    if not " ".join((data.place or "").split()):
        raise DocumentError(PLACE_MISSING, "place")


def type_warnings(data: DocumentInput) -> list[Message]:
    """The warnings to confirm: the symbol's abbreviation against the chosen type."""
    if not (data.symbol or "").strip() or type_by_code(data.doc_type) is None:
        return []
    warning = abbreviation_mismatch(data.doc_type, data.symbol or "")
    return [warning] if warning else []
