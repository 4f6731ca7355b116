"""Relations between documents: found in a document's text, stored, resolved, shown.

``detect_relations`` reads running text: each citation is related to the document
itself with the kind its sentence says ("tiếp tục thực hiện" → continues, "thực hiện" →
implements, "căn cứ" → based on, "thay thế" → replaces, otherwise cites); a citation
followed by "… thực hiện <type> số Y" says that the cited X implements Y, which is how a
directive states the chain 25-NQ/TW → 40-CTr/TU. Stored relations keep the citation as
written; they resolve to a document when one with that symbol (and date or term) exists,
and are resolved again whenever a document with that symbol is saved. A citation that fits
several documents stays ambiguous: the page lists the candidates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, literal_column, or_, select
from sqlalchemy.orm import QueryableAttribute, joinedload

from documents.db import DbSession
from documents.models import Document, enqueue_index
from documents.records import Relation
from documents.references import Citation, Resolution, find_citations, resolve_citation
from documents.symbols import format_symbol, parse_symbol, symbol_key

CHAIN_KINDS = ("implements", "continues", "based_on")
_BREAK_RE = re.compile(r"[.!?](?=\s)|\n")
_CHAIN_LEAD_RE = re.compile(
    r"(?:thực hiện|triển khai|cụ thể hóa|cụ thể hoá)\s+(?:[^\s,;.]+\s+){0,4}\Z", re.IGNORECASE
)
_CONTINUING_RE = re.compile(r"\s*tiếp tục\s*\Z", re.IGNORECASE)
_JOINED_RE = re.compile(r"(?:^|\s)(?:và|đồng thời|cũng như|cùng với)\Z", re.IGNORECASE)
_KIND_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("replaces", ("thay thế",)),
    ("based_on", ("căn cứ",)),
)
_DOING = ("thực hiện", "triển khai", "quán triệt")


@dataclass(frozen=True)
class FoundRelation:
    """A relation read from text; ``source`` None means the document itself."""

    kind: str
    source: Citation | None
    target: Citation


def _verb_kind(window: str) -> str | None:
    window = window.lower()
    for kind, words in _KIND_WORDS:
        if any(w in window for w in words):
            return kind
    if any(w in window for w in _DOING):
        return "continues" if "tiếp tục" in window else "implements"
    return None


def detect_relations(
    text: str, *, own_key: str | None = None, context_year: int | None = None
) -> list[FoundRelation]:
    """The relations ``text`` states, in order; citations of ``own_key`` are the document
    itself. Each cited document appears once as a target of the document itself."""
    found: list[FoundRelation] = []
    seen: set[tuple[str | None, str | None, str | None]] = set()
    previous: Citation | None = None
    sentence_kind: str | None = None
    cursor = 0
    for citation in find_citations(text, context_year=context_year):
        lead = text[cursor : citation.start]
        new_sentence = previous is None or bool(_BREAK_RE.search(lead))
        if new_sentence:
            sentence_kind = None
        own = own_key is not None and symbol_key(citation.symbol) == own_key
        chained = previous is not None and not new_sentence and _describes_previous(lead)
        if not own:
            key = symbol_key(citation.symbol)
            if chained and previous is not None:
                prev_own = own_key is not None and symbol_key(previous.symbol) == own_key
                source = None if prev_own else previous
                source_key = None if source is None else symbol_key(source.symbol)
                if (source_key, key, "chain") not in seen:
                    seen.add((source_key, key, "chain"))
                    found.append(FoundRelation("implements", source, citation))
                kind = "implements" if prev_own else "cites"
            else:
                start = max(cursor, _last_break(text, citation.start))
                window = re.split(r"[;,]", text[start : citation.start])[-1]
                kind = (
                    _verb_kind(window) or (sentence_kind if not new_sentence else None) or "cites"
                )
                sentence_kind = kind
            if (None, key, None) not in seen:
                seen.add((None, key, None))
                found.append(FoundRelation(kind, None, citation))
        previous = citation
        cursor = citation.end
    return found


def _describes_previous(lead: str) -> bool:
    """Whether the verb before a citation belongs to the citation before it ("Chương trình
    số 40-CTr/TU của Tỉnh ủy thực hiện Nghị quyết …"), not to the document itself: a verb
    after a comma or "và" ("…của Bộ Chính trị, tiếp tục thực hiện Nghị quyết …") opens a
    new phrase whose subject is the document stating it."""
    verb = _CHAIN_LEAD_RE.search(lead)
    if verb is None or ";" in lead:
        return False
    before = _CONTINUING_RE.sub("", lead[: verb.start()]).rstrip()
    return not (before.endswith((",", ":")) or _JOINED_RE.search(before))


def _last_break(text: str, end: int) -> int:
    start = 0
    for match in _BREAK_RE.finditer(text, 0, end):
        start = match.end()
    return start


def _candidates(session: DbSession, key: str) -> list[Document]:
    return list(session.scalars(select(Document).where(Document.symbol_key == key)))


def _as_citation(symbol: str, cited_date: date | None, term: str | None) -> Citation | None:
    parsed = parse_symbol(symbol)
    if parsed is None:
        return None
    return Citation(0, 0, parsed, None, cited_date, None, term)


def _resolve(
    session: DbSession, symbol: str, key: str, when: date | None, term: str | None
) -> Resolution[Any]:
    citation = _as_citation(symbol, when, term)
    if citation is None:
        return Resolution("missing")
    return resolve_citation(citation, _candidates(session, key))


def _validity_changed(session: DbSession, relation: Relation, *target_ids: int | None) -> None:
    """Queue the documents whose validity a "replaces" relation gave or took away for
    the search index, where their validity is a filter and is shown."""
    if relation.kind != "replaces":
        return
    for target_id in dict.fromkeys(target_ids):
        if target_id is not None:
            enqueue_index(session, "document", target_id)


def resolve_relation(session: DbSession, relation: Relation) -> None:
    """Point both ends of ``relation`` at the document they name, if exactly one fits."""
    was_target = relation.target_id
    if relation.origin == "text" and relation.source_id == relation.found_in_id:
        pass  # the document itself: always resolved
    else:
        result = _resolve(
            session,
            relation.source_symbol,
            relation.source_key,
            relation.source_date,
            relation.source_term,
        )
        relation.source_status = result.status
        relation.source_id = result.document.id if result.document else None
    result = _resolve(
        session,
        relation.target_symbol,
        relation.target_key,
        relation.target_date,
        relation.target_term,
    )
    relation.target_status = result.status
    relation.target_id = result.document.id if result.document else None
    if relation.target_id != was_target:
        _validity_changed(session, relation, was_target, relation.target_id)


def store_relations(session: DbSession, document: Document, context_year: int | None) -> None:
    """Replace the relations found in ``document``'s text by those its text states now."""
    for old in session.scalars(
        select(Relation).where(Relation.found_in_id == document.id, Relation.origin == "text")
    ):
        _validity_changed(session, old, old.target_id)
        session.delete(old)
    session.flush()
    own_key = document.symbol_key
    self_symbol = document.symbol or f"#{document.id}"
    self_key = own_key or f"#{document.id}"
    for position, found in enumerate(
        detect_relations(document.body, own_key=own_key, context_year=context_year)
    ):
        target = found.target
        relation = Relation(
            found_in_id=document.id,
            kind=found.kind,
            origin="text",
            position=position,
            target_symbol=format_symbol(target.symbol),
            target_key=symbol_key(target.symbol) or "",
            target_date=target.cited_date,
            target_term=target.term,
            target_type_name=target.type_name,
            target_issuer=(target.issuer_text or "")[:200] or None,
        )
        if found.source is None:
            relation.source_id = document.id
            relation.source_symbol, relation.source_key = self_symbol, self_key
            relation.source_status = "resolved"
        else:
            relation.source_symbol = format_symbol(found.source.symbol)
            relation.source_key = symbol_key(found.source.symbol) or ""
            relation.source_date = found.source.cited_date
            relation.source_term = found.source.term
            relation.source_id = None
        session.add(relation)
        resolve_relation(session, relation)
    session.flush()


def resolve_pending(session: DbSession, document: Document) -> None:
    """Resolve again every relation naming ``document``'s symbol or pointing at it: a
    citation kept while the document was missing now finds it, and one that now fits
    several documents becomes ambiguous."""
    conditions = [Relation.target_id == document.id, Relation.source_id == document.id]
    if document.symbol_key:
        conditions += [
            Relation.target_key == document.symbol_key,
            Relation.source_key == document.symbol_key,
        ]
    for relation in session.scalars(select(Relation).where(or_(*conditions))):
        if relation.found_in_id == document.id and relation.source_id == document.id:
            relation.source_symbol = document.symbol or f"#{document.id}"
            relation.source_key = document.symbol_key or f"#{document.id}"
        resolve_relation(session, relation)
    session.flush()


def candidates_for(session: DbSession, relation: Relation) -> list[Document]:
    """The documents an ambiguous relation's target may be."""
    result = _resolve(
        session,
        relation.target_symbol,
        relation.target_key,
        relation.target_date,
        relation.target_term,
    )
    return list(result.matches)


def relations_found_in(session: DbSession, document: Document) -> list[Relation]:
    """Every relation stated by ``document``, in the order of its text, with the
    document each points at (in the same statement, not one more per relation)."""
    return list(
        session.scalars(
            select(Relation)
            .options(joinedload(Relation.target))
            .where(Relation.found_in_id == document.id)
            .order_by(Relation.origin, Relation.position, Relation.id)
        )
    )


def relations_to(session: DbSession, document: Document) -> list[Relation]:
    """Relations of other documents whose target is ``document``, with the document each
    was found in."""
    return list(
        session.scalars(
            select(Relation)
            .options(joinedload(Relation.found_in))
            .where(Relation.target_id == document.id, Relation.source_id != document.id)
            .order_by(Relation.id)
        )
    )


def parents_of(session: DbSession, document: Document) -> list[tuple[str, Document]]:
    """(kind, document) that ``document`` implements, continues or is based on."""
    rows = session.scalars(
        select(Relation)
        .options(joinedload(Relation.target))
        .where(
            Relation.source_id == document.id,
            Relation.kind.in_(CHAIN_KINDS),
            Relation.target_id.isnot(None),
        )
        .order_by(Relation.id)
    )
    return _unique((r.kind, r.target) for r in rows if r.target is not None)


def chain_parents(
    session: DbSession, document: Document, steps: int
) -> dict[int, list[tuple[str, Document]]]:
    """Document id → ``parents_of`` that document, for ``document`` and every document up
    to ``steps`` steps above it along resolved chain relations. A cycle ends at the step
    limit (each document is kept once per step).

    One statement however long the chain, in place of ``parents_of`` once per document:
    a recursive CTE (SQLite and PostgreSQL) finds the documents above, and their chain
    relations come back with the documents they point at. The caller decides what it may
    show; nothing is filtered here.
    """
    return _chain(session, document, steps, Relation.source_id, Relation.target_id)


def chain_children(
    session: DbSession, document: Document, steps: int
) -> dict[int, list[tuple[str, Document]]]:
    """Document id → ``children_of`` that document, for ``document`` and every document up
    to ``steps`` steps below it: ``chain_parents`` the other way down, one statement
    however many documents implement it. Nothing is filtered for the reader here."""
    return _chain(
        session,
        document,
        steps,
        Relation.target_id,
        Relation.source_id,
        Relation.source_id != Relation.target_id,  # as children_of: not itself
    )


def _chain(
    session: DbSession,
    document: Document,
    steps: int,
    near: QueryableAttribute[int | None],
    far: QueryableAttribute[int | None],
    *also: ColumnElement[bool],
) -> dict[int, list[tuple[str, Document]]]:
    """The chain relations from ``document`` along ``near`` → ``far`` (source → target
    walks up, target → source down), ``steps`` deep: near document id → the far ones."""
    chained = (Relation.kind.in_(CHAIN_KINDS), far.isnot(None), *also)
    walked = (
        select(Document.id.label("doc_id"), literal_column("0").label("step"))
        .where(Document.id == document.id)
        .cte("walked", recursive=True)
    )
    walked = walked.union(
        select(far, walked.c.step + 1)
        .join(walked, near == walked.c.doc_id)
        .where(*chained, walked.c.step < steps)
    )
    rows = session.execute(
        select(near, Relation.kind, Document)
        .join(Document, far == Document.id)
        .where(near.in_(select(walked.c.doc_id)), *chained)
        .order_by(near, Relation.id)
    )
    found: dict[int, list[tuple[str, Document]]] = {}
    for near_id, kind, other in rows:
        if near_id is not None:  # always: the query asks for one in the chain
            found.setdefault(near_id, []).append((kind, other))
    return {near_id: _unique(pairs) for near_id, pairs in found.items()}


def children_of(session: DbSession, document: Document) -> list[tuple[str, Document]]:
    """(kind, document) of the documents that implement, continue or rest on ``document``."""
    rows = session.scalars(
        select(Relation)
        .options(joinedload(Relation.source))
        .where(
            Relation.target_id == document.id,
            Relation.kind.in_(CHAIN_KINDS),
            Relation.source_id.isnot(None),
            Relation.source_id != document.id,
        )
    )
    return _unique((r.kind, r.source) for r in rows if r.source is not None)


def _unique(pairs: Iterable[tuple[str, Document]]) -> list[tuple[str, Document]]:
    seen: set[int] = set()
    result = []
    for kind, doc in pairs:
        if doc.id not in seen:
            seen.add(doc.id)
            result.append((kind, doc))
    return result


def replaced_by(session: DbSession, document: Document) -> list[Document]:
    """Published documents that state they replace ``document``."""
    rows = session.scalars(
        select(Relation)
        .options(joinedload(Relation.source))
        .where(
            Relation.target_id == document.id,
            Relation.kind == "replaces",
            Relation.source_id.isnot(None),
            Relation.source_id != document.id,
        )
    )
    return [d for _k, d in _unique(("replaces", r.source) for r in rows if r.source) if d.published]
