"""A user's principals are worked out once per request and kept on the user object
(``documents.permissions.principals_of``, issue 19). Whatever happens to the user, its
roles and their units meanwhile — changed in memory, flushed, committed or rolled back —
the kept principals are the ones worked out afresh from the user as it now is."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from documents.db import db
from documents.models import ROLES, UserRole
from documents.permissions import principals_of

KINDS = ("district_committee", "commission", "sociopolitical_org")

OPERATIONS = st.one_of(
    st.tuples(st.just("add"), st.integers(0, 3), st.sampled_from(sorted(ROLES))),
    st.tuples(st.just("remove"), st.integers(0, 5)),
    st.tuples(st.just("rename"), st.integers(0, 5), st.sampled_from(sorted(ROLES))),
    st.tuples(st.just("kind"), st.integers(0, 3), st.sampled_from(KINDS)),
    st.tuples(st.just("move"), st.integers(0, 3)),
    st.tuples(st.just("active"), st.booleans()),
    st.tuples(st.sampled_from(("flush", "commit", "rollback", "expire"))),
)


def afresh(user) -> frozenset[str]:  # type: ignore[no-untyped-def]
    vars(user).pop("_principals_kept", None)
    return principals_of(user)


def holds(roles, unit_id: int, role: str) -> bool:  # type: ignore[no-untyped-def]
    return any((r.unit_id or r.unit.id) == unit_id and r.role == role for r in roles)


def apply(world, user, operation) -> None:  # type: ignore[no-untyped-def]
    units = [world.unit, world.other_unit, world.commission, world.province]
    session = db.session
    name = operation[0]
    held = list(user.roles)
    if name == "add":
        unit, role = units[operation[1]], operation[2]
        if not holds(held, unit.id, role):
            user.roles.append(UserRole(unit=unit, role=role))
            assert principals_of(user) == afresh(user)  # before the flush too
            session.flush()
    elif name == "remove" and held:
        user.roles.remove(held[operation[1] % len(held)])
        session.flush()  # the row goes before the same role can be given again
    elif name == "rename" and held:
        target = held[operation[1] % len(held)]
        if not holds(held, target.unit_id or target.unit.id, operation[2]):
            target.role = operation[2]
    elif name == "kind":
        units[operation[1]].kind = operation[2]
    elif name == "move":
        user.unit = units[operation[1]]
    elif name == "active":
        user.active = operation[1]
    elif name == "flush":
        session.flush()
    elif name == "commit":
        session.commit()
    elif name == "rollback":
        session.rollback()
    elif name == "expire":
        session.expire_all()


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=st.lists(OPERATIONS, max_size=12))
def test_kept_principals_are_the_user_as_it_now_is(world, session, operations):
    user = world.drafter
    try:
        for operation in operations:
            principals_of(user)  # kept before the change
            apply(world, user, operation)
            assert principals_of(user) == afresh(user), operation
    finally:
        session.rollback()
        for unit, kind in (
            (world.unit, "district_committee"),
            (world.other_unit, "district_committee"),
            (world.commission, "commission"),
            (world.province, "provincial_committee"),
        ):
            unit.kind = kind
        user.active = True
        user.unit = world.unit
        for held in list(user.roles):
            if (held.unit_id, held.role) != (world.unit.id, "drafter"):
                user.roles.remove(held)
        session.flush()
        if not user.roles:
            user.roles.append(UserRole(unit=world.unit, role="drafter"))
        session.commit()


def test_a_role_given_in_the_request_counts_at_once(world, session):
    user = world.reader
    assert "commission:reviewer" not in principals_of(user)
    user.roles.append(UserRole(unit=world.commission, role="reviewer"))
    assert "commission:reviewer" in principals_of(user)
    session.commit()
    assert "commission:reviewer" in principals_of(user)


def test_a_role_given_elsewhere_counts_once_the_transaction_ends(app, world, session):
    user = world.reader
    assert "commission:reviewer" not in principals_of(user)
    with db.engine.begin() as elsewhere:  # another request, in its own transaction
        elsewhere.execute(
            UserRole.__table__.insert().values(
                user_id=user.id, unit_id=world.commission.id, role="reviewer"
            )
        )
    session.commit()  # this request's transaction ends: the user is read again
    assert "commission:reviewer" in principals_of(user)


def test_a_user_moved_to_another_unit_acts_for_it_once_flushed(world, session):
    user = world.reader
    assert f"unit:{world.province.id}" in principals_of(user)
    user.unit = world.other_unit
    principals_of(user)
    session.flush()
    assert f"unit:{world.other_unit.id}" in principals_of(user)
    assert f"unit:{world.province.id}" not in principals_of(user) - {
        f"unit:{r.unit_id}" for r in user.roles
    }
