"""The plan workflow as data: states, transitions, guards and per-state permissions.

Everything else reads this one table: the engine's guards, the buttons a page shows,
the search index's visibility field and the tests' role matrix. Principals are written
as templates; ``{unit}`` is replaced by the id of the plan's unit.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import CheckConstraint

from documents.models import Plan
from documents.permissions import AUTHENTICATED

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


@dataclass(frozen=True)
class Transition:
    name: str  # the trigger
    source: str
    dest: str
    title: str  # the button's label
    guard: tuple[str, ...]  # principal templates allowed to fire it
    comment_required: bool = False
    requires_report: bool = False
    description: str = ""


@dataclass(frozen=True)
class Workflow:
    name: str
    initial: str
    states: tuple[State, ...]
    transitions: tuple[Transition, ...]

    def state(self, name: str) -> State:
        return next(s for s in self.states if s.name == name)

    def transition(self, name: str) -> Transition | None:
        return next((t for t in self.transitions if t.name == name), None)

    def transitions_from(self, state: str) -> tuple[Transition, ...]:
        return tuple(t for t in self.transitions if t.source == state)

    @property
    def state_names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.states)


PLAN_WORKFLOW = Workflow(
    name="plan",
    initial="drafted",
    states=(
        State(
            "drafted",
            "Dự thảo",
            {"view": (UNIT_MEMBER,), "edit": (UNIT_DRAFTER, UNIT_HEAD)},
        ),
        State(
            "submitted",
            "Đã gửi, chờ duyệt",
            {"view": (UNIT_MEMBER, COMMISSION_REVIEWER), "edit": ()},
        ),
        State(
            "reviewed",
            "Đã duyệt",
            {"view": (UNIT_MEMBER, COMMISSION_REVIEWER, AUTHENTICATED), "edit": ()},
        ),
        State(
            "reported",
            "Đã báo cáo kết quả",
            {"view": (UNIT_MEMBER, COMMISSION_REVIEWER, AUTHENTICATED), "edit": ()},
        ),
    ),
    transitions=(
        Transition(
            "submit",
            "drafted",
            "submitted",
            "Gửi Ban Dân vận",
            (UNIT_DRAFTER, UNIT_HEAD),
            description="Đơn vị gửi kế hoạch lên Ban Dân vận để xem xét.",
        ),
        Transition(
            "return",
            "submitted",
            "drafted",
            "Trả lại để chỉnh sửa",
            (COMMISSION_REVIEWER,),
            comment_required=True,
            description="Ban Dân vận trả kế hoạch về đơn vị kèm ý kiến cần chỉnh sửa.",
        ),
        Transition(
            "review",
            "submitted",
            "reviewed",
            "Duyệt kế hoạch",
            (COMMISSION_REVIEWER,),
            description="Ban Dân vận thông qua kế hoạch.",
        ),
        Transition(
            "report",
            "reviewed",
            "reported",
            "Báo cáo kết quả",
            (UNIT_DRAFTER, UNIT_HEAD),
            requires_report=True,
            description="Đơn vị báo cáo kết quả thực hiện kế hoạch.",
        ),
    ),
)

STATE_TITLES: dict[str, str] = {s.name: s.title for s in PLAN_WORKFLOW.states}


def expand(templates: tuple[str, ...], plan: Plan) -> frozenset[str]:
    """Principal templates with the plan's unit filled in."""
    return frozenset(t.format(unit=plan.unit_id) for t in templates)


def allowed_principals(plan: Plan, permission: str) -> frozenset[str]:
    """The principals granted ``permission`` on ``plan`` in its current state."""
    state = PLAN_WORKFLOW.state(plan.state)
    return expand(state.permissions.get(permission, ()), plan)


def _bind_state_constraints() -> None:
    """Back the workflow with database constraints on the plan table (done once)."""
    table = Plan.__table__
    names = {c.name for c in table.constraints}
    if "state" in names:
        return
    quoted = ", ".join(f"'{s}'" for s in PLAN_WORKFLOW.state_names)
    table.append_constraint(CheckConstraint(f"state IN ({quoted})", name="state"))
    table.append_constraint(
        CheckConstraint(
            "state NOT IN ('reviewed', 'reported') OR reviewed_by_id IS NOT NULL",
            name="reviewer_set_when_reviewed",
        )
    )
    table.append_constraint(
        CheckConstraint("state <> 'reported' OR report_text IS NOT NULL", name="report_set")
    )


_bind_state_constraints()
