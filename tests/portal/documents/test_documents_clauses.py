"""The clauses of a document are shown as sanitised HTML, not as raw Markdown (issue #13,
item 2)."""

from __future__ import annotations

from documents.records import Clause
from documents.rendering import render_markdown
from portal.documents import pages


def test_clauses_show_their_markdown_rendered_and_sanitised(world, session, client, auth):
    world.directive.clauses.append(
        Clause(number=1, text="**Các tổ chức chính trị - xã hội** rà soát, _quản lý_ hội viên.")
    )
    world.directive.clauses.append(
        Clause(number=2, text="Ban cán sự đảng <script>alert(1)</script>[hỗ trợ](javascript:x)")
    )
    session.commit()
    auth.login("reader")
    html = client.get(f"/documents/{world.directive.id}").get_data(as_text=True)
    section = html[html.index('id="clauses"') :]
    assert "Các nhiệm vụ (2 khoản)" in section
    assert "<strong>Các tổ chức chính trị - xã hội</strong>" in section
    assert "<em>quản lý</em>" in section
    assert "**" not in section
    assert "<script>" not in section and "javascript:" not in section


def test_a_clause_is_rendered_once_for_many_views_and_again_when_edited(
    world, session, client, auth, monkeypatch
):
    rendered: list[str] = []

    def counting(text: str) -> str:
        rendered.append(text)
        return render_markdown(text)

    monkeypatch.setattr(pages, "render_markdown", counting)
    pages._rendered.cache_clear()
    clause = Clause(number=1, text="Rà soát _hội viên_ một lần.")
    world.directive.clauses.append(clause)
    session.commit()
    auth.login("reader")
    for _ in range(3):
        html = client.get(f"/documents/{world.directive.id}").get_data(as_text=True)
        assert "<em>hội viên</em>" in html
    assert rendered == ["Rà soát _hội viên_ một lần."]
    clause.text = "Rà soát **đoàn viên**."
    session.commit()
    html = client.get(f"/documents/{world.directive.id}").get_data(as_text=True)
    assert "<strong>đoàn viên</strong>" in html and "<em>hội viên</em>" not in html
