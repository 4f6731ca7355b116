"""Citation symbols as links wherever the portal shows text: document and plan bodies,
reports, and the comments of the workflow history.

``documents.references.link_citations_html`` does the HTML work; this module decides,
for the current user, where a symbol points: the document the caller already resolved
(a document's own relations), else the one visible document with that symbol, else a
search for the symbol (which lists the candidates when there are several, and says
nothing of documents the user may not read).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from flask import Flask, has_request_context, request, url_for
from flask_login import current_user
from markupsafe import Markup, escape

from documents.db import db
from documents.models import Document
from documents.references import link_citations_html
from documents.symbols import Symbol, find_symbols, nfc, symbol_key
from portal.links import record_url
from workflows.security import can


def _visible_targets(keys: set[str | None]) -> dict[str | None, int | None]:
    """For each symbol key, the one document with it the user may read (None when there
    are none or several), found in one statement for all of them."""
    found: dict[str | None, list[int]] = {key: [] for key in keys}
    wanted = [key for key in keys if key is not None]
    if wanted:
        for document in db.session.scalars(
            db.select(Document).filter(Document.symbol_key.in_(wanted)).order_by(Document.id)
        ):
            if can(current_user, document, "view"):
                found[document.symbol_key].append(document.id)
    return {key: ids[0] if len(ids) == 1 else None for key, ids in found.items()}


def look_up_citations(
    *texts: str | None, known: Mapping[str | None, int] | None = None
) -> dict[str | None, int | None]:
    """Where the symbols of ``texts`` point for the current user, looked up together and
    kept for the rest of the request. A page that links many texts (a plan's body, its
    report and every comment of its history) calls this first with all of them, so its
    statements do not grow with its history. Keys in ``known`` (already resolved by the
    caller) are not looked up."""
    found: dict[str | None, int | None] = (
        request.environ.setdefault("portal.citation_targets", {}) if has_request_context() else {}
    )
    keys = {symbol_key(s) for text in texts if text for _a, _b, s in find_symbols(nfc(text))}
    missing = keys - found.keys() - (known or {}).keys()
    if missing:
        found.update(_visible_targets(missing))
    return found


def _resolver(html: str, known: Mapping[str | None, int]) -> Callable[[Symbol], str]:
    found = look_up_citations(html, known=known)

    def href(symbol: Symbol) -> str:
        key = symbol_key(symbol)
        if key in known:
            return record_url("document", known[key])
        if key not in found:  # a symbol the look-up did not see in the raw text
            found.update(_visible_targets({key}))
        document_id = found[key]
        if document_id is not None:
            return record_url("document", document_id)
        return url_for("search.search", q=str(symbol))

    return href


def link_citations(html: str | None, known: Mapping[str | None, int] | None = None) -> Markup:
    """Sanitised ``html`` with its citation symbols as links; ``known`` maps symbol keys
    to the documents the caller has already resolved."""
    linked = link_citations_html(html or "", _resolver(html or "", known or {}))
    # Safe: ``html`` is sanitised at save time (or escaped text); the linker escapes hrefs.
    return Markup(linked)  # noqa: S704  # nosec B704


def link_citations_in_text(text: str | None) -> Markup:
    """Plain ``text`` (a comment), escaped, with its citation symbols as links."""
    return link_citations(str(escape(text or "")))


def init_citations(app: Flask) -> None:
    app.jinja_env.filters.update(cited=link_citations, cited_text=link_citations_in_text)
