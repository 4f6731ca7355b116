"""The search results use the page's content width on a desktop screen and stay readable
on a phone (issue 13, item 15)."""

from __future__ import annotations

from tests.e2e.conftest import VIEWPORTS, login, shoot

QUERY = "/search?q=chi+thi+11+doan+vien"


def _results(page):
    hits = page.locator("main ol.hits")
    hits.first.wait_for()
    return hits.first.bounding_box()


def test_results_column_takes_most_of_a_desktop_screen(new_page):
    page = new_page("desktop")
    login(page, "docgia")
    page.goto(QUERY)
    box = _results(page)
    shoot(page, "search-results-desktop")
    assert box["width"] >= 0.6 * VIEWPORTS["desktop"]["width"], box


def test_results_stay_readable_on_a_phone(new_page):
    page = new_page("phone")
    login(page, "docgia")
    page.goto(QUERY)
    box = _results(page)
    shoot(page, "search-results-phone")
    width = VIEWPORTS["phone"]["width"]
    assert box["width"] >= 0.8 * width, box  # one column, not squeezed beside the facets
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, box
    assert page.evaluate("document.documentElement.scrollWidth") <= width
