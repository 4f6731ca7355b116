"""The workflows as data: states, transitions, guards and per-state permissions.

Everything else reads these tables: the engine's guards, the buttons a page shows,
the search index's visibility field and the tests' role matrix. Principals are written
as templates; ``{unit}`` is replaced by the id of the object's unit. ``WORKFLOWS`` binds
each workflow to the model it drives, from outside the model (as DCWorkflow does).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import CheckConstraint, Table

from documents.i18n import N_
from documents.models import Document, Plan
from documents.permissions import AUTHENTICATED, DOCUMENT_EDITORS, DOCUMENT_VIEW_BY_STATE

UNIT_MEMBER = "unit:{unit}"
UNIT_DRAFTER = "unit:{unit}:drafter"
UNIT_HEAD = "unit:{unit}:unit_head"
COMMISSION_REVIEWER = "commission:reviewer"


@dataclass(frozen=True)
class State:
    name: str
    title: str  # Vietnamese label shown to users
    # permission name → principal templates allowed it in this state
    permissions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # permission name → (attribute, principal templates): granted only once the object
    # has that stamp, e.g. reviewers read a draft that was submitted once (returned).
    once_stamped: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)


@dataclass(frozen=True)
class Transition:
    name: str  # the trigger
    source: str
    dest: str
    title: str  # the button's label
    guard: tuple[str, ...]  # principal templates allowed to fire it
    comment_required: bool = False
    requires_report: bool = False
    requires_body: bool = False  # refused while the object has no content (body)
    description: str = ""
    stamp_time: str | None = None  # attribute set to the time of the transition
    stamp_actor: str | None = None  # attribute set to the id of the actor
    # Who is told when it fires (workflows.notices): "unit" (the object's unit),
    # "commission" (the units of the commission's reviewers), "assigned_units" (the units
    # a document is assigned to); the notification kind, and the subject said to them.
    notify_to: tuple[str, ...] = ()
    notify_kind: str = ""
    notice: str = ""


@dataclass(frozen=True)
class Workflow:
    name: str
    initial: str
    states: tuple[State, ...]
    transitions: tuple[Transition, ...]
    kind: str = ""  # the object kind of its history events and outbox rows
    noun: str = ""  # how messages name the object ("kế hoạch")

    def state(self, name: str) -> State:
        return next(s for s in self.states if s.name == name)

    def transition(self, name: str) -> Transition | None:
        return next((t for t in self.transitions if t.name == name), None)

    def transitions_from(self, state: str) -> tuple[Transition, ...]:
        return tuple(t for t in self.transitions if t.source == state)

    @property
    def state_names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.states)

    @property
    def state_titles(self) -> dict[str, str]:
        return {s.name: s.title for s in self.states}


PLAN_WORKFLOW = Workflow(
    name="plan",
    initial="drafted",
    kind="plan",
    noun=N_("kế hoạch"),
    states=(
        State(
            "drafted",
            N_("Dự thảo"),
            {"view": (UNIT_MEMBER,), "edit": (UNIT_DRAFTER, UNIT_HEAD)},
            # A returned plan stays readable (read-only) to the reviewers who saw it; a
            # draft never submitted is its unit's alone.
            once_stamped={"view": ("submitted_at", (COMMISSION_REVIEWER,))},
        ),
        State(
            "submitted",
            N_("Đã gửi, chờ duyệt"),
            {"view": (UNIT_MEMBER, COMMISSION_REVIEWER), "edit": ()},
        ),
        State(
            "reviewed",
            N_("Đã duyệt"),
            {"view": (UNIT_MEMBER, COMMISSION_REVIEWER, AUTHENTICATED), "edit": ()},
        ),
        State(
            "reported",
            N_("Đã báo cáo kết quả"),
            {"view": (UNIT_MEMBER, COMMISSION_REVIEWER, AUTHENTICATED), "edit": ()},
        ),
    ),
    transitions=(
        Transition(
            "submit",
            "drafted",
            "submitted",
            N_("Gửi Ban Dân vận"),
            (UNIT_DRAFTER, UNIT_HEAD),
            requires_body=True,
            description=N_("Đơn vị gửi kế hoạch lên Ban Dân vận để xem xét."),
            stamp_time="submitted_at",
            notify_to=("commission",),
            notify_kind="submitted",
            notice=N_("%(unit)s gửi kế hoạch chờ duyệt: %(title)s"),
        ),
        Transition(
            "return",
            "submitted",
            "drafted",
            N_("Trả lại để chỉnh sửa"),
            (COMMISSION_REVIEWER,),
            comment_required=True,
            description=N_("Ban Dân vận trả kế hoạch về đơn vị kèm ý kiến cần chỉnh sửa."),
            notify_to=("unit",),
            notify_kind="returned",
            notice=N_("Kế hoạch bị trả lại — cần sửa: %(title)s"),
        ),
        Transition(
            "review",
            "submitted",
            "reviewed",
            N_("Duyệt kế hoạch"),
            (COMMISSION_REVIEWER,),
            description=N_("Ban Dân vận thông qua kế hoạch."),
            stamp_actor="reviewed_by_id",
            notify_to=("unit",),
            notify_kind="reviewed",
            notice=N_("Kế hoạch đã được duyệt: %(title)s"),
        ),
        Transition(
            "report",
            "reviewed",
            "reported",
            N_("Báo cáo kết quả"),
            (UNIT_DRAFTER, UNIT_HEAD),
            requires_report=True,
            description=N_("Đơn vị báo cáo kết quả thực hiện kế hoạch."),
            notify_to=("unit", "commission"),
            notify_kind="reported",
            notice=N_("%(unit)s đã báo cáo kết quả: %(title)s"),
        ),
    ),
)

# Readers see published documents only; the register's editors draft, publish and archive.
DOCUMENT_WORKFLOW = Workflow(
    name="document",
    initial="draft",
    kind="document",
    noun=N_("văn bản"),
    states=(
        State(
            "draft",
            N_("Dự thảo"),
            {"view": DOCUMENT_VIEW_BY_STATE["draft"], "edit": DOCUMENT_EDITORS},
        ),
        State(
            "published",
            N_("Đã công bố"),
            {"view": DOCUMENT_VIEW_BY_STATE["published"], "edit": DOCUMENT_EDITORS},
        ),
        State("archived", N_("Lưu trữ"), {"view": DOCUMENT_VIEW_BY_STATE["archived"], "edit": ()}),
    ),
    transitions=(
        Transition(
            "publish",
            "draft",
            "published",
            N_("Công bố"),
            DOCUMENT_EDITORS,
            description=N_("Mọi cán bộ đăng nhập đều đọc được văn bản."),
            stamp_time="published_at",
            stamp_actor="published_by_id",
            notify_to=("assigned_units",),
            notify_kind="published",
            notice=N_("Văn bản giao cho đơn vị đã được công bố: %(title)s"),
        ),
        Transition(
            "unpublish",
            "published",
            "draft",
            N_("Thu hồi về dự thảo"),
            DOCUMENT_EDITORS,
            comment_required=True,
            description=N_("Văn bản chỉ còn người quản lý kho văn bản xem được."),
        ),
        Transition(
            "archive",
            "published",
            "archived",
            N_("Đưa vào lưu trữ"),
            DOCUMENT_EDITORS,
            comment_required=True,
            description=N_("Văn bản không còn hiện với người đọc; lịch sử được giữ."),
        ),
        Transition(
            "restore",
            "archived",
            "published",
            N_("Công bố lại"),
            DOCUMENT_EDITORS,
            description=N_("Đưa văn bản từ lưu trữ trở lại cho mọi người đọc."),
        ),
    ),
)

WORKFLOWS: dict[type, Workflow] = {Plan: PLAN_WORKFLOW, Document: DOCUMENT_WORKFLOW}
STATE_TITLES: dict[str, str] = PLAN_WORKFLOW.state_titles


def workflow_for(obj: Any) -> Workflow:
    """The workflow bound to the object's class."""
    return WORKFLOWS[type(obj)]


