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

from flask import Flask, url_for
from flask_login import current_user
from markupsafe import Markup, escape

from documents.db import db
from documents.models import Document
from documents.references import link_citations_html
from documents.symbols import Symbol, symbol_key
from portal.links import record_url
from workflows.security import can


def _resolver(known: Mapping[str | None, int]) -> Callable[[Symbol], str]:
    found: dict[str | None, int | None] = dict(known)

    def href(symbol: Symbol) -> str:
        key = symbol_key(symbol)
        if key not in found:
            visible = [
                d.id
                for d in db.session.scalars(db.select(Document).filter_by(symbol_key=key))
                if can(current_user, d, "view")
            ]
            found[key] = visible[0] if len(visible) == 1 else None
        document_id = found[key]
        if document_id is not None:
            return record_url("document", document_id)
        return url_for("search.search", q=str(symbol))

    return href


def link_citations(html: str | None, known: Mapping[str | None, int] | None = None) -> Markup:
    """Sanitised ``html`` with its citation symbols as links; ``known`` maps symbol keys
    to the documents the caller has already resolved."""
    linked = link_citations_html(html or "", _resolver(known or {}))
    # Safe: ``html`` is sanitised at save time (or escaped text); the linker escapes hrefs.
    return Markup(linked)  # noqa: S704  # nosec B704


def link_citations_in_text(text: str | None) -> Markup:
    """Plain ``text`` (a comment), escaped, with its citation symbols as links."""
    return link_citations(str(escape(text or "")))


def init_citations(app: Flask) -> None:
    app.jinja_env.filters.update(cited=link_citations, cited_text=link_citations_in_text)
