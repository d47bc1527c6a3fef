"""Run store writes on one background thread, in order, while the caller embeds the next batch.

The queue is bounded, so embedding never runs more than a couple of batches ahead of the writes
(memory stays flat), and the first failed write is raised in the caller at the next submit or at
the end: a crash never skips a write and carries on with the ones after it.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

_STOP = None


class OrderedWriter:
    def __init__(self, depth: int = 2) -> None:
        self._jobs: queue.Queue[Callable[[], None] | None] = queue.Queue(maxsize=depth)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="rag-writer", daemon=True)
        self._thread.start()

    def submit(self, job: Callable[[], None]) -> None:
        """Queue `job` after every earlier one; blocks while `depth` jobs are waiting."""
        self._raise()
        self._jobs.put(job)

    def drain(self) -> None:
        """Wait for every queued job to finish and stop the thread."""
        if self._thread.is_alive():
            self._jobs.put(_STOP)
            self._thread.join()

    def close(self) -> None:
        """Drain, then raise the first failure."""
        self.drain()
        self._raise()

    def _run(self) -> None:
        while (job := self._jobs.get()) is not _STOP:
            if self._error is None:  # after a failure, drain without writing
                try:
                    job()
                except BaseException as exc:  # re-raised in the caller's thread
                    self._error = exc

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error


@contextmanager
def ordered_writer(depth: int = 2) -> Iterator[OrderedWriter]:
    """An OrderedWriter that is always drained on exit (and raises its failure then)."""
    writer = OrderedWriter(depth)
    try:
        yield writer
    except BaseException:
        writer.drain()
        raise
    writer.close()
