"""Control characters never reach stored text nor a link's address (issue 13, item 13)."""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser

import pytest
from sqlalchemy import text

from documents.db import db
from documents.models import OrgUnit, Plan
from documents.rendering import normalise_text, render_markdown
from tests.conftest import corpora_dir, csrf_from

C0_BUT_WHITESPACE = [chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"]


class Attributes(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.found += [(tag, name, value or "") for name, value in attrs]


def attributes(html: str) -> list[tuple[str, str, str]]:
    parser = Attributes()
    parser.feed(html)
    parser.close()
    return parser.found


def dangerous(html: str) -> list[str]:
    """Attribute values with a control character, hrefs and srcs naming a script scheme,
    and control characters anywhere in the markup."""
    found = [
        f"{tag} {name}={value!r}"
        for tag, name, value in attributes(html)
        if any(unicodedata.category(ch) == "Cc" for ch in value)
        or (name in ("href", "src") and "javascript:" in "".join(value.split()).lower())
    ]
    found += [repr(ch) for ch in C0_BUT_WHITESPACE if ch in html]
    return found


def test_normalised_text_keeps_tab_and_newline_and_drops_other_c0_characters():
    raw = "Kế\x00 hoạch\x01\x02\x1b[31m\tnăm\r\n2019\x0b\x0c\x7f"
    assert normalise_text(raw) == "Kế hoạch[31m\tnăm\n2019\x7f"
    assert normalise_text("".join(C0_BUT_WHITESPACE)) == ""


@pytest.mark.parametrize(
    "body",
    [
        "<a href=java&#1;&#2;script:alert(1)>bấm</a>",
        "<a href='java&#x01;script:alert(1)'>bấm</a>",
        "[bấm](java&#1;&#2;script:alert(1))",
        '<a href="&#0;javascript:alert(1)">bấm</a>',
        '<a href="java\x01\x02script:alert(1)">bấm</a>',
        '<a href="https://example.org/&#127;x">bấm</a>',
        "chữ &#1;&#31; giữa",
    ],
)
def test_character_references_never_put_control_characters_in_a_link(body):
    html = render_markdown(body)
    assert dangerous(html) == [], html
    assert "bấm" in html or "giữa" in html  # the text itself stays


def test_plain_links_survive():
    html = render_markdown("[Tỉnh ủy](https://kiengiang.dcs.vn/a?b=1) và [trang](/plans/1)")
    hrefs = [value for _tag, name, value in attributes(html) if name == "href"]
    assert hrefs == ["https://kiengiang.dcs.vn/a?b=1", "/plans/1"]


def _xss_lines() -> list[str]:
    root = corpora_dir()
    if root is None:
        pytest.skip("../shared/corpora is absent (set PORTAL_CORPORA to use another)")
    lines: list[str] = []
    for name in ("xss_alert.txt", "xss_intruders.txt"):
        path = root / "naughty" / name
        lines += path.read_text(encoding="utf-8", errors="replace").splitlines()
    return [line for line in lines if line.strip()]


def test_xss_corpus_with_control_characters_spliced_in_stays_inert():
    spliced = re.compile(r"(?i)java(script:)")
    for line in _xss_lines():
        for variant in (
            line,
            spliced.sub(r"java&#1;&#2;\1", line),
            spliced.sub(r"java&#x0A;&#9;\1", line),
            spliced.sub("java\x01\x02\\1", line),
        ):
            html = render_markdown(variant)
            assert dangerous(html) == [], (variant, html)


def test_every_stored_string_loses_its_control_characters(world, client, auth):
    unit = OrgUnit(
        code="thu\x01nghiem",
        name="Hội\x02 Nông dân\x1f",
        short_name="HND\x03",
        kind="sociopolitical_org",
        level="province",
    )
    db.session.add(unit)
    db.session.commit()
    stored = db.session.execute(
        text("SELECT code, name, short_name FROM org_unit WHERE id = :id"), {"id": unit.id}
    ).one()
    assert tuple(stored) == ("thunghiem", "Hội Nông dân", "HND")

    auth.login("drafter")
    form = client.get(f"/plans/new?assignment={world.assignment.id}").get_data(as_text=True)
    response = client.post(
        "/plans/new",
        data={
            "csrf_token": csrf_from(form),
            "assignment": world.assignment.id,
            "title": "Kế hoạch\x01 thực hiện\x1b",
            "body": "Nội dung\x00 có\x07 chuông\tvà tab\r\n[x](java\x01script:alert(1))",
        },
    )
    assert response.status_code == 302
    plan = db.session.scalars(db.select(Plan)).one()
    assert plan.title == "Kế hoạch thực hiện"
    assert plan.body == "Nội dung có chuông\tvà tab\n[x](javascript:alert(1))"
    page = client.get(f"/plans/{plan.id}").get_data(as_text=True)
    assert dangerous(page) == []
