"""axe-core (from npm, ``tests/e2e/node_modules``) finds no serious or critical
violation on the main pages. The page's CSP forbids inline scripts and Playwright
injects axe inline, so the axe run uses a context that bypasses CSP."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import AXE, login

SEVERE = ("serious", "critical")


def axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
    )
    return [
        f"{page.url}: {v['id']} ({v['impact']}) {v['help']} — "
        + "; ".join(n["target"][0] for n in v["nodes"][:5])
        for v in result["violations"]
        if v["impact"] in SEVERE
    ]


def href_of(page, name: str) -> str:
    return (
        page.locator("main").get_by_role("link", name=name, exact=True).first.get_attribute("href")
    )


@pytest.fixture
def axe_page(new_page):
    if not AXE.exists():
        pytest.skip("axe-core is not installed: npm install --prefix tests/e2e (make e2e-deps)")
    return lambda viewport="desktop": new_page(viewport, bypass_csp=True)


def test_main_pages_have_no_serious_accessibility_violations(axe_page):
    found: list[str] = []
    page = axe_page()
    page.goto("/auth/login")
    found += axe_violations(page)
    page.goto("/help/workflow")
    found += axe_violations(page)

    login(page, "thanhuy.rachgia")
    found += axe_violations(page)

    reviewer = axe_page()
    login(reviewer, "bandanvan")
    found += axe_violations(reviewer)
    plan = reviewer.locator("main table a[href^='/plans/']").first.get_attribute("href")
    document = href_of(reviewer, "11-CT/TU")
    for path in (plan, document, f"/assignments{document}/coverage", "/search?q=chi+thi+11"):
        reviewer.goto(path)
        found += axe_violations(reviewer)

    phone = axe_page("phone")
    login(phone, "docgia")
    for path in ("/", document, "/search?q=doan+vien"):
        phone.goto(path)
        found += axe_violations(phone)
    assert not found, "\n".join(found)
