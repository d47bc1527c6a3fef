"""Where the live index is: generations, and the pointer that says which one answers.

`rag ingest --reset` (and the first ingest into a new data dir) builds a new generation aside and
flips the pointer only when it succeeded, so readers see the old index or the new one, never an
empty or half-built one. Embedded: each generation is a Chroma folder `index-*` in the data dir
and the pointer is the file `CURRENT`, replaced atomically. Client/server: each generation is a
pair of collections `<name>--<generation>` and the pointer is a small collection's metadata.
A data dir from before generations (Chroma's files at its top) is the generation `.`.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rag.errors import StoreError
from rag.roots import remembered_command, reset_command

if TYPE_CHECKING:
    from rag.settings import Settings

LEGACY = "."  # Chroma's files directly in the data dir (or the plain collection names on a server)
_GENERATION = re.compile(r"^index-\d{8}T\d{6}-[0-9a-f]{6}$")
_UUID_DIR = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_BUILDING = "BUILDING"  # in a generation folder until the pointer names it
_CHROMA_FILES = ("chroma.sqlite3", "chroma.sqlite3-wal", "chroma.sqlite3-shm")


WRITE_LOCK = ".write.lock"  # in every data dir a writer opened (`Store.write_lock`)


def holds_index(folder: Path) -> bool:
    """Whether a folder is a data dir (its write lock beside Chroma's files or generations of
    them): an index built with another RAG_DATA_DIR inside a folder being ingested holds no
    articles. Another tool's Chroma folder, without the lock, is walked as any folder."""
    if not (folder / WRITE_LOCK).is_file():
        return False
    if (folder / _CHROMA_FILES[0]).is_file():
        return True
    try:
        return any(
            _GENERATION.match(child.name) and (child / _CHROMA_FILES[0]).is_file()
            for child in folder.iterdir()
        )
    except OSError:
        return False


def new_generation() -> str:
    return f"index-{time.strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(3)}"


class DiskGenerations:
    """Generations as folders of the data dir; the pointer is a file."""

    def __init__(self, settings: Settings) -> None:
        self.root = settings.data_dir
        self.collection = settings.collection

    @property
    def pointer(self) -> Path:
        return self.root / "CURRENT"

    def current(self) -> str | None:
        """The live generation; None for a data dir that was never built. A pointer that is
        missing, empty or names no folder here while index folders exist is damage: an error,
        never "not built", which would seed the data dir and drop those folders."""
        try:
            name = self.pointer.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            if (self.root / "chroma.sqlite3").exists():
                return LEGACY
            self._damaged("is missing")
            return None
        except NotADirectoryError:
            return None
        except UnicodeDecodeError:
            self._damaged("is not text")
            return None
        if name == LEGACY or (_GENERATION.match(name) and (self.root / name).is_dir()):
            return name
        self._damaged(f"names {name!r}, which is no index folder here" if name else "is empty")
        return None

    def _damaged(self, why: str) -> None:
        """Return when there is nothing to lose (no index folder): never built. Else raise,
        naming the folders there and how to point at one again; nothing is removed."""
        try:  # newest first (names hold the time); not one still being built, or left half-built
            found = sorted((n for n in self.all() if not (self.path(n) / _BUILDING).exists()),
                           reverse=True)  # fmt: skip
        except (FileNotFoundError, NotADirectoryError):
            return None
        if not found:
            return None
        rebuild = remembered_command(self.root) or reset_command([])
        raise StoreError(
            f"the index pointer {self.pointer} {why}, but the data dir holds "
            f"{', '.join(found)}; nothing was removed: to answer from the newest, write its "
            f"name into that file (`echo {found[0]} > {self.pointer}`), or rebuild with {rebuild}"
        )

    @property
    def marker(self) -> Path:
        return self.root / "CHANGED"

    def stamp(self) -> Any:
        """Changes whenever the pointer or the change marker does: two stats, cheap enough to
        check before every read."""
        return _stat(self.pointer), _stat(self.marker)

    def switch(self, name: str) -> None:
        self._replace(self.pointer, name)

    def touch(self) -> None:
        """Tell readers in other processes that the live index was written (after the write
        committed): the marker's count goes up, and os.replace gives it a new inode."""
        try:
            count = int(self.marker.read_text(encoding="utf-8").strip() or 0)
        except (OSError, ValueError):
            count = 0
        self._replace(self.marker, str(count + 1))

    def _replace(self, target: Path, text: str) -> None:
        """Write a small file atomically: readers see the old content or the new, never half."""
        tmp = self.root / f".{target.name}.{os.getpid()}"
        tmp.write_text(text + "\n", encoding="utf-8")
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, target)

    def path(self, name: str) -> Path:
        return self.root if name == LEGACY else self.root / name

    def begin(self, name: str) -> None:
        """Mark a generation as being built: until the pointer names it, it is no index to
        offer (a first build's folder exists before its pointer does)."""
        self.path(name).mkdir(parents=True, exist_ok=True)
        (self.path(name) / _BUILDING).touch()

    def finish(self, name: str) -> None:
        (self.path(name) / _BUILDING).unlink(missing_ok=True)

    def names(self, name: str) -> tuple[str, str]:
        return self.collection, f"{self.collection}-sentences"

    def all(self) -> list[str]:
        found = [p.name for p in self.root.iterdir() if p.is_dir() and _GENERATION.match(p.name)]
        if (self.root / "chroma.sqlite3").exists():
            found.append(LEGACY)
        return found

    def drop(self, name: str) -> None:
        if name == LEGACY:
            for file in _CHROMA_FILES:
                (self.root / file).unlink(missing_ok=True)
            for child in self.root.iterdir():
                if child.is_dir() and _UUID_DIR.match(child.name):
                    shutil.rmtree(child, ignore_errors=True)
        else:
            shutil.rmtree(self.root / name, ignore_errors=True)


