"""Hostile input: naughty strings as queries, XSS payloads as indexed text (both backends)."""

from __future__ import annotations

import json
import re

EVERYONE = frozenset({"authenticated"})
_TAG_RE = re.compile(r"<(?!/?mark>)")


def test_naughty_strings_as_queries_never_break_search(
    drain, corpora_path, search_world, search_session, search_backend
):
    strings = json.loads((corpora_path("naughty") / "blns.json").read_text(encoding="utf-8"))
    search_world.document("Về công tác dân vận", "Nội dung 11-CT/TU, undefined, null, NaN.")
    drain()
    with search_backend.service as service:
        for text in strings:
            results = service.search(text, EVERYONE)
            for hit in results.hits:
                assert not _TAG_RE.search(hit.snippet_html), (text, hit.snippet_html)


def test_xss_payloads_in_indexed_text_come_back_escaped(
    drain, corpora_path, search_world, search_session, search_backend
):
    folder = corpora_path("naughty")
    for name in ("xss_alert.txt", "xss_intruders.txt"):
        payloads = (folder / name).read_text(encoding="utf-8", errors="replace").splitlines()
        for start in range(0, len(payloads), 40):
            body = "dân vận " + "\n".join(payloads[start : start + 40])
            search_world.document(f"Tài liệu {name} {start}", body)
    drain(batch=1000)
    with search_backend.service as service:
        for query in ("alert", "dân vận", "script", "onerror", "javascript"):
            results = service.search(query, EVERYONE, limit=100)
            assert results.total > 0, query
            for hit in results.hits:
                assert not _TAG_RE.search(hit.snippet_html), hit.snippet_html
