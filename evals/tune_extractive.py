"""Tune the extractive answerer's weights and abstention threshold on the DEV split only.

    python evals/tune_extractive.py [--file evals/dev.jsonl] [--k 5]

Retrieval and sentence features are computed once per question; the grid only re-scores them.
Prints the settings with the most correct answers among those that abstain on at least
--min-abstain of the unanswerable questions and keep the median answer within 60 words.
Copy the winner into `Weights` by hand.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
from dataclasses import replace
from pathlib import Path

from rag.answering.extractive import ExtractiveAnswerer, Weights, choose
from rag.evaluation import EVALS_DIR, fact_found, load_gold
from rag.pipeline import Pipeline

GRID = {
    "lex": [0.3, 0.6, 0.9],
    "typed": [0.0, 0.15, 0.3],
    "rank": [0.0, 0.1],
    "min_score": [0.6 + 0.025 * i for i in range(13)],
    "near_best": [0.0, 0.04, 0.08, 0.12],
    "type_gate": [False, True],
    "max_sentences": [1, 2, 3],
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--file", type=Path, default=EVALS_DIR / "dev.jsonl")
    parser.add_argument("--k", type=int, default=None)
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--min-abstain", type=float, default=0.5)
    args = parser.parse_args()
    items = load_gold(args.file)
    pipeline = Pipeline()
    pipeline.ensure_index()
    answerer = ExtractiveAnswerer(pipeline.embedder)
    cached = []
    for item in items:
        passages = pipeline.retriever.retrieve(item.question, args.k or pipeline.settings.top_k)
        cached.append((item, answerer.candidates(item.question, passages)))

    results = []
    keys = list(GRID)
    for values in itertools.product(*GRID.values()):
        w = replace(Weights(), **dict(zip(keys, values, strict=True)))
        good_answers = good_abstains = answerable = unanswerable = 0
        lengths = []
        for item, cands in cached:
            chosen = choose(cands, item.question, w)
            text = " ".join(c.text for c in chosen)
            if item.answerable:
                answerable += 1
                good_answers += bool(chosen) and all(fact_found(f, text) for f in item.facts)
            else:
                unanswerable += 1
                good_abstains += not chosen
            if chosen:
                lengths.append(len(text.split()))
        correct = good_answers / max(answerable, 1)
        abstain = good_abstains / max(unanswerable, 1)
        median = statistics.median(lengths) if lengths else 0
        if median <= 60 and abstain >= args.min_abstain:
            results.append(((correct + abstain) / 2, correct, abstain, median, w))
    results.sort(key=lambda r: (-r[1], -r[2], r[3]))
    print(f"{len(items)} questions from {args.file.name}; {len(results)} settings within length")
    print("balanced  correct  abstain  median_words  weights")
    for bal, cor, abst, med, w in results[: args.top]:
        print(f"{bal:8.3f} {cor:8.3f} {abst:8.3f} {med:13.0f}  lex={w.lex} typed={w.typed} "
              f"rank={w.rank} min_score={w.min_score:.2f} near_best={w.near_best} gate={w.type_gate} "
              f"max_sentences={w.max_sentences}")  # fmt: skip
    default = Weights()
    for bal, cor, abst, _median, w in results:
        if w == default:
            print(f"current defaults: balanced={bal:.3f} correct={cor:.3f} abstain={abst:.3f}")


if __name__ == "__main__":
    main()
