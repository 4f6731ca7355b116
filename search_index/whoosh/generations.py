"""The index directory: generations, the ``current`` symlink and the indexer lock.

The live index is ``index_dir/current``, a symlink to a generation directory
``index_dir/gen-<timestamp>``. A rebuild writes a complete new generation and swaps
the symlink in one ``os.replace``, so a crash at any point leaves the old generation
serving. Indexes are always opened at the generation directory itself, never through
the symlink, so a swap never changes the files under an open index.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.filedb.structfile import StructFile
from whoosh.index import FileIndex
from whoosh.searching import Searcher
from whoosh.util.filelock import FileLock, try_for

from search_index.whoosh.schema import SCHEMA

CURRENT = "current"
GENERATION_PREFIX = "gen-"
LOCK_FILE = "indexer.lock"
REBUILD_LOCK_FILE = "rebuild.lock"


class IndexMissing(Exception):
    """There is no live index in the directory (nothing was built yet)."""


def live_generation(index_dir: str | os.PathLike[str]) -> Path | None:
    """The generation directory ``current`` points to, or None when there is none."""
    current = Path(index_dir) / CURRENT
    target = Path(os.path.realpath(current))
    return target if target != current and target.is_dir() else None


def open_index(index_dir: str | os.PathLike[str], create: bool = True) -> FileIndex:
    """The live index, opened at its generation directory (never through the symlink,
    which a rebuild may swap under an open index). With ``create``, an empty index is
    made when there is none yet; otherwise ``IndexMissing`` is raised.
    """
    index_dir = Path(index_dir)
    target = live_generation(index_dir)
    if target is None:
        if not create:
            raise IndexMissing(f"no search index in {index_dir}")
        index_dir.mkdir(parents=True, exist_ok=True)
        generation = new_generation(index_dir)
        whoosh_index.create_in(str(generation), SCHEMA).close()
        if os.path.lexists(index_dir / CURRENT):  # a dangling link: replace it
            swap(index_dir, generation)
        else:
            try:
                os.symlink(generation.name, index_dir / CURRENT)
            except FileExistsError:  # someone else created it meanwhile: use theirs
                shutil.rmtree(generation, ignore_errors=True)
        target = live_generation(index_dir)
        if target is None:
            raise IndexMissing(f"no search index in {index_dir}")
    return whoosh_index.open_dir(str(target))


def fresh_searcher(ix: FileIndex, old: Searcher) -> Searcher:
    """A searcher of the index as it is now, to use instead of ``old`` (closed here).

    Not ``Searcher.refresh()``: that reuses the readers of the segments it already had,
    and a segment's reader keeps the deletions it was opened with, so after an update
    (which deletes the object's old entry in its segment and adds the new one) both the
    old and the new entry were found, and each change added another.
    """
    searcher = ix.searcher()
    old.close()
    return searcher


def new_generation(index_dir: Path) -> Path:
    """A new, empty ``gen-<timestamp>`` directory."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    for attempt in range(100):
        path = index_dir / f"{GENERATION_PREFIX}{stamp}{'-' + str(attempt) if attempt else ''}"
        try:
            path.mkdir()
        except FileExistsError:
            continue
        return path
    raise FileExistsError(f"cannot create a generation directory in {index_dir}")


def swap(index_dir: Path, generation: Path) -> None:
    """Point ``current`` at ``generation`` atomically (symlink under a temp name, then
    ``os.replace``); the target is relative so that the whole directory can move."""
    temp = index_dir / f"{CURRENT}.tmp-{os.getpid()}-{generation.name}"
    with contextlib.suppress(FileNotFoundError):
        temp.unlink()
    os.symlink(generation.name, temp)
    os.replace(temp, index_dir / CURRENT)
    _fsync_dir(index_dir)


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_other_generations(index_dir: Path, keep: Path) -> None:
    """Remove every generation but ``keep`` (old ones, and those of crashed rebuilds)."""
    for path in index_dir.glob(GENERATION_PREFIX + "*"):
        if path.name != keep.name:
            shutil.rmtree(path, ignore_errors=True)
    for path in index_dir.glob(CURRENT + ".tmp-*"):
        with contextlib.suppress(OSError):
            path.unlink()


@contextlib.contextmanager
def file_lock(path: Path, timeout: float) -> Iterator[bool]:
    """Hold the lock file ``path``; yields False when it was not free within ``timeout``."""
    lock = FileLock(str(path))
    acquired = try_for(lock.acquire, timeout=timeout, delay=0.05)
    try:
        yield bool(acquired)
    finally:
        if acquired:
            lock.release()


def indexer_lock(index_dir: Path, timeout: float) -> contextlib.AbstractContextManager[bool]:
    """Serialises the runs that write the index (``index_dir/indexer.lock``)."""
    return file_lock(index_dir / LOCK_FILE, timeout)


def rebuild_lock(index_dir: Path, timeout: float) -> contextlib.AbstractContextManager[bool]:
    """Held for the whole of a rebuild (``index_dir/rebuild.lock``)."""
    return file_lock(index_dir / REBUILD_LOCK_FILE, timeout)


def rebuild_running(index_dir: Path) -> bool:
    """Whether a rebuild holds its lock now (then outbox rows wait for it to finish)."""
    with rebuild_lock(index_dir, 0) as free:
        return not free


def release_leaked_files(exc: BaseException) -> None:
    """Close the files Whoosh left open when it failed to read a damaged index.

    ``TOC.read`` does not close its stream when reading fails; the stream lives on in
    the traceback's frames and would be closed, with a ``ResourceWarning``, whenever
    the exception is dropped. Close the Whoosh files those frames hold instead.
    """
    tb = exc.__traceback__
    while tb is not None:
        for value in list(tb.tb_frame.f_locals.values()):
            if isinstance(value, StructFile) and not value.is_closed:
                value.close()
        tb = tb.tb_next
