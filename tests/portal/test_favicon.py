"""The site icon: browsers ask for ``/favicon.ico`` on every visit (issue 13, item 16)."""

from __future__ import annotations

import re


def test_favicon_ico_answers_with_an_icon_that_may_be_cached(client):
    with client.get("/favicon.ico") as response:
        assert response.status_code == 200
        assert response.mimetype in ("image/vnd.microsoft.icon", "image/x-icon")
        assert response.get_data()[:4] == b"\x00\x00\x01\x00"  # the ICO header
    max_age = re.search(r"max-age=(\d+)", response.headers.get("Cache-Control", ""))
    assert max_age and int(max_age.group(1)) >= 24 * 3600


def test_every_page_links_the_svg_icon(client):
    html = client.get("/auth/login").get_data(as_text=True)
    link = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', html)
    assert link, "base.html links no icon"
    with client.get(link.group(1)) as icon:
        assert icon.status_code == 200
        assert icon.mimetype == "image/svg+xml"
        assert b"<svg" in icon.get_data()
