"""Pick the chunk size on the dev split: hit@1, hit@5, MRR of the gold article, and facts@k:
the share of questions whose every gold fact is somewhere in the k retrieved chunks.

    python evals/tune_retrieval.py [--sizes 96,160,256,512] [--file evals/dev.jsonl]

Each size gets a fresh store in a temp dir; nothing touches `.rag/`.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from rag.evaluation import EVALS_DIR, fact_found, load_gold
from rag.pipeline import Pipeline
from rag.settings import Settings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="96,128,160,200,256,512")
    parser.add_argument("--file", type=Path, default=EVALS_DIR / "dev.jsonl")
    parser.add_argument("--k", type=int, default=5)
    args = parser.parse_args()
    items = [i for i in load_gold(args.file) if i.answerable]
    print(f"{len(items)} answerable questions from {args.file.name}, k={args.k}")
    print(
        f"{'tokens':>6} {'overlap':>7} {'chunks':>6} {'hit@1':>6} {'hit@5':>6} {'MRR':>5} {'facts@k':>7} {'s':>5}"
    )
    for size in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            overlap = size // 5
            settings = Settings(data_dir=Path(tmp), chunk_tokens=size, chunk_overlap=overlap)
            pipeline = Pipeline(settings)
            start = time.perf_counter()
            chunks = pipeline.ingest([settings.seeds_dir]).added
            hit1 = hit5 = mrr = facts = 0.0
            for item in items:
                passages = pipeline.retriever.retrieve(item.question, args.k)
                ranks = [i for i, p in enumerate(passages, 1) if p.source in item.sources]
                hit1 += bool(ranks and ranks[0] == 1)
                hit5 += bool(ranks)
                mrr += 1 / ranks[0] if ranks else 0
                context = " ".join(p.text for p in passages)
                facts += all(fact_found(f, context) for f in item.facts)
            n = len(items)
            print(f"{size:>6} {overlap:>7} {chunks:>6} {hit1 / n:>6.2f} {hit5 / n:>6.2f} "
                  f"{mrr / n:>5.2f} {facts / n:>7.2f} {time.perf_counter() - start:>5.1f}")  # fmt: skip


if __name__ == "__main__":
    main()
