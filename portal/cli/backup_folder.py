"""Consistent backups of the portal and their restore into an empty instance.

A backup is a folder: one JSON Lines file per table (read in one snapshot transaction,
so the tables agree with each other), the uploaded files, and ``manifest.json`` with the
row counts and a SHA-256 of every file. The format does not depend on the database, so
a backup of the embedded SQLite restores into PostgreSQL and back. Restore checks every
checksum before it writes anything, refuses a database that already has data, and the
caller rebuilds the search index afterwards.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Date, DateTime, MetaData, Table, func, select, text
from sqlalchemy.engine import Connection

from documents.i18n import N_, Explained, message

FORMAT = 1
BATCH = 500
Progress = Callable[[str], None]


class BackupError(Explained, RuntimeError):
    """A backup cannot be written or restored; the message says why (a message id with
    its parameters, shown in the reader's language; ``str(error)`` is Vietnamese)."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _encode(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot store {type(value).__name__} in a backup")


def _decoder(table: Table) -> Callable[[dict[str, Any]], dict[str, Any]]:
    kinds: dict[str, Callable[[str], date]] = {}
    for column in table.columns:
        if isinstance(column.type, DateTime):
            kinds[column.name] = datetime.fromisoformat
        elif isinstance(column.type, Date):
            kinds[column.name] = date.fromisoformat

    def decode(row: dict[str, Any]) -> dict[str, Any]:
        for name, parse in kinds.items():
            if row.get(name) is not None:
                row[name] = parse(row[name])
        return row

    return decode


def backed_up_tables(metadata: MetaData) -> list[Table]:
    """The tables a backup holds: all but derived data (``info={"backup": False}``, the
    search tables), which ``flask reindex`` makes again after a restore."""
    return [t for t in metadata.sorted_tables if t.info.get("backup", True)]


def _files(root: Path) -> Iterator[Path]:
    if root.is_dir():
        yield from sorted(p for p in root.rglob("*") if p.is_file())


def write_backup(
    connection: Connection,
    metadata: MetaData,
    dest: Path,
    upload_dir: Path,
    progress: Progress = lambda _name: None,
) -> dict[str, Any]:
    """Write a backup of every table of ``metadata`` and of ``upload_dir`` into ``dest``."""
    if dest.exists() and any(dest.iterdir()):
        raise BackupError(
            message(
                N_("Thư mục sao lưu %(path)s đã có dữ liệu; hãy chọn thư mục trống."),
                path=str(dest),
            )
        )
    (dest / "tables").mkdir(parents=True, exist_ok=True)
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "created_at": datetime.now(UTC).isoformat(),
        "database": connection.dialect.name,
        "tables": {},
        "files": {},
    }
    if connection.dialect.name == "postgresql":
        connection.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"))
    for table in backed_up_tables(metadata):
        path = dest / "tables" / f"{table.name}.jsonl"
        count = 0
        order = list(table.primary_key.columns) or list(table.columns)
        with path.open("w", encoding="utf-8") as out:
            for row in connection.execute(select(table).order_by(*order)).mappings():
                out.write(json.dumps(dict(row), default=_encode, ensure_ascii=False) + "\n")
                count += 1
        manifest["tables"][table.name] = {"rows": count, "sha256": _sha256(path)}
        progress(table.name)
    for source in _files(upload_dir):
        relative = source.relative_to(upload_dir).as_posix()
        target = dest / "uploads" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
        manifest["files"][relative] = _sha256(target)
        progress(relative)
    (dest / "manifest.json").write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False), encoding="utf-8"
    )
    return manifest


def read_manifest(src: Path) -> dict[str, Any]:
    """The manifest of the backup in ``src``, after checking every checksum in it."""
    try:
        manifest = json.loads((src / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(
            message(
                N_("Không đọc được manifest.json trong %(path)s: %(error)s"),
                path=str(src),
                error=str(error),
            )
        ) from error
    if manifest.get("format") != FORMAT:
        raise BackupError(N_("Bản sao lưu thuộc định dạng khác, không khôi phục được."))
    for name, info in manifest["tables"].items():
        path = src / "tables" / f"{name}.jsonl"
        if not path.is_file() or _sha256(path) != info["sha256"]:
            raise BackupError(
                message(N_("Bảng %(table)s trong bản sao lưu bị thiếu hoặc đã bị sửa."), table=name)
            )
    for relative, checksum in manifest["files"].items():
        path = src / "uploads" / relative
        if not path.is_file() or _sha256(path) != checksum:
            raise BackupError(
                message(
                    N_("Tệp %(file)s trong bản sao lưu bị thiếu hoặc đã bị sửa."), file=relative
                )
            )
    return manifest


def restore_backup(
    connection: Connection,
    metadata: MetaData,
    src: Path,
    upload_dir: Path,
    progress: Progress = lambda _name: None,
) -> dict[str, Any]:
    """Load the backup in ``src`` into the empty database behind ``connection``."""
    manifest = read_manifest(src)
    metadata.create_all(connection)
    for table in backed_up_tables(metadata):
        if connection.execute(select(func.count()).select_from(table)).scalar():
            raise BackupError(
                message(
                    N_(
                        "Cơ sở dữ liệu đích đã có dữ liệu (bảng %(table)s); chỉ khôi phục vào "
                        "hệ thống trống."
                    ),
                    table=table.name,
                )
            )
    unknown = set(manifest["tables"]) - {t.name for t in backed_up_tables(metadata)}
    if unknown:
        raise BackupError(
            message(N_("Bản sao lưu có bảng lạ: %(tables)s."), tables=", ".join(sorted(unknown)))
        )
    for table in backed_up_tables(metadata):
        if table.name not in manifest["tables"]:
            continue
        decode = _decoder(table)
        batch: list[dict[str, Any]] = []
        with (src / "tables" / f"{table.name}.jsonl").open(encoding="utf-8") as rows:
            for line in rows:
                batch.append(decode(json.loads(line)))
                if len(batch) >= BATCH:
                    connection.execute(table.insert(), batch)
                    batch = []
        if batch:
            connection.execute(table.insert(), batch)
        _reset_sequence(connection, table)
        progress(table.name)
    for relative in manifest["files"]:
        target = upload_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src / "uploads" / relative, target)
        progress(relative)
    return manifest


def _reset_sequence(connection: Connection, table: Table) -> None:
    """After inserting explicit ids, PostgreSQL's sequence must continue past them."""
    if connection.dialect.name != "postgresql" or "id" not in table.columns:
        return
    next_id = connection.execute(select(func.coalesce(func.max(table.c.id), 0) + 1)).scalar()
    connection.execute(
        text("SELECT setval(pg_get_serial_sequence(:table, 'id'), :next_id, false)"),
        {"table": f'"{table.name}"', "next_id": next_id},
    )
