"""What a document's page shows besides its fields: the citations it makes, who cites
it, the implementation chain and the body with its citations as links. Everything is
filtered by what the current user may see: a document the user may not read is shown
as the citation text only, like a document that is not in the portal."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from flask_login import current_user
from markupsafe import escape
from sqlalchemy import func
from sqlalchemy.orm import load_only

from documents.db import db
from documents.models import Assignment, Document, OrgUnit, Plan
from documents.permissions import principals_of
from documents.records import Relation
from documents.relations import (
    candidates_for,
    chain_children,
    chain_parents,
    relations_found_in,
    relations_to,
)
from documents.rendering import BodyTooComplex, BodyTooLong, render_markdown
from documents.symbols import symbol_key
from portal.citations import link_citations
from portal.links import record_row_url
from portal.rows import state_badges
from workflows.security import holds

CHAIN_DEPTH = 6


def visible(document: Document | None, principals: frozenset[str]) -> bool:
    """Whether the reader holding ``principals`` (worked out once per page) may read it."""
    return document is not None and holds(principals, document, "view")


@dataclass
class CitedItem:
    relation: Relation
    document: Document | None  # resolved and visible
    candidates: list[Document] = field(default_factory=list)  # ambiguous, visible ones

    @property
    def status(self) -> str:
        if self.document is not None:
            return "resolved"
        return "ambiguous" if len(self.candidates) > 1 else "missing"


@dataclass
class ChainNode:
    kind: str
    document: Document
    children: list[ChainNode]
    assignments: int
    plans: list[PlanLine]
    reports: int


def cites(document: Document, principals: frozenset[str]) -> tuple[list[CitedItem], list[Relation]]:
    """(what the document cites, the relations between other documents it states)."""
    items, statements = [], []
    for relation in relations_found_in(db.session, document):
        if relation.source_id != document.id:
            statements.append(relation)
            continue
        target = relation.target if visible(relation.target, principals) else None
        candidates = []
        if relation.target_status == "ambiguous":
            candidates = [d for d in candidates_for(db.session, relation) if visible(d, principals)]
            if len(candidates) == 1:
                target, candidates = candidates[0], []
        items.append(CitedItem(relation, target, candidates))
    return items, statements


def cited_by(document: Document, principals: frozenset[str]) -> list[tuple[Relation, Document]]:
    """(relation, document) of the visible documents that cite or implement this one."""
    seen: set[int] = set()
    found = []
    for relation in relations_to(db.session, document):
        source = relation.found_in
        if source.id in seen or source.id == document.id or not visible(source, principals):
            continue
        seen.add(source.id)
        found.append((relation, source))
    return found


class UnitNames(NamedTuple):
    name: str
    short_name: str


class PlanLine(NamedTuple):
    """A plan as the page and its graph name it: its unit and its state."""

    id: int
    state: str
    unit: UnitNames


class AssignedPlans(NamedTuple):
    """How many units a document is assigned to, the plans of them the user may view (in
    assignment order) and how many of those have a results report."""

    assigned: int
    plans: list[PlanLine]
    reports: int


def _plans(document: Document, principals: frozenset[str]) -> AssignedPlans:
    """The document's assignments counted and their plans the user may view."""
    return _plans_of([document.id], principals)[document.id]


def _plans_of(document_ids: list[int], principals: frozenset[str]) -> dict[int, AssignedPlans]:
    """For each document, its assignments counted and their plans the user may view.

    One query for all of them, each assignment with its plan if it has one and the unit
    the page names (not one per assignment and one per unit; the assignments themselves
    are not loaded, the page only counts them), and the user's principals worked out
    once, not once per plan. Only the columns the page and the permission check read: a
    plan's texts are most of its row and the page shows none of them, only whether a
    report was written.
    """
    found = db.session.execute(
        db.select(
            Assignment.document_id,
            Plan,
            OrgUnit.name,
            OrgUnit.short_name,
            func.coalesce(Plan.report_html, "") != "",
        )
        .outerjoin(Plan, Plan.assignment_id == Assignment.id)
        .outerjoin(OrgUnit, Plan.unit_id == OrgUnit.id)
        .filter(Assignment.document_id.in_(document_ids))
        .options(load_only(Plan.id, Plan.unit_id, Plan.state, Plan.submitted_at))
        .order_by(Assignment.id)
    )
    tallies: dict[int, tuple[int, list[PlanLine], int]]
    tallies = {document_id: (0, [], 0) for document_id in document_ids}
    for document_id, plan, name, short_name, reported in found:
        assigned, plans, reports = tallies[document_id]
        if plan is not None and holds(principals, plan, "view"):
            plans.append(PlanLine(plan.id, plan.state, UnitNames(name, short_name)))
            reports += bool(reported)
        tallies[document_id] = (assigned + 1, plans, reports)
    return {document_id: AssignedPlans(*tally) for document_id, tally in tallies.items()}


