"""The documents and plans lists: 20 a page, sorted, filtered, and every link keeps the
query; plans the user may not see are never counted."""

from __future__ import annotations

import re
from html import unescape

from documents.models import Assignment, UserRole


def html_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def pager_links(html: str) -> dict[str, str]:
    return {
        rel: unescape(href)
        for href, rel in re.findall(r'<a href="([^"]+)" rel="(prev|next)"', html)
    }


def symbols(html: str) -> list[str]:
    return re.findall(r'<a href="/documents/\d+">([^<]+)</a>', html)


def many_documents(factory, world, count: int = 25, doc_type: str = "CT") -> None:
    for n in range(100, 100 + count):
        factory.document(
            symbol=f"{n}-{doc_type}/TU",
            title=f"Văn bản số {n}",
            doc_type=doc_type,
            number=n,
            issuer=world.province,
        )
    factory.session.commit()


def many_plans(factory, world, unit, author, count: int) -> list:
    plans = []
    for n in range(count):
        assignment = Assignment(
            document=world.directive, unit=unit, deliverable=f"Kế hoạch {n}", due_on=None
        )
        factory.session.add(assignment)
        factory.session.flush()
        plans.append(factory.plan(assignment, author, title=f"Kế hoạch số {n:02d}"))
    factory.session.commit()
    return plans


def test_documents_page_two_exists_and_its_links_keep_the_filters(factory, world, client, auth):
    many_documents(factory, world, 25)
    many_documents(factory, world, 3, doc_type="NQ")
    auth.login("reader")
    first = html_of(client, "/documents/?type=CT&q=V%C4%83n+b%E1%BA%A3n&sort=symbol")
    assert len(symbols(first)) == 20
    assert "25 văn bản" in first  # not the world's directive, nor the resolutions
    nxt = pager_links(first)["next"]
    assert "page=2" in nxt and "type=CT" in nxt and "sort=symbol" in nxt and "q=" in nxt
    second = html_of(client, nxt)
    assert len(symbols(second)) == 5
    assert all(s.endswith("-CT/TU") for s in symbols(second))
    prev = pager_links(second)["prev"]
    assert "type=CT" in prev and "sort=symbol" in prev and "page" not in prev
    assert len(symbols(html_of(client, "/documents/?page=99"))) == 9  # the last of 29


def test_documents_sort_order(factory, world, client, auth):
    many_documents(factory, world, 5)
    auth.login("reader")
    by_symbol = symbols(html_of(client, "/documents/?sort=symbol"))
    assert by_symbol == sorted(by_symbol)
    by_title = symbols(html_of(client, "/documents/?sort=title&q=V%C4%83n+b%E1%BA%A3n+s%E1%BB%91"))
    assert by_title == [f"{n}-CT/TU" for n in range(100, 105)]


def test_documents_text_filter_survives_paging(factory, world, client, auth):
    many_documents(factory, world, 25)
    auth.login("reader")
    html = html_of(client, "/documents/?q=-CT/TU")
    assert 'value="-CT/TU"' in html
    second = html_of(client, pager_links(html)["next"])
    assert 'value="-CT/TU"' in second and len(symbols(second)) == 6
    assert symbols(html_of(client, "/documents/?q=112-CT")) == ["112-CT/TU"]


def test_plans_page_two_keeps_state_unit_and_sort(factory, world, client, auth):
    many_plans(factory, world, world.unit, world.drafter, 23)
    auth.login("drafter")
    url = f"/plans/?state=drafted&unit={world.unit.id}&sort=unit"
    first = html_of(client, url)
    assert "23 kế hoạch" in first and len(re.findall(r'href="/plans/\d+"', first)) == 20
    nxt = pager_links(first)["next"]
    for part in ("page=2", "state=drafted", f"unit={world.unit.id}", "sort=unit"):
        assert part in nxt
    second = html_of(client, nxt)
    assert len(re.findall(r'href="/plans/\d+"', second)) == 3
    # the state links keep the unit and the sort, and go back to page 1
    state_links = [unescape(h) for h in re.findall(r'href="(/plans/\?[^"]*state=[^"]*)"', second)]
    assert state_links and all(
        f"unit={world.unit.id}" in h and "page" not in h for h in state_links
    )


def test_plans_sort_order_and_unit_filter(factory, world, client, auth):
    ours = many_plans(factory, world, world.unit, world.drafter, 2)
    theirs = many_plans(factory, world, world.other_unit, world.other_drafter, 2)
    both = factory.user("both", world.unit, "drafter")  # a member of both units
    both.roles.append(UserRole(unit=world.other_unit, role="reader"))
    factory.session.commit()
    auth.login("both")

    def ids(url: str) -> list[int]:
        return [int(i) for i in re.findall(r'href="/plans/(\d+)"', html_of(client, url))]

    newest_first = ids("/plans/")
    assert newest_first == [p.id for p in reversed(ours + theirs)]
    by_unit = ids("/plans/?sort=unit")  # Huyện ủy Phú Quốc before Thành ủy Rạch Giá
    assert set(by_unit[:2]) == {p.id for p in theirs} and set(by_unit[2:]) == {p.id for p in ours}
    assert ids(f"/plans/?unit={world.unit.id}") == [p.id for p in reversed(ours)]
    assert ids(f"/plans/?unit={world.unit.id}&state=reviewed") == []


def test_an_invisible_plan_is_never_counted(factory, world, client, auth):
    many_plans(factory, world, world.unit, world.drafter, 21)
    mine = many_plans(factory, world, world.other_unit, world.other_drafter, 1)
    auth.login("other")
    html = html_of(client, "/plans/")
    assert "1 kế hoạch" in html and "21 kế hoạch" not in html and "22 kế hoạch" not in html
    assert re.findall(r'href="/plans/(\d+)"', html) == [str(mine[0].id)]
    assert 'rel="next"' not in html
    assert "Thành ủy Rạch Giá" not in html  # no unit of hidden plans in the unit filter
    html = html_of(client, f"/plans/?unit={world.unit.id}&page=2")
    assert "Không có kế hoạch nào." in html and "0 kế hoạch" in html


def test_lists_in_english_count_with_plurals(factory, world, client, auth):
    from tests.fixtures.web import choose

    many_documents(factory, world, 25)
    auth.login("reader")
    choose(client, "en")
    html = html_of(client, "/documents/?type=CT")
    assert "26 documents" in html and "Next page →" in html and "Sort" in html
    assert "1 document<" in html_of(client, "/documents/?q=112-CT")
    assert "0 plans" in html_of(client, "/plans/")
    help_page = html_of(client, "/help/workflow")
    assert "needs a comment" in help_page and "Mass Mobilisation Commission (reviewer)" in help_page
    assert "Workflow of the plan:" in help_page and "cần ý kiến" not in help_page
