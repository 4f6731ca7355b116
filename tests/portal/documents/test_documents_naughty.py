"""The naughty strings corpus as titles, bodies, clauses and comments: saving never fails
with a server error and no page carries anything executable."""

from __future__ import annotations

from html.parser import HTMLParser

from documents.rendering import render_markdown
from tests.conftest import AuthActions, csrf_from
from tests.fixtures.naughty import naughty_strings

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc"}


class Executable(HTMLParser):
    """Collects what a browser could run: script elements, on* handlers, script URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "iframe", "object", "embed", "base"):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}=")
            scheme = "".join((value or "").split()).lower()
            if name in URL_ATTRIBUTES and scheme.startswith(("javascript:", "data:", "vbscript:")):
                self.found.append(f"{tag} {name}={value}")
            if name == "style":
                self.found.append(f"{tag} style=")


def executable(html: str) -> list[str]:
    parser = Executable()
    parser.feed(html)
    parser.close()
    if "<script" in html.lower():
        parser.found.append("<script")
    return parser.found


def test_rendering_any_naughty_string_leaves_nothing_executable():
    for text in naughty_strings():
        assert executable(render_markdown(text)) == [], text


def chunks(strings: list[str], size: int) -> list[list[str]]:
    return [strings[i : i + size] for i in range(0, len(strings), size)]


def test_naughty_strings_saved_through_the_web_never_fail_and_stay_inert(app, world, client):
    strings = naughty_strings()
    AuthActions(client).login("reviewer")
    token = csrf_from(client.get("/documents/new").get_data(as_text=True))
    for number, chunk in enumerate(chunks(strings, 250), start=1):
        title = " ".join(chunk)[:480]
        clauses = "\n\n".join(f"{i}. {s}" for i, s in enumerate(chunk, start=1))
        response = client.post(
            "/documents/new",
            data={
                "action": "save",
                "csrf_token": token,
                "doc_type": "CT",
                "symbol": f"{number}-CT/BDVTU",
                "issuer_id": "0",
                "title": title,
                "body": "\n\n".join(chunk),
                "clauses": clauses,
            },
        )
        assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
        url = response.headers["Location"]
        html = client.get(url).get_data(as_text=True)
        assert executable(html) == []
        page = client.get(url).get_data(as_text=True)
        comment = " ".join(chunk)[:4000]
        published = client.post(
            f"{url}/transitions/publish",
            data={"csrf_token": csrf_from(page), "version": _version(page), "comment": comment},
        )
        assert published.status_code == 302
        assert executable(client.get(url).get_data(as_text=True)) == []


def _version(html: str) -> str:
    import re

    return re.search(r'name="version" value="(\d+)"', html).group(1)
