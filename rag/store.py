"""The Chroma collections of chunks and sentences: embedded on disk by default, client/server when
a host is set, in the live generation (`rag/generations.py`).

The collection's metadata records which embedder built it, so a query with another embedder is a
clear error instead of silently meaningless neighbours. Every storage failure becomes a StoreError
that names its real cause (`explain`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar

import numpy as np

from rag.chunking import Chunk
from rag.errors import StoreError
from rag.filters import Filters
from rag.generations import (
    LEGACY,
    WRITE_LOCK,
    DiskGenerations,
    ServerGenerations,
    new_generation,
)
from rag.private_copy import PrivateCopy, writable
from rag.roots import remember, remembered_command, reset_command

if TYPE_CHECKING:
    from rag.settings import Settings

T = TypeVar("T")
# An index takes roughly this many bytes per byte of text (sentence vectors, HNSW graphs,
# full-text index), plus a fixed margin: measured on the seeds, with room to spare.
_BYTES_PER_TEXT_BYTE = 30
_SPACE_MARGIN = 4_000_000
_SERVER_RECHECK_S = 1.0  # how stale a server's generation pointer may be seen


@dataclass(frozen=True)
class StoredChunk:
    id: str
    text: str
    meta: dict[str, Any]

    @property
    def source(self) -> str:
        return self.meta["source"]

    @property
    def path(self) -> str:
        """The document's identity; a store from before identities had only the file name."""
        return self.meta.get("path") or self.meta["source"]


