"""MiniLM fp32 against int8 (`RAG_EMBED_PRECISION`): how close the vectors are, and how fast.

Embeds the seeds' chunks and their sentences (each distinct text once, as ingest does) with
both graphs; prints the cosine of each int8 vector with its fp32 one (min / median) and the
wall time of each precision over interleaved runs, so both see the same machine load, which is
printed too (this is a shared machine: compare the two columns, not runs on different days).

    python evals/bench_precision.py [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from rag.chunking import chunk_document
from rag.documents import find_files, load_document
from rag.embedding import PRECISIONS, MiniLMEmbedder
from rag.settings import Settings
from rag.text import split_sentences


def seed_texts(settings: Settings) -> tuple[int, int, list[str]]:
    """(chunks, sentences, distinct texts) of the seeds, chunked as ingest chunks them."""
    chunks = [
        c.text
        for path in find_files([settings.seeds_dir])
        for c in chunk_document(load_document(path), settings.chunk_tokens, settings.chunk_overlap)
    ]
    sentences = [s for c in chunks for s in split_sentences(c)]
    return len(chunks), len(sentences), list(dict.fromkeys(chunks + sentences))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    n_chunks, n_sentences, texts = seed_texts(Settings(_env_file=None))
    with tempfile.TemporaryDirectory() as tmp:
        models = {p: MiniLMEmbedder(Path(tmp), p) for p in PRECISIONS}
        vectors = {p: m.embed(texts) for p, m in models.items()}  # builds graphs, warms up
        times: dict[str, list[float]] = {p: [] for p in PRECISIONS}
        loading: dict[str, list[float]] = {p: [] for p in PRECISIONS}
        loads = [os.getloadavg()[0]]
        for _ in range(args.runs):
            for precision, model in models.items():
                start = time.perf_counter()
                model.embed(texts)
                times[precision].append(time.perf_counter() - start)
            loads.append(os.getloadavg()[0])
            for precision in PRECISIONS:  # what a new `rag ask` pays before its first vector
                start = time.perf_counter()
                MiniLMEmbedder(Path(tmp), precision).embed(["warm"])
                loading[precision].append(time.perf_counter() - start)
        graphs = {f.name: f.stat().st_size for f in Path(tmp).glob("*.onnx")}
    cosine = np.sum(vectors["fp32"] * vectors["int8"], axis=1)
    print(f"seeds: {n_chunks} chunks + {n_sentences} sentences = {len(texts)} distinct texts")
    print(f"int8 vs fp32 cosine: min {cosine.min():.4f}  median {np.median(cosine):.4f}")
    print(f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}  "
          f"1-min load average {min(loads):.1f}-{max(loads):.1f} on {os.cpu_count()} cores")  # fmt: skip
    print("precision  embed median s  min s  max s  load+first median s  runs")
    for precision, t in times.items():
        first = statistics.median(loading[precision])
        print(f"{precision:<9}  {statistics.median(t):14.2f}  {min(t):5.2f}  {max(t):5.2f}  "
              f"{first:19.2f}  {len(t)}")  # fmt: skip
    print("graphs: " + ", ".join(f"{n} {size / 1e6:.1f} MB" for n, size in sorted(graphs.items())))


if __name__ == "__main__":
    main()
