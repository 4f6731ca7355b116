"""The search results use the page's content width on a desktop screen and stay readable
on a phone (issue 13, item 15)."""

from __future__ import annotations

from tests.e2e.conftest import VIEWPORTS, login, shoot

QUERY = "/search?q=chi+thi+11+doan+vien"


def _results_box(new_page, viewport: str) -> tuple[dict, object]:
    """The box of the results list for a reader's search at ``viewport``, and the page."""
    page = new_page(viewport)
    login(page, "docgia")
    page.goto(QUERY)
    hits = page.locator("main ol.hits").first
    hits.wait_for()
    shoot(page, f"search-results-{viewport}")
    return hits.bounding_box(), page


def test_results_column_takes_most_of_a_desktop_screen(new_page):
    box, _page = _results_box(new_page, "desktop")
    assert box["width"] >= 0.6 * VIEWPORTS["desktop"]["width"], box


def test_results_stay_readable_on_a_phone(new_page):
    box, page = _results_box(new_page, "phone")
    width = VIEWPORTS["phone"]["width"]
    assert box["width"] >= 0.8 * width, box  # one column, not squeezed beside the facets
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, box
    assert page.evaluate("document.documentElement.scrollWidth") <= width