class Store:
    """The live generation's two collections (chunks and their sentences).

    Every read first checks the generation pointer, so a long-running process (`rag serve`)
    follows a rebuild made by another one. `building()` yields a Store on a new generation that
    becomes the live one only if the block succeeds.
    """

    def __init__(self, settings: Settings, embedder: str, generation: str | None = None) -> None:
        self.settings = settings
        self.embedder = embedder  # the name recorded in (and checked against) the collections
        self._pinned = generation  # set on a generation being built aside
        self._lock = threading.RLock()  # UI handlers share one Store across threads
        self._server_client: Any = None
        self._generations: DiskGenerations | ServerGenerations = (
            ServerGenerations(settings, self._server)
            if settings.chroma_host
            else DiskGenerations(settings)
        )
        if not settings.chroma_host:
            try:  # read as a folder, a file looks like an empty index
                in_the_way = _file_in_the_way(settings.data_dir)
            except OSError as exc:  # a parent folder this user may not enter
                raise StoreError(
                    explain(exc, self.location, "read", self._rebuild_advice)
                ) from None
            if in_the_way is not None:
                raise StoreError(_not_a_folder(self.location, in_the_way))
        self._forget()
        self._stamp: Any = object()
        self._checked = -_SERVER_RECHECK_S

    def _forget(self) -> None:
        self._generation: str | None = None
        self._client: Any = None
        self._collection: Any = None
        self._sentences: Any = None
        self._copy: PrivateCopy | None = None  # the copy a read-only index is read from

    # -- connection -------------------------------------------------------------------------
    @property
    def read_only(self) -> bool:
        """Whether the open index is read from a private copy (a read-only mount, another user's
        files): every write is refused, so front ends offer none."""
        return self._copy is not None

    @property
    def location(self) -> str:
        s = self.settings
        return f"http://{s.chroma_host}:{s.chroma_port}" if s.chroma_host else str(s.data_dir)

    def _server(self) -> Any:
        if self._server_client is None:
            import chromadb

            try:
                self._server_client = chromadb.HttpClient(
                    host=self.settings.chroma_host or "",
                    port=self.settings.chroma_port,
                    settings=chromadb.Settings(anonymized_telemetry=False, allow_reset=False),
                )
            except Exception as exc:
                raise StoreError(f"cannot reach the Chroma server at {self.location}: "
                                 f"{_first_line(exc)}") from None  # fmt: skip
        return self._server_client

    def _sync(self) -> str | None:
        """Follow the pointer: reopen when another process switched generations."""
        if self._pinned:
            if self._generation != self._pinned:
                self._forget()
                self._generation = self._pinned
            return self._pinned
        if self._server_client is not None and time.monotonic() - self._checked < _SERVER_RECHECK_S:
            return self._generation  # a pointer check costs round trips to the server
        with self._lock:
            self._checked = time.monotonic()
            stamp = self._guard("read", self._generations.stamp)
            if stamp != self._stamp or self._generation is None:
                current = self._guard("read", self._generations.current)
                if current != self._generation or self._client is not None:
                    # another generation, or this one written by another process: Chroma keeps
                    # the old vectors (its HNSW segment) in memory until the client is reopened
                    self._close()
                    self._generation = current
                self._stamp = stamp
            return self._generation

    @property
    def version(self) -> Any:
        """Changes whenever the live index may have: a key for caches of what it holds."""
        return self._sync(), self._stamp

    def _wrote(self) -> None:
        """After a committed write: tell readers in other processes, but keep this client (it
        has seen its own write)."""
        if self._pinned or self.settings.chroma_host:
            return  # a generation built aside is read by nobody; a server's state is shared
        self._guard("write", self._generations.touch)
        self._stamp = self._guard("read", self._generations.stamp)

    def built(self) -> bool:
        """Whether this data dir was ever built (only then is `seeds/` not ingested on first ask)."""
        return self._sync() is not None

    @property
    def generation(self) -> str | None:
        return self._sync()

    def client(self) -> Any:
        generation = self._sync()
        if generation is None:
            raise StoreError(f"the index at {self.location} has not been built yet")
        with self._lock:  # two UI questions at once must not open two clients (one unclosed
            # client keeps Chroma's cached System, and its stale vectors, alive for good)
            if self._client is None:
                if isinstance(self._generations, ServerGenerations):
                    self._client = self._server()
                else:
                    self._client = self._guard("open", self._open_disk, generation)
            return self._client

    def _open_disk(self, generation: str) -> Any:
        import chromadb

        assert isinstance(self._generations, DiskGenerations), "only an embedded store is on disk"
        path = self._generations.path(generation)
        if path.is_dir() and not writable(path):  # Chroma would write to it just to open it
            self._copy = PrivateCopy(path)
            path = self._copy.path
        path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(
            path=str(path),
            settings=chromadb.Settings(anonymized_telemetry=False, allow_reset=False),
        )

    def _close(self) -> None:
        with self._lock:
            if self._client is not None and self._client is not self._server_client:
                with contextlib.suppress(Exception):
                    self._client.close()
            if self._copy is not None:
                self._copy.remove()
            self._forget()

    def _guard(self, action: str, func: Callable[..., T], *args: Any) -> T:
        """Run a storage call; turn its failure into a StoreError that names the real cause."""
        try:
            return func(*args)
        except StoreError:
            raise
        except Exception as exc:
            if action == "read" and self._moved():
                self._close()  # the next read opens what was written
                raise StoreError(f"the index at {self.location} was written by another process "
                                 "while this read it; ask again") from None  # fmt: skip
            raise StoreError(explain(exc, self.location, action, self._rebuild_advice)) from None

    def _rebuild_advice(self) -> str:
        """The reset that rebuilds this index from its own folders (recorded at each write)."""
        recorded = None if self.settings.chroma_host else remembered_command(self.settings.data_dir)
        return recorded or reset_command([])

    def remember_roots(self, indexed: Iterable[str] | None = None) -> None:
        """Record the indexed documents' folders for `_rebuild_advice` (embedded store only);
        `indexed` is every document identity when the caller already knows them."""
        if not self.settings.chroma_host:
            remember(self.settings.data_dir, self.ids_by_path() if indexed is None else indexed)

    def _moved(self) -> bool:
        """Whether the live index changed since this Store last looked (a read failed)."""
        if self._pinned:
            return False
        try:
            return self._generations.stamp() != self._stamp
        except Exception:
            return False

    def collection(self, create: bool = True, vectors: bool = True) -> Any:
        """The chunk collection, checked against the embedder that will query it when `vectors`
        (a search or a write of vectors); listing, reading text and deleting need no check, so
        `rag sources` and `rag remove` work while another embedder is configured."""
        self._sync()
        if self._collection is None:
            self._collection = self._open(0, create)
            if self._collection is None:
                return None
        built_with = (self._collection.metadata or {}).get("embedder")
        if vectors and built_with != self.embedder:
            got = self._guard("read", lambda: self._collection.get(include=["metadatas"]))
            paths = [m.get("path") or m["source"] for m in got["metadatas"]]
            raise StoreError(
                f"the index was built with embedder {built_with!r} but {self.embedder!r} is "
                f"configured; set RAG_EMBEDDER (and RAG_EMBED_PRECISION) back, or rebuild it "
                f"with {reset_command(paths)}"
            )
        return self._collection

    def sentences(self, vectors: bool = True) -> Any:
        """Every chunk's sentences with their own vectors: sharp dense matches for short facts."""
        self.collection(vectors=vectors)  # checks the embedder first
        if self._sentences is None:
            self._sentences = self._open(1, create=True)
        return self._sentences

    def _open(self, which: int, create: bool) -> Any:
        """Get (or create) a collection; None when `create` is off and it does not exist."""
        generation = self._sync()
        if generation is None:
            return None
        name = self._generations.names(generation)[which]
        client = self.client()
        try:
            if create:
                return client.get_or_create_collection(
                    name,
                    embedding_function=None,
                    metadata={"embedder": self.embedder, "hnsw:space": "cosine"},
                )
            return client.get_collection(name, embedding_function=None)
        except Exception as exc:
            if not create and "does not exist" in str(exc):
                return None
            raise StoreError(explain(exc, self.location, "read", self._rebuild_advice)) from None

    # -- generations ------------------------------------------------------------------------
    @contextlib.contextmanager
    def building(self) -> Iterator[Store]:
        """A Store on a new, empty generation; it goes live only if the block succeeds.

        The caller holds `write_lock()`. On success the pointer is flipped and every older
        generation but the one just replaced is dropped (readers may still be finishing on it).
        """
        generation = new_generation()
        self._guard("write", self._generations.begin, generation)
        aside = Store(self.settings, self.embedder, generation)
        try:
            yield aside
        except BaseException:
            aside._close()
            with contextlib.suppress(Exception):
                self._generations.drop(generation)
            raise
        aside._close()  # flushes an embedded store before anyone else opens it
        try:
            previous = self._sync()
        except StoreError:  # a damaged pointer: the reset replaces every generation there
            previous = None
        self._guard("write", self._generations.switch, generation)
        self._guard("write", self._generations.finish, generation)
        self._close()
        self._stamp, self._checked = object(), -_SERVER_RECHECK_S
        for old in self._guard("read", self._generations.all):
            # the old layout's files (perhaps the corrupt store this reset replaces) go at once
            if old not in (generation, previous) or old == LEGACY:
                with contextlib.suppress(Exception):
                    self._generations.drop(old)

    # -- writes -----------------------------------------------------------------------------
    @contextlib.contextmanager
    def write_lock(self) -> Iterator[None]:
        """Serialise writers (two `rag ingest` at once, or an ingest and a first-ask seeding)."""
        if self.settings.chroma_host:
            yield
            return
        root = self.settings.data_dir
        handle = self._guard("write", _open_lock, root)
        with handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def check_space(self, text_bytes: int) -> None:
        """Refuse, before writing anything, a write that would fill the disk: Chroma does not
        recover cleanly from a full disk in the middle of a write."""
        if self.settings.chroma_host:
            return
        needed = _BYTES_PER_TEXT_BYTE * text_bytes + _SPACE_MARGIN
        free = _free_bytes(self.settings.data_dir)
        if free is not None and free < needed:
            raise StoreError(
                f"no space left on the device holding {self.location} (about "
                f"{needed / 1e6:.1f} MB needed, {free / 1e6:.1f} MB free); the index is unchanged"
            )

    def _writable(self, vectors: bool = True) -> tuple[Any, Any]:
        chunks = self.collection(vectors=vectors)
        if chunks is None:
            raise StoreError(f"the index at {self.location} has not been built yet")
        if self._copy is not None:  # a write to the private copy would be lost
            raise StoreError(f"the index at {self.location} is read-only; the index is unchanged")
        return chunks, self.sentences(vectors)

    def upsert(
        self,
        chunks: Sequence[Chunk],
        vectors: np.ndarray,
        sentences: Sequence[tuple[Chunk, int, str]] = (),
        sentence_vectors: np.ndarray | None = None,
    ) -> None:
        """Write sentences first, chunks last: a chunk present means its sentences are too."""
        chunk_col, sentence_col = self._writable()
        if sentences:
            self._guard("write", lambda: sentence_col.upsert(
                ids=[_sentence_id(c.id, j) for c, j, _ in sentences], embeddings=sentence_vectors,
                documents=[text for _, _, text in sentences],
                metadatas=[{**c.metadata(), "chunk_id": c.id} for c, _, _ in sentences]))  # fmt: skip
        self._guard("write", lambda: chunk_col.upsert(
            ids=[c.id for c in chunks], embeddings=vectors, documents=[c.text for c in chunks],
            metadatas=[c.metadata() for c in chunks]))  # fmt: skip
        self._wrote()

    def delete(self, ids: Sequence[str]) -> None:
        """Delete chunks first, then their sentences (the reverse of `upsert`)."""
        if ids:
            chunk_col, sentence_col = self._writable(vectors=False)
            self._guard("write", lambda: chunk_col.delete(ids=list(ids)))
            self._guard(
                "write", lambda: sentence_col.delete(where={"chunk_id": {"$in": list(ids)}})
            )
            self._wrote()

    # -- reads ------------------------------------------------------------------------------
    def ids_by_path(self) -> dict[str, set[str]]:
        """Chunk ids per document identity."""
        return ids_by_path(self._get(None, include=["metadatas"]))

    def chunk_ids(self, filters: Filters | None = None, limit: int | None = None) -> list[str]:
        """Every chunk's id, or those of the chunks the filters accept (at most `limit`)."""
        col = self.collection(create=False, vectors=False)
        if col is None:
            return []
        where = _where(filters)
        return self._guard("read", lambda: col.get(where=where, limit=limit, include=[]))["ids"]

    def all_chunks(self) -> list[StoredChunk]:
        return self.get_chunks(None)

    def query(
        self, vector: np.ndarray, n: int, filters: Filters | None = None
    ) -> list[tuple[str, float]]:
        """Ids of the nearest chunks with cosine similarity (1 - Chroma's cosine distance).

        Ids only: reading the text and metadata of the hits costs several times the search, and
        retrieval has them in memory (`BM25Index.by_id`). No count first: Chroma returns what
        it has when asked for more."""
        col = self.collection(create=False)
        if col is None:
            return []
        got = self._guard("read", lambda: col.query(
            query_embeddings=[vector], n_results=max(1, n), where=_where(filters),
            include=["distances"]))  # fmt: skip
        return [(i, 1.0 - d) for i, d in zip(got["ids"][0], got["distances"][0], strict=True)]

    def get_chunks(self, ids: Sequence[str] | None) -> list[StoredChunk]:
        """The chunks with these ids; every chunk when ids is None."""
        return self._get(ids, include=["documents", "metadatas"])

    def _get(self, ids: Sequence[str] | None, include: list[str]) -> list[StoredChunk]:
        if ids is not None and not ids:
            return []
        col = self.collection(create=False, vectors=False)
        if col is None:
            return []
        got = self._guard("read", lambda: col.get(
            ids=None if ids is None else list(ids), include=include))  # fmt: skip
        texts = got.get("documents") or [""] * len(got["ids"])
        return [
            StoredChunk(i, t, m)
            for i, t, m in zip(got["ids"], texts, got["metadatas"], strict=True)
            if t is not None and m is not None  # deleted under this read
        ]

    def chunk_vectors(self, ids: Sequence[str]) -> dict[str, tuple[str, np.ndarray]]:
        """The stored text and vector of each of these chunks that exists, by id."""
        col = self.collection(create=False)
        if col is None or not ids:
            return {}
        got = self._guard(
            "read", lambda: col.get(ids=list(ids), include=["documents", "embeddings"])
        )
        return {
            i: (text, np.asarray(vector, np.float32))
            for i, text, vector in zip(got["ids"], got["documents"], got["embeddings"], strict=True)
            if text is not None
        }

    def query_sentences(
        self, vector: np.ndarray, n: int, filters: Filters | None = None
    ) -> list[tuple[str, float]]:
        """Chunk ids in order of their best-matching sentence."""
        if self.collection(create=False) is None:
            return []
        col = self.sentences()
        # a sentence's id names its chunk: reading the metadata of thousands of hits (a pool
        # widened past copies) would cost 20 times the search
        got = self._guard("read", lambda: col.query(
            query_embeddings=[vector], n_results=max(1, n), where=_where(filters),
            include=["distances"]))  # fmt: skip
        best: dict[str, float] = {}
        for sid, dist in zip(got["ids"][0], got["distances"][0], strict=True):
            best.setdefault(_chunk_of(sid), 1.0 - dist)
        return list(best.items())

    def sentence_vectors(
        self, chunks: Sequence[tuple[str, list[str]]]
    ) -> dict[str, dict[str, np.ndarray]]:
        """Stored vectors of these chunks' sentences, given as (chunk id, `split_sentences` of its
        text): id -> sentence -> vector.

        Ingest stored the j-th sentence as `<chunk id>:s<j>`, so only the vectors are read (with
        their texts the read took 2.5 times as long). A chunk whose stored sentences are not
        those (another count: a store from before a change to the splitter) gets none, and the
        answerer embeds its sentences itself."""
        wanted = {
            _sentence_id(cid, j): (cid, j) for cid, texts in chunks for j in range(len(texts))
        }
        # one id past each chunk's last sentence: found, the store split the chunk otherwise
        past = {_sentence_id(cid, len(texts)): cid for cid, texts in chunks}
        if not wanted:
            return {}
        col = self.sentences()
        got = self._guard("read", lambda: col.get(ids=[*wanted, *past], include=["embeddings"]))
        rows: dict[str, dict[int, np.ndarray]] = {}
        mismatched = set()
        for sid, vector in zip(got["ids"], got["embeddings"], strict=True):
            if sid in past:
                mismatched.add(past[sid])
            else:
                cid, j = wanted[sid]
                rows.setdefault(cid, {})[j] = np.asarray(vector, np.float32)
        texts = dict(chunks)
        return {
            cid: {texts[cid][j]: vector for j, vector in sorted(found.items())}
            for cid, found in rows.items()
            if cid not in mismatched and len(found) == len(texts[cid])
        }

    def count(self) -> int:
        col = self.collection(create=False, vectors=False)
        return 0 if col is None else self._guard("read", col.count)


