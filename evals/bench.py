"""`make bench`: speed of the whole tool on this machine, next to a plain llama-index baseline.

Prints one table: ingest time and chunks/s (the seeds; 200 articles, 40 re-labelled copies of
them, whose repeated text is embedded once; the same 200 with every sentence numbered per copy,
so nothing repeats; a 2 MB file of one line without punctuation), in-process retrieval p50/p95 over the dev questions,
`rag ask` wall time cold (new process, empty store) and warm (new process, built store), and
`rag --help`. The baseline is VectorStoreIndex with the same embedder (default 1024-token chunks).
`--quick` leaves out the two large ingests (minutes each): the rows that change most per commit.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import string
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rag.baseline import LlamaIndexBaseline
from rag.copies_eval import copies_of_seeds
from rag.evaluation import EVALS_DIR, load_gold
from rag.pipeline import Pipeline
from rag.settings import REPO_ROOT, Settings


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def wall(args: list[str], env: dict[str, str], runs: int = 1) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, env=env, cwd=REPO_ROOT, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def one_line_file(path: Path, size: int) -> Path:
    """`size` bytes of made-up words on one line, without a single punctuation mark."""
    rng = random.Random(1)
    vocab = ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(2, 9))) for _ in range(5000)]
    words: list[str] = []
    length = 0
    while length < size:
        words.append(rng.choice(vocab))
        length += len(words[-1]) + 1
    path.write_text(" ".join(words)[:size])
    return path


def timed_ingest(settings: Settings, name: str, paths: list[Path]) -> tuple[str, str, str]:
    """Ingest into a fresh store: the row for the table."""
    pipeline = Pipeline(settings.model_copy(update={"data_dir": settings.data_dir.parent / name}))
    start = time.perf_counter()
    chunks = pipeline.ingest(paths).added
    elapsed = time.perf_counter() - start
    return f"ingest {name}", f"{elapsed:.2f} s, {chunks} chunks, {chunks / elapsed:.1f}/s", ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="skip the 200-article and 2 MB ingests"
    )
    quick = parser.parse_args().quick
    questions = [i.question for i in load_gold(EVALS_DIR / "dev.jsonl")]
    rag = [sys.executable, "-m", "rag.cli"]
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(_env_file=None, data_dir=Path(tmp) / "data")
        pipeline = Pipeline(settings)
        pipeline.embedder.embed(["warm up"])
        start = time.perf_counter()
        chunks = pipeline.ingest([settings.seeds_dir]).added
        ingest_s = time.perf_counter() - start
        rows.append(("ingest seeds (5 files)", f"{ingest_s:.2f} s, {chunks / ingest_s:.1f} chunks/s",
                     ""))  # fmt: skip
        times = []
        for q in questions:
            t = time.perf_counter()
            pipeline.retriever.retrieve(q, settings.top_k)
            times.append((time.perf_counter() - t) * 1000)
        ours = f"p50 {statistics.median(times):.0f} ms, p95 {percentile(times, 0.95):.0f} ms"

        tmp_path = Path(tmp)
        if not quick:
            rows.append(timed_ingest(settings, "200 articles (40 copies of the seeds)",
                                     [copies_of_seeds(settings.seeds_dir, 40, tmp_path / "copies")]))  # fmt: skip
            rows.append(timed_ingest(settings, "200 articles, no text shared (numbered copies)",
                                     [copies_of_seeds(settings.seeds_dir, 40, tmp_path / "distinct",
                                                      distinct=True)]))  # fmt: skip
            rows.append(timed_ingest(settings, "a 2 MB one-line file without punctuation",
                                     [one_line_file(tmp_path / "one_line.txt", 2_000_000)]))  # fmt: skip

        start = time.perf_counter()
        base = LlamaIndexBaseline(pipeline)
        base_ingest = time.perf_counter() - start
        rows[0] = (rows[0][0], rows[0][1], f"{base_ingest:.2f} s (1024-token chunks)")
        btimes = []
        for q in questions:
            t = time.perf_counter()
            base.retriever.retrieve(q)
            btimes.append((time.perf_counter() - t) * 1000)
        rows.append((f"retrieval, {len(questions)} dev questions", ours,
                     f"p50 {statistics.median(btimes):.0f} ms, p95 {percentile(btimes, 0.95):.0f} ms"))  # fmt: skip

        env = {k: v for k, v in os.environ.items() if not k.startswith(("RAG_", "OPENAI_"))}
        cold_env = {**env, "RAG_DATA_DIR": str(Path(tmp) / "cold")}
        ask = [*rag, "ask", "Who went with Putin?"]
        cold = wall(ask, cold_env)[0]
        rows.append(("rag ask, cold (empty store: ingests seeds)", f"{cold:.2f} s", ""))
        warm = wall(ask, {**env, "RAG_DATA_DIR": str(settings.data_dir)}, runs=5)
        rows.append(
            ("rag ask, warm (median of 5 processes)", f"{statistics.median(warm):.2f} s", "")
        )
        help_t = wall([*rag, "--help"], env, runs=5)
        rows.append(("rag --help (median of 5)", f"{statistics.median(help_t):.2f} s", ""))

    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'rag':<32}  llama-index baseline")
    for name, ours, theirs in rows:
        print(f"{name:<{width}}  {ours:<32}  {theirs}")


if __name__ == "__main__":
    main()