def upstream(document: Document, principals: frozenset[str]) -> list[list[Document]]:
    """Every path of documents this one implements, root first (not including itself):
    at most ``CHAIN_DEPTH`` documents above it, none twice on a path, each visible to the
    reader. The documents above are read in one query (``chain_parents``), whatever the
    depth."""
    parents = chain_parents(db.session, document, CHAIN_DEPTH - 1)

    def paths_to(current: Document, seen: frozenset[int]) -> list[list[Document]]:
        seen = seen | {current.id}
        if len(seen) > CHAIN_DEPTH:
            return [[]]
        paths: list[list[Document]] = []
        for _kind, parent in parents.get(current.id, ()):
            if parent.id in seen or not visible(parent, principals):
                continue
            paths.extend(path + [parent] for path in paths_to(parent, seen))
        return paths or [[]]

    return paths_to(document, frozenset())


def downstream(document: Document, principals: frozenset[str]) -> list[ChainNode]:
    """The documents that implement this one, each with its own, and their plans: at most
    ``CHAIN_DEPTH`` documents down a path, none twice on it, each visible to the reader.
    The documents below are read in one query (``chain_children``) and the plans of all
    of them in another, however many there are."""
    children = chain_children(db.session, document, CHAIN_DEPTH - 1)
    shown: list[int] = []  # every document the tree shows, for their plans

    def tree(current: Document, seen: frozenset[int]) -> list[tuple[str, Document, list]]:
        seen = seen | {current.id}
        if len(seen) > CHAIN_DEPTH:
            return []
        branch = []
        for kind, child in children.get(current.id, ()):
            if child.id not in seen and visible(child, principals):
                shown.append(child.id)
                branch.append((kind, child, tree(child, seen)))
        return branch

    found = tree(document, frozenset())
    plans = _plans_of(shown, principals) if shown else {}

    def nodes(branch: list[tuple[str, Document, list]]) -> list[ChainNode]:
        return [
            ChainNode(kind, child, nodes(below), *plans[child.id]) for kind, child, below in branch
        ]

    return nodes(found)


def linked_body(document: Document, items: list[CitedItem]) -> str:
    """The sanitised body with every cited symbol as a link: to the document its relation
    resolved to when that one is visible, otherwise as ``link_citations`` decides."""
    known = {symbol_key(document.symbol): document.id} if document.symbol else {}
    for item in items:
        if item.document is not None:
            known.setdefault(item.relation.target_key, item.document.id)
    return link_citations(document.body_html, known)


def clause_html(text: str) -> str:
    """A clause's Markdown as sanitised HTML, rendered when shown: clauses are short
    pieces of a body that was rendered within the limits when it was saved. A clause
    entered apart that is over the limits is shown as escaped text."""
    try:
        return _rendered(text)
    except (BodyTooLong, BodyTooComplex):
        return str(escape(text))


@lru_cache(maxsize=512)
def _rendered(text: str) -> str:
    """``render_markdown`` kept by the text itself: the HTML of a text never changes, so
    a clause edited is a new key, never a stale page. A refusal is not kept (a time limit
    missed under load is tried again)."""
    return render_markdown(text)


def page_context(document: Document) -> dict[str, object]:
    """Everything the page template needs about relations and the chain."""
    principals = principals_of(current_user)  # once for the page, not once per record
    items, statements = cites(document, principals)
    assigned, plans, reports = _plans(document, principals)
    return {
        "cites": items,
        "statements": statements,
        "cited_by": cited_by(document, principals),
        "upstream": upstream(document, principals),
        "downstream": downstream(document, principals),
        "assigned": assigned,
        "plans": plans,
        "reports": reports,
        "plan_url": record_row_url("plan"),
        "badge": state_badges(),
        "body_html": linked_body(document, items),
        "clauses": [(c.number, clause_html(c.text)) for c in document.clauses],
    }
