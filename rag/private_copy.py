"""A private copy of an index folder this process may not write, so Chroma can read it.

Chroma's embedded client writes to its SQLite file whenever it opens it (journal mode, migrations),
even only to read: an index on a read-only mount, or owned by another user, could not be queried.
Reading a copy in the temp folder never writes the shared index; the copy goes when the client is
closed, or at exit.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from rag.errors import StoreError


def writable(folder: Path) -> bool:
    """Whether this process may write the index folder and its SQLite files (a read-only mount
    says no even to root)."""
    return os.access(folder, os.W_OK) and all(
        os.access(f, os.W_OK) for f in folder.glob("chroma.sqlite3*")
    )


class PrivateCopy:
    """A writable copy of `folder` under the temp folder, removed by `remove()` or at exit."""

    def __init__(self, folder: Path) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="rag-read-only-index-")
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


def _copy(source: Path, target: Path) -> None:
    """Copy contents only: permission bits copied from a read-only index would leave the copy
    read-only too."""
    for folder, _, files in os.walk(source):
        into = target / Path(folder).relative_to(source)
        into.mkdir(parents=True, exist_ok=True)
        for name in files:
            shutil.copyfile(Path(folder) / name, into / name)
