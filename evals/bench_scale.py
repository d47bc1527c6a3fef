"""How cost grows with the index: a synthetic corpus of up to 10,000 chunks.

    python evals/bench_scale.py [--sizes 1000,10000] [--modes embedded,server] [--data DIR]

Documents are built by shuffling the seed articles' sentences and giving each a new date, so the
text is realistic and the questions still have answers; each sentence is numbered per document,
so that no text repeats (repeated text is embedded once per ingest, which would flatter the rate). Reports ingest chunks/s, peak RSS, and
retrieval p50/p95 over the dev questions at each size (the store grows in place), with Chroma
embedded in this process and as a `chroma run` server on loopback (its own peak RSS apart).

`--data DIR` keeps each size's embedded store in `DIR/embedded-<size>`: built on the first run,
only timed on the next ones (ingest columns "-"), so a retrieval change is measured in seconds,
not in the minutes 10,000 chunks take to embed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import resource
import socket
import statistics
import sys
import tempfile
import time
from contextlib import nullcontext
from pathlib import Path

from rag.documents import Document, find_files, load_document
from rag.evaluation import EVALS_DIR, load_gold
from rag.pipeline import Pipeline
from rag.settings import REPO_ROOT, Settings
from rag.text import split_sentences

sys.path.insert(0, str(REPO_ROOT))
from tests.servers import running  # noqa: E402  (the helper the tests start servers with)


def synthetic_documents(seeds: Path, count: int, rng: random.Random) -> list[Document]:
    sentences = [s for p in find_files([seeds]) for s in split_sentences(load_document(p).text)]
    start = dt.date(2015, 1, 1)
    docs = []
    for i in range(count):
        day = start + dt.timedelta(days=rng.randrange(365 * 10))
        # numbered, so no sentence repeats: every text costs a MiniLM pass, as in a real collection
        text = " ".join(re.sub(r"([.!?…][\"”’')\]]*)$", f" (no. {i}-{j})\\1", s)
                        for j, s in enumerate(rng.sample(sentences, 4)))  # fmt: skip
        name = f"synthetic_{i:05d}.txt"
        docs.append(Document(name, f"Synthetic {i}", day, text, path=f"/synthetic/{name}"))
    return docs


def peak_rss_mb(pid: int | None = None) -> float:
    """This process's peak RSS, or another one's (read from /proc)."""
    if pid is None:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def chroma_server(root: Path, port: int):
    """A real `chroma run` on loopback, stopped after the block."""
    chroma = Path(sys.executable).with_name("chroma")
    command = [str(chroma), "run", "--path", str(root / "server"), "--host", "127.0.0.1",
               "--port", str(port)]  # fmt: skip
    return running(command, f"http://127.0.0.1:{port}/api/v2/heartbeat", root / "chroma.log")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(mode: str, sizes: list[int], docs: list, questions: list[str], tmp: Path,
        kept: Path | None = None) -> None:  # fmt: skip
    """Grow one store through the sizes, or with `kept` use (or build) a store per size there."""
    port = free_port()
    server = chroma_server(tmp, port) if mode == "server" else nullcontext(None)
    with server as process:
        host = {"chroma_host": "127.0.0.1", "chroma_port": port} if process else {}
        pipeline, done = None, 0
        for size in sizes:
            if pipeline is None or kept:
                data = kept / f"{mode}-{size}" if kept else tmp / "data"
                settings = Settings(_env_file=None, data_dir=data, **host)
                pipeline, done = Pipeline(settings), 0
            start = time.perf_counter()
            # chunks written (documents already in a kept store write nothing)
            added = pipeline.ingest_documents(docs[done:size]).added
            elapsed, done = time.perf_counter() - start, size
            pipeline.retriever.retrieve("warm up", 8)
            times = []
            for q in questions:
                t = time.perf_counter()
                pipeline.retriever.retrieve(q, settings.top_k)
                times.append((time.perf_counter() - t) * 1000)
            p95 = sorted(times)[int(0.95 * (len(times) - 1))]
            server_rss = f"{peak_rss_mb(process.pid):.0f}" if process else "-"
            ingest = f"{elapsed:>9.1f} {added / elapsed:>9.1f}" if added else f"{'-':>9} {'-':>9}"
            print(f"{mode:>9} {size:>7} {ingest} {statistics.median(times):>7.0f} {p95:>7.0f} "
                  f"{peak_rss_mb():>12.0f} {server_rss:>14}", flush=True)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated chunk counts")
    parser.add_argument("--modes", default="embedded,server", help="embedded and/or server")
    parser.add_argument("--data", type=Path, help="keep each size's embedded store here")
    args = parser.parse_args()
    if args.data and args.modes != "embedded":
        parser.error("--data keeps embedded stores only: add --modes embedded")
    sizes = sorted(int(s) for s in args.sizes.split(","))
    rng = random.Random(7)
    questions = [i.question for i in load_gold(EVALS_DIR / "dev.jsonl")][:40]
    settings = Settings(_env_file=None)
    docs = synthetic_documents(settings.seeds_dir, max(sizes), rng)
    print(f"{'chroma':>9} {'chunks':>7} {'ingest s':>9} {'chunks/s':>9} {'p50 ms':>7} "
          f"{'p95 ms':>7} {'peak RSS MB':>12} {'server RSS MB':>14}")  # fmt: skip
    for mode in args.modes.split(","):
        with tempfile.TemporaryDirectory() as tmp:
            run(mode, sizes, docs, questions, Path(tmp), args.data)


if __name__ == "__main__":
    main()