def ids_by_path(chunks: Iterable[StoredChunk]) -> dict[str, set[str]]:
    """Chunk ids per document identity."""
    by_path: dict[str, set[str]] = {}
    for chunk in chunks:
        by_path.setdefault(chunk.path, set()).add(chunk.id)
    return by_path


def _sentence_id(chunk_id: str, j: int) -> str:
    """The id of a chunk's j-th sentence: `<chunk id>:s<j>`, so a hit names its chunk."""
    return f"{chunk_id}:s{j}"


def _chunk_of(sentence_id: str) -> str:
    return sentence_id.rsplit(":s", 1)[0]


def _where(filters: Filters | None) -> dict[str, Any] | None:
    """Filters in Chroma's metadata syntax (chunks and sentences carry the same metadata).

    A date bound keeps only dated documents: an undated one has no `date_int` to compare.
    """
    if filters is None:
        return None
    clauses: list[dict[str, Any]] = []
    if filters.source:
        clauses.append({"path": filters.source})
    if filters.since:
        clauses.append({"date_int": {"$gte": _date_int(filters.since)}})
    if filters.until:
        clauses.append({"date_int": {"$lte": _date_int(filters.until)}})
    if len(clauses) > 1:
        return {"$and": clauses}
    return clauses[0] if clauses else None


