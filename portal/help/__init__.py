"""Help pages (the workflows drawn from their definitions) and the template globals that
lay out the portal's SVG pictures (``portal.pictures``) for the page templates."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template

from portal.pictures.graphs import document_graph, plan_timeline
from portal.pictures.workflow import workflow_diagram
from portal.templating import local_time, type_name
from workflows.definitions import DOCUMENT_WORKFLOW, PLAN_WORKFLOW, STATE_TITLES

bp = Blueprint("help", __name__, url_prefix="/help")


def plan_timeline_of(plan: Any, events: list[Any]) -> Any:
    """The timeline of ``plan`` from its workflow events, times in the portal's zone."""
    return plan_timeline(PLAN_WORKFLOW, events, plan.state, fmt=local_time)


def document_graph_of(document: Any, cites: Any, cited_by: Any, plans: Any) -> Any:
    """The citation graph of a document page from the context its view computed."""
    return document_graph(
        document, cites, cited_by, plans, state_titles=STATE_TITLES, type_name=type_name
    )


@bp.record_once
def _add_template_globals(state: Any) -> None:
    state.app.jinja_env.globals.update(
        plan_timeline_of=plan_timeline_of, document_graph_of=document_graph_of
    )


@bp.get("/workflow")
def workflow() -> str:
    """The plan workflow and the document workflow as diagrams and tables; public, like a
    user's manual."""
    return render_template(
        "help/workflow.html",
        diagrams=[
            (PLAN_WORKFLOW, workflow_diagram(PLAN_WORKFLOW)),
            (DOCUMENT_WORKFLOW, workflow_diagram(DOCUMENT_WORKFLOW)),
        ],
    )
