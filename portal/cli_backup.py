"""``flask backup DIR`` and ``flask restore DIR``."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_migrate import stamp

from documents.db import db, write_intent
from portal.backup import BackupError, read_manifest, restore_backup, write_backup
from search_index.indexer import rebuild


def _steps(manifest_like: dict) -> int:
    return len(manifest_like.get("tables", {})) + len(manifest_like.get("files", {}))


@click.command("backup")
@click.argument("dest", type=click.Path(file_okay=False, path_type=Path))
@with_appcontext
def backup_command(dest: Path) -> None:
    """Write a consistent backup (tables, uploads, checksummed manifest) into DEST."""
    upload_dir = Path(current_app.config["UPLOAD_DIR"])
    total = len(db.metadata.sorted_tables) + sum(1 for p in upload_dir.rglob("*") if p.is_file())
    with db.engine.connect() as connection, connection.begin():
        with click.progressbar(length=total, label="Sao lưu") as bar:
            try:
                manifest = write_backup(
                    connection, db.metadata, dest, upload_dir, lambda _n: bar.update(1)
                )
            except BackupError as error:
                raise click.ClickException(str(error)) from error
    rows = sum(t["rows"] for t in manifest["tables"].values())
    click.echo(f"Đã sao lưu {rows} dòng dữ liệu và {len(manifest['files'])} tệp vào {dest}.")


@click.command("restore")
@click.argument("src", type=click.Path(exists=True, file_okay=False, path_type=Path))
@with_appcontext
def restore_command(src: Path) -> None:
    """Restore the backup in SRC into this empty instance, then rebuild the search index."""
    try:
        total = _steps(read_manifest(src))
        with write_intent(), db.engine.begin() as connection:
            with click.progressbar(length=total, label="Khôi phục") as bar:
                restore_backup(
                    connection,
                    db.metadata,
                    src,
                    Path(current_app.config["UPLOAD_DIR"]),
                    lambda _n: bar.update(1),
                )
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    with write_intent():
        stamp()  # the restored tables are the current schema
        count = rebuild(db.session, current_app.config["SEARCH_INDEX_DIR"])
        db.session.commit()
    click.echo(f"Đã khôi phục từ {src} và đánh lại chỉ mục ({count} mục).")