def _date_int(day: dt.date) -> int:
    return day.year * 10000 + day.month * 100 + day.day


def _open_lock(root: Path) -> IO[str]:
    root.mkdir(parents=True, exist_ok=True)
    return open(root / WRITE_LOCK, "a")


def _free_bytes(path: Path) -> int | None:
    """Free space on the device holding `path` (or its nearest existing parent)."""
    for folder in (path, *path.parents):
        with contextlib.suppress(OSError):
            if folder.is_dir():
                return shutil.disk_usage(folder).free
    return None


def explain(
    exc: BaseException, location: str, action: str, rebuild: Callable[[], str] = lambda: ""
) -> str:
    """One line that names the real cause; a reset (`rebuild()`, the command with the indexed
    folders) is suggested only for a corrupt index."""
    text = f"{type(exc).__name__}: {exc}"
    low = text.lower()
    unchanged = "; the index is unchanged" if action == "write" else ""
    if (
        isinstance(exc, OSError)
        and exc.errno == errno.ENOSPC
        or "disk is full" in low
        or ("no space left" in low)
    ):
        return f"no space left on the device holding {location}{unchanged}"
    if (
        "readonly database" in low
        or "read-only file system" in low
        or (isinstance(exc, OSError) and exc.errno == errno.EROFS)
    ):
        return f"the index at {location} is read-only{unchanged}"
    if isinstance(exc, PermissionError) or "permission denied" in low:
        return f"no permission to {action} the index at {location}{unchanged}"
    if isinstance(exc, NotADirectoryError | FileExistsError) or "not a directory" in low:
        return _not_a_folder(location)
    if "not a database" in low or "malformed" in low or "corrupt" in low:
        advice = rebuild() or reset_command([])
        return f"the index at {location} is corrupt ({_first_line(exc)}); rebuild it with {advice}"
    if "connect" in low and "http" in location:
        return f"cannot reach the Chroma server at {location}: {_first_line(exc)}"
    return f"cannot {action} the index at {location}: {_first_line(exc)}"


def _file_in_the_way(data_dir: Path) -> Path | None:
    """The data dir, or the folder above it, that is a file (`RAG_DATA_DIR=notes.txt/index`)."""
    for folder in (data_dir, *data_dir.parents):
        if folder.exists():
            return None if folder.is_dir() else folder
    return None


def _not_a_folder(location: str, in_the_way: Path | None = None) -> str:
    if in_the_way is None or str(in_the_way) == location:
        return f"the data dir {location} is not a folder (is it a file?)"
    return f"the data dir {location} cannot be made: {in_the_way} is a file"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
