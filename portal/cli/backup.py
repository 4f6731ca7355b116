"""``flask backup DIR`` and ``flask restore DIR`` (the folder format: ``backup_folder``)."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext
from flask_migrate import stamp

from documents.db import db, write_intent
from documents.revision import bump
from portal.cli.backup_folder import (
    BackupError,
    backed_up_tables,
    read_manifest,
    restore_backup,
    write_backup,
)
from portal.i18n import explain, in_environment_language
from portal.indexing import search_backend
from portal.templating import number


def _steps(manifest_like: dict) -> int:
    return len(manifest_like.get("tables", {})) + len(manifest_like.get("files", {}))


@click.command("backup")
@click.argument("dest", type=click.Path(file_okay=False, path_type=Path))
@with_appcontext
@in_environment_language
def backup_command(dest: Path) -> None:
    """Write a consistent backup (tables, uploads, checksummed manifest) into DEST."""
    upload_dir = Path(current_app.config["UPLOAD_DIR"])
    files = sum(1 for p in upload_dir.rglob("*") if p.is_file())
    total = len(backed_up_tables(db.metadata)) + files
    with db.engine.connect() as connection, connection.begin():
        with click.progressbar(length=total, label=gettext("Sao lưu")) as bar:
            try:
                manifest = write_backup(
                    connection, db.metadata, dest, upload_dir, lambda _n: bar.update(1)
                )
            except BackupError as error:
                raise click.ClickException(explain(error)) from error
    rows = sum(t["rows"] for t in manifest["tables"].values())
    click.echo(
        gettext(
            "Đã sao lưu %(rows)s dòng dữ liệu và %(files)s tệp vào %(path)s.",
            rows=number(rows),
            files=number(len(manifest["files"])),
            path=dest,
        )
    )


@click.command("restore")
@click.argument("src", type=click.Path(exists=True, file_okay=False, path_type=Path))
@with_appcontext
@in_environment_language
def restore_command(src: Path) -> None:
    """Restore the backup in SRC into this empty instance, then rebuild the search index."""
    try:
        total = _steps(read_manifest(src))
        with write_intent(), db.engine.begin() as connection:
            with click.progressbar(length=total, label=gettext("Khôi phục")) as bar:
                restore_backup(
                    connection,
                    db.metadata,
                    src,
                    Path(current_app.config["UPLOAD_DIR"]),
                    lambda _n: bar.update(1),
                )
    except BackupError as error:
        raise click.ClickException(explain(error)) from error
    with write_intent():
        stamp()  # the restored tables are the current schema
        count = search_backend().rebuild(db.session)
        bump(db.session)  # written through a raw connection: no page kept before is good
        db.session.commit()
    click.echo(
        gettext(
            "Đã khôi phục từ %(path)s và đánh lại chỉ mục (%(num)s mục).",
            path=src,
            num=number(count),
        )
    )
