"""Vietnamese text sorts in Vietnamese order everywhere (issue #13, item 4): the
collator itself, the coverage matrix page and its CSV and XLSX exports, the plan list and
its unit filter, the document list sorted by title and the search facets."""

from __future__ import annotations

import io
import unicodedata

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from documents.collation import vi_key
from documents.db import db
from portal.search.routes import _ordered_facets
from search_index.facets import FacetValue
from tests.conftest import AuthActions
from workflows.engine import fire

# Vietnamese order; code point order puts Huyện before Hội and Đảng after Tỉnh.
IN_ORDER = ["Đảng ủy Khối Cơ quan tỉnh", "Hội Nông dân tỉnh", "Huyện ủy Giồng Riềng", "Tỉnh Đoàn"]


def in_page_order(text: str, names: list[str]) -> list[str]:
    return sorted(names, key=lambda name: text.index(name))


def test_unit_names_sort_in_vietnamese_order():
    assert sorted(IN_ORDER) != IN_ORDER  # code points get it wrong
    assert sorted(reversed(IN_ORDER), key=vi_key) == IN_ORDER


letters = st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậ", max_size=8)


@given(letters)
def test_d_with_stroke_is_a_letter_between_d_and_e(rest):
    assert vi_key("d" + rest) < vi_key("đ" + rest) < vi_key("e" + rest)


@given(st.text(max_size=20))
def test_decomposed_text_sorts_like_composed_text(text):
    assert vi_key(unicodedata.normalize("NFD", text)) == vi_key(text)


@pytest.fixture
def four_units(world, factory):
    """A directive assigned to four units, each with a submitted plan."""
    directive = factory.document(symbol="05-CT/TU", number=5, title="Về công tác dân vận")
    for position, name in enumerate(reversed(IN_ORDER)):
        unit = factory.unit(f"u{position}", name=name)
        drafter = factory.user(f"drafter{position}", unit, "drafter")
        assignment = factory.assignment(directive, unit)
        plan = factory.plan(assignment, drafter, title=f"Kế hoạch của {name}")
        fire(db.session, plan, "submit", actor=drafter)
    db.session.commit()
    return directive


def test_matrix_page_and_its_exports_list_units_in_vietnamese_order(four_units, client):
    AuthActions(client).login("reviewer")
    base = f"/assignments/documents/{four_units.id}/coverage"
    page = client.get(base).get_data(as_text=True)
    assert in_page_order(page, IN_ORDER) == IN_ORDER
    backwards = client.get(f"{base}?sort=unit&dir=desc").get_data(as_text=True)
    assert in_page_order(backwards, IN_ORDER) == IN_ORDER[::-1]
    by_kind = client.get(f"{base}?sort=kind").get_data(as_text=True)
    assert in_page_order(by_kind, IN_ORDER) == IN_ORDER  # one kind: by name within it
    csv = client.get(f"{base}.csv").data.decode("utf-8")
    assert in_page_order(csv, IN_ORDER) == IN_ORDER
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"{base}.xlsx").data))
    cells = [c for row in book.active.iter_rows(values_only=True) for c in row if c in IN_ORDER]
    assert cells == IN_ORDER


def test_plan_list_and_its_unit_filter_are_in_vietnamese_order(four_units, client):
    AuthActions(client).login("reviewer")
    page = client.get("/plans/?sort=unit").get_data(as_text=True)
    options = page[page.index('<select id="unit"') : page.index("</select>")]
    assert in_page_order(options, IN_ORDER) == IN_ORDER
    table = page[page.index("<table") :]
    assert in_page_order(table, [f"Kế hoạch của {n}" for n in IN_ORDER]) == [
        f"Kế hoạch của {n}" for n in IN_ORDER
    ]


def test_document_list_sorted_by_title_is_in_vietnamese_order(world, factory, client):
    titles = [f"{name} triển khai chỉ thị" for name in IN_ORDER]
    for number, title in enumerate(reversed(titles), start=20):
        factory.document(symbol=f"{number}-CT/TU", number=number, title=title)
    db.session.commit()
    AuthActions(client).login("reviewer")
    page = client.get("/documents/?sort=title").get_data(as_text=True)
    assert in_page_order(page, titles) == titles


def test_search_facets_with_equal_counts_are_in_vietnamese_order(app):
    units = {i: name for i, name in enumerate(reversed(IN_ORDER), start=1)}
    facets = {
        "unit_id": [FacetValue(i, 3) for i in sorted(units)] + [FacetValue(9, 5)],
        "issuer": [FacetValue(name, 2) for name in sorted(IN_ORDER)],
        "year": [FacetValue(2020, 1), FacetValue(2019, 4)],
    }
    units[9] = "Ủy ban MTTQ tỉnh"
    with app.test_request_context():
        ordered = _ordered_facets(facets, units, {})  # no grouped issuers
    assert [units[v.value] for v in ordered["unit_id"]] == ["Ủy ban MTTQ tỉnh", *IN_ORDER]
    assert [v.value for v in ordered["issuer"]] == IN_ORDER
    assert [v.value for v in ordered["year"]] == [2020, 2019]
