"""The workflows as data: states and their titles, transitions, guards, per-state
permissions, the open and closed state sets, the worklists and the columns a state
requires.

Everything else reads these tables: the engine's guards, the buttons a page shows, the
worklists and the home page, the search index's visibility field, the database's CHECK
constraints (``workflows.constraints``) and the tests' role matrix; no other module names
a state. Principals are written as templates; ``{unit}`` is replaced by the id of the
object's unit. ``WORKFLOWS`` binds each workflow to the model it drives, from outside the
model (as DCWorkflow does).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from documents.i18n import N_
from documents.models import Document, Plan
from documents.permissions import AUTHENTICATED, DOCUMENT_EDITORS

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
class Worklist:
    """Plone's worklist, "chờ tôi xử lý": the objects in ``state`` waiting for one of
    ``actions``. Who sees an object on it is exactly who may fire one of those
    transitions (their guards), so a worklist never names a role."""

    name: str
    title: str  # Vietnamese message id shown to users
    state: str
    actions: tuple[str, ...]  # the transitions that are the work; their guards decide who
    returned: bool | None = None  # only returned drafts (True), only fresh ones (False)


@dataclass(frozen=True)
class Required:
    """A column that must be set while the object is in one of ``states``; the database
    holds it with the CHECK constraint named ``constraint`` (``workflows.constraints``)."""

    column: str
    states: tuple[str, ...]
    constraint: str


@dataclass(frozen=True)
class Workflow:
    name: str
    initial: str
    states: tuple[State, ...]
    transitions: tuple[Transition, ...]
    kind: str = ""  # the object kind of its history events and outbox rows
    noun: str = ""  # how messages name the object ("kế hoạch")
    # Open: nobody has closed the work yet (a plan the commission has not approved, a
    # document not published); closed: the rest. Together they are every state, once.
    open_states: frozenset[str] = frozenset()
    closed_states: frozenset[str] = frozenset()
    worklists: tuple[Worklist, ...] = ()
    required: tuple[Required, ...] = ()

    def state(self, name: str) -> State:
        return next(s for s in self.states if s.name == name)

    def transition(self, name: str) -> Transition | None:
        return next((t for t in self.transitions if t.name == name), None)

    def dest(self, trigger: str) -> str:
        """The state the transition ``trigger`` leads to."""
        found = self.transition(trigger)
        if found is None:
            raise LookupError(f"the {self.name} workflow has no {trigger!r} transition")
        return found.dest

    def transitions_from(self, state: str) -> tuple[Transition, ...]:
        return tuple(t for t in self.transitions if t.source == state)

    @property
    def state_names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.states)

    @property
    def state_titles(self) -> dict[str, str]:
        return {s.name: s.title for s in self.states}

    @property
    def public_states(self) -> frozenset[str]:
        """The states in which every signed-in official reads the object."""
        return frozenset(
            s.name for s in self.states if AUTHENTICATED in s.permissions.get("view", ())
        )


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
    # Until the commission approves it a plan's work is open: it moves with its unit
    # when the unit is reorganised. Once approved, the unit reports its results.
    open_states=frozenset({"drafted", "submitted"}),
    closed_states=frozenset({"reviewed", "reported"}),
    # A *returned* plan is a draft that was submitted before (submitting stamps the
    # time): the unit must correct it, so it has its own worklist and badge.
    worklists=(
        Worklist("to_review", N_("Kế hoạch chờ duyệt"), "submitted", ("review",)),
        Worklist("returned", N_("Bị trả lại — cần sửa"), "drafted", ("submit",), returned=True),
        Worklist("to_submit", N_("Dự thảo chưa gửi"), "drafted", ("submit",), returned=False),
        Worklist("to_report", N_("Đã duyệt, chờ báo cáo kết quả"), "reviewed", ("report",)),
    ),
    required=(
        Required("reviewed_by_id", ("reviewed", "reported"), "reviewer_set_when_reviewed"),
        Required("report_text", ("reported",), "report_set"),
    ),
)

# Published documents are read by every official; drafts and archived ones only by the
# register's editors, who draft, publish and archive. The pages, the search index and the
# API all read this map.
DOCUMENT_WORKFLOW = Workflow(
    name="document",
    initial="draft",
    kind="document",
    noun=N_("văn bản"),
    states=(
        State(
            "draft",
            N_("Dự thảo"),
            {"view": DOCUMENT_EDITORS, "edit": DOCUMENT_EDITORS},
        ),
        State(
            "published",
            N_("Đã công bố"),
            {"view": (AUTHENTICATED,), "edit": DOCUMENT_EDITORS},
        ),
        State("archived", N_("Lưu trữ"), {"view": DOCUMENT_EDITORS, "edit": ()}),
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
    open_states=frozenset({"draft"}),
    closed_states=frozenset({"published", "archived"}),
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
