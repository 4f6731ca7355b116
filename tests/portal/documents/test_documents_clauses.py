"""The clauses of a document are shown as sanitised HTML, not as raw Markdown (issue #13,
item 2)."""

from __future__ import annotations

from documents.records import Clause


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
