"""The menu offers only the pages the user may open (issue #13, item 3): every link in
every role's menu answers 200, never 403; the follow-up is offered to its readers only."""

from __future__ import annotations

import re

import pytest

from portal.demo import data as demo_data
from tests.conftest import AuthActions, csrf_from
from tests.fixtures.roles import ROLES

NAV = re.compile(r'<nav aria-label="Chính">(.*?)</nav>', re.S)


def menu_links(html: str) -> dict[str, str]:
    nav = NAV.search(html).group(1)
    return {label: href for href, label in re.findall(r'<a href="([^"]+)">([^<]+)</a>', nav)}


@pytest.mark.parametrize("role", ROLES)
def test_every_menu_link_of_every_role_opens(world, client, auth, role):
    auth.login(world.by_role(role).username)
    links = menu_links(client.get("/").get_data(as_text=True))
    assert {"Trang chủ", "Văn bản", "Kế hoạch", "Hộp thư"} <= set(links)
    for label, href in links.items():
        assert client.get(href).status_code == 200, f"{role}: {label} ({href})"
    follows_up = role in ("reviewer", "admin")
    assert ("Theo dõi thực hiện" in links) == follows_up


def test_the_menu_speaks_english_to_an_english_reader(world, client, auth):
    auth.login("reviewer")
    token = csrf_from(client.get("/").get_data(as_text=True))
    client.post("/lang/en", data={"csrf_token": token, "next": "/"})
    html = client.get("/").get_data(as_text=True)
    nav = re.search(r'<nav aria-label="[^"]*">(.*?)</nav>', html, re.S).group(1)
    labels = set(re.findall(r'<a href="[^"]+">([^<]+)</a>', nav))
    assert {"Home", "Documents"} <= labels and "Văn bản" not in labels


def test_every_menu_link_of_every_demo_account_opens(app):
    """The accounts ``make run`` offers: none is shown a link that answers 403."""
    runner = app.test_cli_runner()
    assert runner.invoke(args=["seed-demo"], catch_exceptions=False).exit_code == 0
    for account in demo_data.USERS:
        client = app.test_client()
        assert (
            AuthActions(client).login(account["username"], demo_data.DEMO_PASSWORD).status_code
            == 302
        )
        links = menu_links(client.get("/").get_data(as_text=True))
        assert "Văn bản" in links, account["username"]
        for label, href in links.items():
            status = client.get(href).status_code
            assert status == 200, f"{account['username']}: {label} ({href}) answers {status}"
