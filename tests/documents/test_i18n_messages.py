"""Messages: texts the code composes, stored as message id + parameters and rendered in
the reader's language when shown; plain text (typed by a user, or stored before) as is."""

from __future__ import annotations

from datetime import date

import pytest

from documents.i18n import (
    Bilingual,
    Explained,
    Message,
    Translator,
    dump,
    load,
    message,
    render,
)
from documents.types import abbreviation_mismatch

CATALOGUE = {
    "Nhắc hạn %(doc)s: %(deliverable)s %(when)s": (
        "Deadline reminder %(doc)s: %(deliverable)s %(when)s"
    ),
    "Kế hoạch thực hiện": "Implementation plan",
    "hạn là hôm nay": "due today",
    "%(first)s hoặc %(second)s": "%(first)s or %(second)s",
    "Hỏng %(x)s": "Broken %(y)s",  # a bad translation: its placeholder does not exist
}
PLURALS = {"còn %(num)d ngày": ("%(num)d day left", "%(num)d days left")}
ENGLISH = Translator(
    language="en",
    gettext=lambda text: CATALOGUE.get(text, text),
    ngettext=lambda one, many, n: PLURALS[one][n != 1] if one in PLURALS else one,
    number=lambda n: f"{n:,}",
    date=lambda d: d.strftime("%-d %b %Y"),
)


def reminder(days: int) -> Message:
    return message(
        "Nhắc hạn %(doc)s: %(deliverable)s %(when)s",
        doc="11-CT/TU",
        deliverable=Message("Kế hoạch thực hiện", lower=True),
        when=Message("còn %(num)d ngày", {"num": days}, plural="còn %(num)d ngày"),
    )


def test_a_stored_message_reads_in_each_language():
    stored = dump(reminder(5))
    assert stored.startswith('{"msgid":')
    assert load(stored) == reminder(5)
    assert render(stored) == "Nhắc hạn 11-CT/TU: kế hoạch thực hiện còn 5 ngày"
    assert render(stored, ENGLISH) == "Deadline reminder 11-CT/TU: implementation plan 5 days left"
    assert render(dump(reminder(1)), ENGLISH).endswith("1 day left")
    assert str(reminder(2)) == "Nhắc hạn 11-CT/TU: kế hoạch thực hiện còn 2 ngày"


def test_numbers_dates_and_bilingual_names_follow_the_language():
    stored = dump(
        message(
            "Loại %(type)s, hạn %(date)s, %(count)s đơn vị, năm %(year)s",
            type=Bilingual("Chỉ thị", "Directive"),
            date=date(2019, 8, 1),
            count=12000,
            year="2019",
        )
    )
    assert render(stored) == "Loại Chỉ thị, hạn 01/8/2019, 12.000 đơn vị, năm 2019"
    assert render(stored, ENGLISH) == "Loại Directive, hạn 1 Aug 2019, 12,000 đơn vị, năm 2019"


@pytest.mark.parametrize(
    "text",
    [
        "Khôi phục phiên bản 3 (viết trước khi có bản dịch)",
        "",
        '{"msgid": "không đóng ngoặc',
        '{"msgid": 5}',
        '{"msgid": "x", "params": {"a": [1]}}',
        "{not json at all}",
    ],
)
def test_plain_and_broken_stored_texts_show_as_they_are(text):
    assert load(text) == text
    assert render(text) == text
    assert render(text, ENGLISH) == text


def test_a_message_id_stored_as_plain_text_is_still_translated():
    assert render("hạn là hôm nay", ENGLISH) == "due today"


def test_a_bad_translation_falls_back_to_vietnamese_instead_of_failing():
    assert render(message("Hỏng %(x)s", x="a"), ENGLISH) == "Hỏng a"


def test_a_message_too_long_for_its_column_is_kept_in_vietnamese():
    long = message("Giao thực hiện %(doc)s", doc="x" * 400)
    assert dump(long, 300) == ("Giao thực hiện " + "x" * 400)[:300]
    assert load(dump(long, 300)) == dump(long, 300)
    assert dump("chữ người dùng gõ " * 30, 50) == ("chữ người dùng gõ " * 30)[:50]


def test_explained_refusals_carry_a_message():
    error = Explained("Tên kế hoạch dài quá %(max)s ký tự.", max=500)
    assert str(error) == "Tên kế hoạch dài quá 500 ký tự."
    assert error.message == Message("Tên kế hoạch dài quá %(max)s ký tự.", {"max": 500})
    from_message = Explained(message("Hỏng %(x)s", x="b"))
    assert str(from_message) == "Hỏng b" and from_message.message.params == {"x": "b"}


def test_the_symbol_warning_joins_alternatives_in_the_readers_language():
    warning = abbreviation_mismatch("QĐi", "08-CT/TW")
    assert "(thường mang ký hiệu «QĐi» hoặc «QĐ»)" in str(warning)
    assert "«QĐi» or «QĐ»" in render(warning, ENGLISH)
    assert load(dump(warning)) == warning
