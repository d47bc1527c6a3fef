"""A private copy of an index folder this process may not write, so Chroma can read it.

Chroma's embedded client writes to its SQLite file whenever it opens it (journal mode, migrations),
even only to read: an index on a read-only mount, or owned by another user, could not be queried.
Reading a copy in the temp folder never writes the shared index; the copy goes when the client is
closed, at exit, or (after a process killed by a signal) when the next copy is made.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from rag.errors import StoreError

_PREFIX = "rag-read-only-index-"  # then the pid of the process reading the copy


def writable(folder: Path) -> bool:
    """Whether this process may write the index folder and its SQLite files (a read-only mount
    says no even to root)."""
    return os.access(folder, os.W_OK) and all(
        os.access(f, os.W_OK) for f in folder.glob("chroma.sqlite3*")
    )


class PrivateCopy:
    """A writable copy of `folder` under the temp folder, removed by `remove()` or at exit."""

    def __init__(self, folder: Path) -> None:
        _sweep()
        self._tmp = tempfile.TemporaryDirectory(prefix=f"{_PREFIX}{os.getpid()}-")
        self.path = Path(self._tmp.name) / "index"
        try:
            _copy(folder, self.path)
        except OSError as exc:
            self.remove()
            raise StoreError(
                f"the index at {folder} is read-only and could not be copied to "
                f"{self._tmp.name} to read it: {exc.strerror or exc}"
            ) from None

    def remove(self) -> None:
        self._tmp.cleanup()


def _sweep() -> None:
    """Remove the copies of processes that are gone: a server stopped by a signal (SIGTERM, as
    service managers stop it) exits without cleaning up, and each copy is a whole index."""
    for old in Path(tempfile.gettempdir()).glob(f"{_PREFIX}*-*"):
        pid = old.name[len(_PREFIX) :].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(old, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _copy(source: Path, target: Path) -> None:
    """Copy contents only: permission bits copied from a read-only index would leave the copy
    read-only too."""
    for folder, _, files in os.walk(source):
        into = target / Path(folder).relative_to(source)
        into.mkdir(parents=True, exist_ok=True)
        for name in files:
            shutil.copyfile(Path(folder) / name, into / name)
