"""The issuer facet grouped by successor: the documents of a unit that no longer exists
count under the unit that carries its work today, and filtering by that unit finds its
own documents and those of all its predecessors.

The index keeps each document's issuer as named when it was issued; the grouping is made
here, from the units' ``successor`` chain as of the portal's date. A name shared by units
that lead to different units today is left alone (its documents cannot be told apart).
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext

from documents.db import db
from documents.models import OrgUnit
from search_index.facets import FacetValue


def heads(today: date) -> dict[str, str]:
    """Issuer name → the name of the unit carrying its work on ``today``, for the names
    of units that ended by then and passed into a unit of another name."""
    rows = db.session.execute(
        db.select(OrgUnit.id, OrgUnit.name, OrgUnit.valid_to, OrgUnit.successor_id)
    ).all()
    units = {row.id: row for row in rows}
    found: dict[str, set[str]] = {}
    for row in rows:
        head, seen = row, {row.id}
        while (
            head.valid_to is not None
            and head.valid_to <= today
            and head.successor_id in units
            and head.successor_id not in seen
        ):
            head = units[head.successor_id]
            seen.add(head.id)
        found.setdefault(row.name, set()).add(head.name)
    return {
        name: next(iter(led))
        for name, led in found.items()
        if len(led) == 1 and next(iter(led)) != name
    }


def members(name: str, today: date) -> tuple[str, ...]:
    """The issuer names grouped under ``name``: itself, then its predecessors' names."""
    return (name, *sorted(n for n, head in heads(today).items() if head == name))


def grouped(values: list[FacetValue], today: date) -> tuple[list[FacetValue], dict[str, list[str]]]:
    """The issuer facet's values with predecessors counted under their successor, and
    for each successor the predecessors' names found among ``values``."""
    led = heads(today)
    counts: dict[str, int] = {}
    included: dict[str, list[str]] = {}
    for value in values:
        name = str(value.value)
        head = led.get(name, name)
        counts[head] = counts.get(head, 0) + value.count
        if head != name:
            included.setdefault(head, []).append(name)
    return [FacetValue(name, count) for name, count in counts.items()], included


def label(name: str, included: dict[str, list[str]]) -> str:
    """ "Tỉnh ủy An Giang (gồm Tỉnh ủy Kiên Giang)" for a grouped value, else the name."""
    names = included.get(name)
    if not names:
        return name
    return gettext("%(name)s (gồm %(members)s)", name=name, members=", ".join(names))