def expand(templates: tuple[str, ...], obj: Any) -> frozenset[str]:
    """Principal templates with the object's unit filled in."""
    unit = getattr(obj, "unit_id", None)
    return frozenset(t.format(unit=unit) for t in templates)


def allowed_principals(obj: Any, permission: str) -> frozenset[str]:
    """The principals granted ``permission`` on ``obj`` in its current state."""
    state = workflow_for(obj).state(obj.state)
    allowed = expand(state.permissions.get(permission, ()), obj)
    stamp, extra = state.once_stamped.get(permission, ("", ()))
    if stamp and getattr(obj, stamp, None) is not None:
        allowed |= expand(extra, obj)
    return allowed


def _table(model: type[Plan] | type[Document]) -> Table:
    """The model's table (``__table__`` is typed as any ``FromClause``)."""
    return model.metadata.tables[model.__tablename__]


def _state_constraint(table: Table, workflow: Workflow) -> bool:
    """Add the CHECK on the state column once; False when it was there already."""
    if "state" in {c.name for c in table.constraints}:
        return False
    quoted = ", ".join(f"'{s}'" for s in workflow.state_names)
    table.append_constraint(CheckConstraint(f"state IN ({quoted})", name="state"))
    return True


def _bind_state_constraints() -> None:
    """Back the workflows with database constraints on their tables (done once)."""
    plans = _table(Plan)
    if _state_constraint(plans, PLAN_WORKFLOW):
        plans.append_constraint(
            CheckConstraint(
                "state NOT IN ('reviewed', 'reported') OR reviewed_by_id IS NOT NULL",
                name="reviewer_set_when_reviewed",
            )
        )
        plans.append_constraint(
            CheckConstraint("state <> 'reported' OR report_text IS NOT NULL", name="report_set")
        )
    _state_constraint(_table(Document), DOCUMENT_WORKFLOW)


_bind_state_constraints()
