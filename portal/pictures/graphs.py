"""Geometry of two server-rendered SVG pictures (no JavaScript): a plan's history as a
timeline and a document's citation graph (the workflow diagram of the help page is in
``portal.pictures.workflow``).

The functions are pure: they take plain values (or objects read through their
attributes) and return dataclasses of coordinates and texts; the templates under
``templates/*/_*.svg.html`` turn them into SVG, escaping every text. The texts they
compose (summaries, labels) are in the reader's language; outside an application context
they stay Vietnamese (the message ids).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext, lazy_gettext, ngettext

from workflows.definitions import COMMISSION_REVIEWER, UNIT_DRAFTER, UNIT_HEAD, Workflow

PRINCIPAL_LABELS = {
    UNIT_DRAFTER: lazy_gettext("người soạn thảo của đơn vị"),
    UNIT_HEAD: lazy_gettext("lãnh đạo đơn vị"),
    COMMISSION_REVIEWER: lazy_gettext("Ban Dân vận (người duyệt)"),
    "admin": lazy_gettext("quản trị"),
    "authenticated": lazy_gettext("mọi cán bộ"),
}
LABEL_CHARS = 30


def clip(text: str | None, limit: int = LABEL_CHARS) -> str:
    """``text`` on one line, cut with an ellipsis so that it fits a box."""
    flat = " ".join((text or "").split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def principal_label(template: str) -> str:
    return str(PRINCIPAL_LABELS.get(template, template))


def _t(message_id: str | None) -> str:
    """A message id held in data (a state's or a transition's title) translated."""
    return gettext(message_id) if message_id else ""


# --- The plan's history as a vertical timeline -------------------------------------------

TL_WIDTH = 380
TL_TOP = 18
TL_STEP = 58
TL_X = 16  # the x of the line and the dots


@dataclass(frozen=True)
class TimelineStep:
    y: int
    when: str
    action: str
    actor: str
    source: str
    dest: str
    dest_state: str
    commented: bool


@dataclass(frozen=True)
class Timeline:
    steps: list[TimelineStep]
    current: str  # the current state's name
    current_title: str
    current_y: int
    width: int
    height: int
    line_x: int
    summary: str


def plan_timeline(
    workflow: Workflow,
    events: Iterable[Any],
    current: str,
    *,
    fmt: Callable[[Any], str] = str,
) -> Timeline:
    """One dot per workflow event (oldest first: when, who, from → to), then the current
    state. ``events`` carry ``transition``, ``from_state``, ``to_state``, ``created_at``,
    ``comment`` and ``actor.full_name``; ``fmt`` formats ``created_at``."""
    titles = workflow.state_titles
    steps = []
    for index, event in enumerate(events):
        transition = workflow.transition(event.transition)
        actor = getattr(event, "actor", None)
        steps.append(
            TimelineStep(
                y=TL_TOP + index * TL_STEP,
                when=fmt(event.created_at),
                action=transition.title if transition else event.transition,
                actor=clip(getattr(actor, "full_name", ""), 40),
                source=titles.get(event.from_state, event.from_state),
                dest=titles.get(event.to_state, event.to_state),
                dest_state=event.to_state,
                commented=bool(getattr(event, "comment", "")),
            )
        )
    current_y = TL_TOP + len(steps) * TL_STEP
    current_title = titles.get(current, current)
    summary = (
        ngettext(
            "Lịch sử kế hoạch: %(num)d bước xử lý; trạng thái hiện tại: %(state)s.",
            "Lịch sử kế hoạch: %(num)d bước xử lý; trạng thái hiện tại: %(state)s.",
            len(steps),
            state=_t(current_title),
        )
        if steps
        else gettext(
            "Kế hoạch chưa qua bước xử lý nào; trạng thái hiện tại: %(state)s.",
            state=_t(current_title),
        )
    )
    return Timeline(
        steps=steps,
        current=current,
        current_title=current_title,
        current_y=current_y,
        width=TL_WIDTH,
        height=current_y + 22,
        line_x=TL_X,
        summary=summary,
    )


# --- A document's citation graph, in tiers ------------------------------------------------

GR_WIDTH = 480
GR_BOX_W = 226
GR_BOX_H = 44
GR_COL_GAP = 28
GR_ROW_GAP = 16
GR_TIER_GAP = 46
GR_COLUMNS = 2
# Up to this many plans, one box per plan (its unit); more, one box per state with the
# number of plans in it (150 units would make the graph 75 rows tall; the page lists
# each plan below it, and the coverage matrix has them by unit).
GR_PLAN_NODES = 6


@dataclass(frozen=True)
class GraphNode:
    kind: str  # "center", "cited" (this document cites it), "citing", "plan"
    label: str
    sub: str
    x: int
    y: int
    w: int = GR_BOX_W
    h: int = GR_BOX_H
    resolved: bool = True  # False: a citation not (visibly) in the portal


@dataclass(frozen=True)
class GraphEdge:
    path: str  # SVG path data, from the citing document to the cited one
    relation: str


@dataclass(frozen=True)
class Graph:
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    width: int
    height: int
    summary: str
    has_upper: bool
    has_lower: bool
    upper_y: int = 0
    lower_y: int = 0


@dataclass(frozen=True)
class Link:
    """One neighbour of the document: its label, a second line and the relation."""

    label: str
    sub: str
    relation: str
    resolved: bool = True
    count: int = 1  # plans drawn as one box (by state): how many


def _tier(links: Sequence[Link], kind: str, top: int) -> tuple[list[GraphNode], int]:
    """Nodes of one tier in rows of ``GR_COLUMNS``, centred; returns (nodes, bottom)."""
    nodes = []
    for index, link in enumerate(links):
        row, col = divmod(index, GR_COLUMNS)
        in_row = min(GR_COLUMNS, len(links) - row * GR_COLUMNS)
        row_width = in_row * GR_BOX_W + (in_row - 1) * GR_COL_GAP
        x = (GR_WIDTH - row_width) // 2 + col * (GR_BOX_W + GR_COL_GAP)
        y = top + row * (GR_BOX_H + GR_ROW_GAP)
        sub = " · ".join(filter(None, [link.relation, link.sub]))
        nodes.append(
            GraphNode(kind, clip(link.label, 26), clip(sub, 36), x, y, resolved=link.resolved)
        )
    rows = -(-len(links) // GR_COLUMNS)
    return nodes, top + rows * (GR_BOX_H + GR_ROW_GAP) - GR_ROW_GAP if links else top


def _route(centre: GraphNode, node: GraphNode, upward: bool) -> str:
    """An orthogonal path along the trunk below (or above) the document, which runs in
    the gap between the two columns, then across to the node's inner side; so no edge
    crosses a box. ``upward``: from the document to a node above it."""
    cx = centre.x + centre.w // 2
    if node.x <= cx <= node.x + node.w:  # the node sits on the trunk
        if upward:
            return f"M{cx},{centre.y} V{node.y + node.h}"
        return f"M{cx},{node.y} V{centre.y + centre.h}"
    side = node.x + node.w if node.x + node.w < cx else node.x
    mid = node.y + node.h // 2
    if upward:
        return f"M{cx},{centre.y} V{mid} H{side}"
    return f"M{side},{mid} H{cx} V{centre.y + centre.h}"


def citation_graph(
    label: str, sub: str, cited: Sequence[Link], citing: Sequence[Link], plans: Sequence[Link]
) -> Graph:
    """The document in the middle; above, what it cites or implements (arrows point up,
    from the citing to the cited); below, the documents and the plans that cite or
    implement it (arrows point up to the document)."""
    top = 24 if cited else 8
    upper, bottom = _tier(cited, "cited", top)
    centre_y = bottom + GR_TIER_GAP if cited else top
    centre = GraphNode("center", clip(label), clip(sub, 34), (GR_WIDTH - GR_BOX_W) // 2, centre_y)
    below = list(citing) + list(plans)
    lower_top = centre_y + GR_BOX_H + GR_TIER_GAP
    lower, bottom = _tier(below, "citing", lower_top)
    lower = [
        n if i < len(citing) else GraphNode("plan", n.label, n.sub, n.x, n.y)
        for i, n in enumerate(lower)
    ]
    edges = [
        GraphEdge(_route(centre, node, node.kind == "cited"), link.relation)
        for node, link in zip([*upper, *lower], [*cited, *below], strict=True)
    ]
    height = bottom + 30 if below else centre_y + GR_BOX_H + 12
    return Graph(
        nodes=[*upper, centre, *lower],
        edges=edges,
        width=GR_WIDTH,
        height=height,
        summary=_graph_summary(label, cited, citing, plans),
        has_upper=bool(cited),
        has_lower=bool(below),
        upper_y=12,
        lower_y=bottom + 22,
    )


def _names(links: Sequence[Link]) -> str:
    return ", ".join(f"{link.label} ({link.relation})" for link in links)


def _graph_summary(
    label: str, cited: Sequence[Link], citing: Sequence[Link], plans: Sequence[Link]
) -> str:
    parts = [gettext("Sơ đồ dẫn chiếu của %(label)s.", label=label)]
    parts.append(
        gettext("Dẫn chiếu: %(names)s.", names=_names(cited))
        if cited
        else gettext("Không dẫn chiếu văn bản nào.")
    )
    if citing:
        parts.append(gettext("Được dẫn chiếu bởi: %(names)s.", names=_names(citing)))
    if plans:
        parts.append(
            ngettext(
                "%(num)d kế hoạch thực hiện: %(names)s.",
                "%(num)d kế hoạch thực hiện: %(names)s.",
                sum(p.count for p in plans),
                names=", ".join(p.label if p.count == 1 else f"{p.label} {p.count}" for p in plans),
            )
        )
    return " ".join(parts)


def document_graph(
    document: Any,
    cites: Iterable[Any],
    cited_by: Iterable[tuple[Any, Any]],
    plans: Iterable[Any],
    *,
    state_titles: dict[str, str],
    type_name: Callable[[str], str] = str,
) -> Graph:
    """The graph of a document page from what ``portal.documents.pages`` computed:
    ``cites`` (CitedItem), ``cited_by`` ((relation, document)) and the visible plans."""
    cited = [
        Link(
            item.relation.target_symbol or "",
            item.document.title if item.document is not None else gettext("chưa có trong hệ thống"),
            _t(item.relation.kind_label),
            resolved=item.document is not None,
        )
        for item in cites
    ]
    citing = [
        Link(source.symbol or source.title, source.title, _t(relation.kind_label))
        for relation, source in cited_by
    ]
    # Each state's title and the edge's label translated once, not once per plan.
    titles = {state: _t(title) for state, title in state_titles.items()}
    implements = gettext("kế hoạch thực hiện")
    plans = list(plans)
    if len(plans) > GR_PLAN_NODES:
        counted = Counter(plan.state for plan in plans)
        plan_links = [
            Link(
                titles.get(state) or _t(state),
                "",
                ngettext(
                    "%(num)d kế hoạch thực hiện", "%(num)d kế hoạch thực hiện", counted[state]
                ),
                count=counted[state],
            )
            for state in dict.fromkeys([*titles, *counted])
            if counted[state]
        ]
    else:
        plan_links = [
            Link(
                plan.unit.short_name or plan.unit.name,
                titles.get(plan.state) or _t(plan.state),
                implements,
            )
            for plan in plans
        ]
    sub = type_name(document.doc_type) if getattr(document, "doc_type", None) else ""
    return citation_graph(
        document.symbol or document.title, sub or document.title, cited, citing, plan_links
    )
