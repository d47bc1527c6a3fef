"""How cost grows with the index: a synthetic corpus of up to 10,000 chunks.

    python evals/bench_scale.py [--sizes 100,1000,10000]

Documents are built by shuffling the seed articles' sentences and giving each a new date, so the
text is realistic and the questions still have answers. Reports ingest chunks/s, peak RSS, and
retrieval p50/p95 over the dev questions at each size (the store grows in place).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import statistics
import tempfile
import time
from pathlib import Path

from rag.documents import Document, find_files, load_document
from rag.evaluation import EVALS_DIR, load_gold
from rag.pipeline import Pipeline
from rag.settings import Settings
from rag.text import split_sentences


def synthetic_documents(seeds: Path, count: int, rng: random.Random) -> list[Document]:
    sentences = [s for p in find_files([seeds]) for s in split_sentences(load_document(p).text)]
    start = dt.date(2015, 1, 1)
    docs = []
    for i in range(count):
        day = start + dt.timedelta(days=rng.randrange(365 * 10))
        text = " ".join(rng.sample(sentences, 4))
        name = f"synthetic_{i:05d}.txt"
        docs.append(Document(name, f"Synthetic {i}", day, text, path=f"/synthetic/{name}"))
    return docs


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100,1000,10000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rng = random.Random(7)
    questions = [i.question for i in load_gold(EVALS_DIR / "dev.jsonl")][:40]
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(_env_file=None, data_dir=Path(tmp))
        pipeline = Pipeline(settings)
        docs = synthetic_documents(settings.seeds_dir, max(sizes), rng)
        print(f"{'chunks':>7} {'ingest s':>9} {'chunks/s':>9} {'p50 ms':>7} {'p95 ms':>7} "
              f"{'peak RSS MB':>12}")  # fmt: skip
        done = 0
        for size in sizes:
            start = time.perf_counter()
            pipeline.ingest_documents(docs[done:size])  # each synthetic document is one chunk
            elapsed = time.perf_counter() - start
            added, done = size - done, size
            pipeline.retriever.retrieve("warm up", 8)
            times = []
            for q in questions:
                t = time.perf_counter()
                pipeline.retriever.retrieve(q, settings.top_k)
                times.append((time.perf_counter() - t) * 1000)
            p95 = sorted(times)[int(0.95 * (len(times) - 1))]
            print(f"{size:>7} {elapsed:>9.1f} {added / elapsed:>9.1f} {statistics.median(times):>7.0f} "
                  f"{p95:>7.0f} {peak_rss_mb():>12.0f}", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
