"""``flask units reorganise FILE``: record reorganisation events from a JSON description.

Without ``--apply`` the command only previews (what moves where, counts) and changes
nothing (it rolls back); with it, every event of the file is applied in one transaction, or none is.
"""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import Flask
from flask.cli import with_appcontext
from flask_babel import gettext

from documents.db import db, write_intent
from documents.reorganisation import apply, preview
from documents.unit_events import ReorganisationError, events_from_json
from documents.unit_history import MOVED_KINDS
from portal.i18n import explain, in_environment_language
from portal.templating import today
from portal.units.routes import MOVING_STATES


def register_units_cli(app: Flask) -> None:
    app.cli.add_command(units_group)


@click.group("units")
def units_group() -> None:
    """Units and their history."""


@units_group.command("reorganise")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--apply", "do_apply", is_flag=True, help="Apply the events (default: preview).")
@with_appcontext
@in_environment_language
def reorganise_command(path: Path, do_apply: bool) -> None:
    """Preview or apply the reorganisation events described in PATH (JSON)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise click.ClickException(
            gettext("Tệp mô tả không phải JSON hợp lệ: %(error)s", error=str(error))
        ) from None
    with write_intent():
        try:
            for event in events_from_json(data):
                shown = preview(db.session, event, today=today(), open_states=MOVING_STATES)
                counts = ", ".join(
                    f"{gettext(MOVED_KINDS[k])}: {n}" for k, n in shown.counts.items()
                )
                click.echo(
                    f"{event.effective_on.isoformat()} {event.kind} "
                    f"{', '.join(event.sources) or '-'} → "
                    f"{', '.join(t.code for t in event.targets) or '-'}"
                    f" ({counts or gettext('không có việc phải chuyển')})"
                )
                # Applied in the transaction even for a preview: later events of the file
                # build on earlier ones; a preview rolls everything back at the end.
                apply(db.session, event, actor=None, today=today(), open_states=MOVING_STATES)
        except ReorganisationError as error:
            db.session.rollback()
            raise click.ClickException(explain(error)) from None
        if do_apply:
            db.session.commit()
            click.echo(gettext("Đã áp dụng các sự kiện."))
        else:
            db.session.rollback()
            click.echo(gettext("Chỉ xem trước; chạy lại với --apply để áp dụng."))
