"""Where the extractive answerer goes wrong on the DEV split: answered unanswerables and citations
of non-gold sources, each with the chosen sentences and their score features.

    PYTHONPATH=. python evals/extractive_misses.py [--file evals/dev.jsonl] [--set name=value]

(PYTHONPATH=. so that the checkout's `rag` is imported, not an installed one.)

Retrieval runs once per question; `--set` re-runs the choice with other `Weights` (e.g.
`--set min_score=0.75`) and prints the summary per kind beside the defaults. The numbers are the
answerer's own (before the pipeline's citation check), so they approximate `rag eval`'s.
"""

from __future__ import annotations

import argparse
import statistics
from collections import defaultdict
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from rag.answering.extractive import Candidate, ExtractiveAnswerer, Weights, choose
from rag.evaluation import EVALS_DIR, GoldItem, fact_found, load_gold
from rag.pipeline import Pipeline


def summary(rows: list[tuple[GoldItem, list[Candidate]]]) -> dict[str, dict[str, float]]:
    """correct / abstain / false_abst / cite_prec / words per kind and overall."""
    acc: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for item, chosen in rows:
        text = " ".join(c.text for c in chosen)
        for key in (item.kind, "all"):
            m = acc[key]
            if item.answerable:
                m["correct"].append(bool(chosen) and all(fact_found(f, text) for f in item.facts))
                m["false_abst"].append(not chosen)
                if chosen:
                    m["cite_prec"].append(
                        sum(c.source in item.sources for c in chosen) / len(chosen)
                    )
            else:
                m["abstain"].append(not chosen)
            if chosen:
                m["words"].append(len(text.split()))
    out = {}
    for kind, m in acc.items():
        out[kind] = {
            k: (statistics.median(v) if k == "words" else sum(v) / len(v))
            for k, v in m.items()
            if v
        }
    return out


def show(title: str, table: dict[str, dict[str, float]]) -> None:
    cols = ("correct", "abstain", "false_abst", "cite_prec", "words")
    print(f"\n{title}\n{'kind':14}" + "".join(f"{c:>11}" for c in cols))
    for kind in sorted(table, key=lambda k: (k == "all", k)):
        row = table[kind]
        print(f"{kind:14}" + "".join(f"{row[c]:11.2f}" if c in row else f"{'-':>11}" for c in cols))


def describe(c: Candidate) -> str:
    return (f"    [{c.passage}] {c.source} score={c.score:.3f} sim={c.sim:.3f} lex={c.lex:.3f} "
            f"typed={c.typed:.2f} focus={c.has_focus}\n      {c.text[:220]}")  # fmt: skip


def parse_sets(pairs: list[str]) -> dict[str, Any]:
    types = {f.name: f.type for f in fields(Weights)}
    out: dict[str, Any] = {}
    for pair in pairs:
        name, value = pair.split("=", 1)
        kind = types[name]
        out[name] = (
            value == "True" if kind == "bool" else int(value) if kind == "int" else float(value)
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--file", type=Path, default=EVALS_DIR / "dev.jsonl")
    parser.add_argument("--k", type=int, default=None)
    parser.add_argument("--set", action="append", default=[], help="name=value of Weights")
    parser.add_argument("--quiet", action="store_true", help="only the tables")
    args = parser.parse_args()
    items = load_gold(args.file)
    pipeline = Pipeline()
    pipeline.ensure_index()
    weights = replace(Weights(), **parse_sets(args.set))
    answerers = {"defaults": ExtractiveAnswerer(pipeline.embedder)}
    if args.set:
        answerers["with " + " ".join(args.set)] = ExtractiveAnswerer(pipeline.embedder, weights)
    k = args.k or pipeline.settings.top_k
    retrieved = [(item, pipeline._retrieve(item.question, k)) for item in items]
    for title, answerer in answerers.items():
        rows = [
            (item, choose(answerer.candidates(item.question, ps), item.question, answerer.weights))
            for item, ps in retrieved
        ]
        show(title, summary(rows))
        if args.quiet:
            continue
        print("\n== unanswerable questions that were answered ==")
        for item, chosen in rows:
            if not item.answerable and chosen:
                print(f"  {item.id} {item.question}")
                for c in chosen:
                    print(describe(c))
        print("\n== answers citing a non-gold source ==")
        for item, chosen in rows:
            if item.answerable and any(c.source not in item.sources for c in chosen):
                ok = all(fact_found(f, " ".join(c.text for c in chosen)) for f in item.facts)
                print(f"  {item.id} [{item.kind}] correct={ok} gold={item.sources} {item.question}")
                for c in chosen:
                    print(describe(c))


if __name__ == "__main__":
    main()