class ServerGenerations:
    """Generations as collection-name suffixes on a Chroma server; the pointer is metadata."""

    def __init__(self, settings: Settings, client: Callable[[], Any]) -> None:
        self.collection = settings.collection
        self._client = client

    @property
    def _pointer_name(self) -> str:
        return f"{self.collection}--live"

    def _collection_names(self) -> set[str]:
        return {c if isinstance(c, str) else c.name for c in self._client().list_collections()}

    def current(self) -> str | None:
        names = self._collection_names()
        if self._pointer_name in names:
            meta = self._client().get_collection(self._pointer_name).metadata or {}
            return meta.get("generation")
        return LEGACY if self.collection in names else None

    def stamp(self) -> Any:
        return self.current()

    def begin(self, name: str) -> None:
        """Nothing to mark: a server's pointer is never missing while collections exist."""

    def finish(self, name: str) -> None:
        """Nothing to unmark."""

    def touch(self) -> None:
        """Nothing to tell: every client reads the server's one state."""

    def switch(self, name: str) -> None:
        pointer = self._client().get_or_create_collection(
            self._pointer_name, embedding_function=None, metadata={"generation": name}
        )
        pointer.modify(metadata={"generation": name})

    def names(self, name: str) -> tuple[str, str]:
        base = self.collection if name == LEGACY else f"{self.collection}--{name}"
        return base, f"{base}-sentences"

    def all(self) -> list[str]:
        names = self._collection_names()
        prefix = f"{self.collection}--"
        found = [n[len(prefix) :] for n in names if n.startswith(prefix)]
        found = [n for n in found if _GENERATION.match(n)]
        return found + ([LEGACY] if self.collection in names else [])

    def drop(self, name: str) -> None:
        for collection in self.names(name):
            try:
                self._client().delete_collection(collection)
            except Exception as exc:  # chroma's NotFoundError differs between versions
                if "does not exist" not in str(exc) and "not found" not in str(exc).lower():
                    raise


def _stat(path: Path) -> tuple[int, int, int] | None:
    try:
        st = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return None
    return st.st_ino, st.st_mtime_ns, st.st_size
