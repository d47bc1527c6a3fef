"""Does query likelihood (rag/answering/likelihood.py) pay? Measured on a DEV split only.

    PYTHONPATH=. python evals/tune_likelihood.py [--file evals/dev.jsonl] [--corpus DIR] [--cache FILE]

Retrieval, sentence features and SmolLM2's question log-likelihood of the top candidates are
computed once per question (and kept in --cache, so a rerun costs seconds); a small grid of
weights then only re-scores them. Prints the model's load time, the scoring time per question,
and per setting correctness, abstention, false abstention, citation precision (of the chosen
sentences' sources), median words and correctness per kind. Weight 0 is the answerer without it.
Follow-up items (with a `history`) are left out: `rag eval` measures those.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from dataclasses import replace
from pathlib import Path

from rag.answering.extractive import ExtractiveAnswerer, Weights, choose
from rag.answering.likelihood import QueryLikelihood, load_model
from rag.evaluation import EVALS_DIR, fact_found, load_gold
from rag.pipeline import Pipeline

GRID = [(0.0, 5)] + [(w, top) for top in (3, 5) for w in (0.05, 0.1, 0.2, 0.4)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--file", type=Path, default=EVALS_DIR / "dev.jsonl")
    parser.add_argument("--corpus", type=Path, default=None)
    parser.add_argument("--cache", type=Path, default=None)
    args = parser.parse_args()
    if "gold" in args.file.name:
        raise SystemExit("tune on a dev split, never on gold")
    items = [i for i in load_gold(args.file) if not i.history]  # follow-ups need the chat
    if args.corpus:
        from rag.corpora import corpus_pipeline

        pipeline = corpus_pipeline(args.corpus)
    else:
        pipeline = Pipeline()
        pipeline.ensure_index()
    started = time.perf_counter()
    load_model()
    print(f"model load: {time.perf_counter() - started:.2f} s")
    scorer = QueryLikelihood()
    stored = json.loads(args.cache.read_text()) if args.cache and args.cache.exists() else {}

    def cached_scorer(question: str, sentences: list[str]) -> list[float]:
        keys = [f"{question}\t{s}" for s in sentences]
        missing = [s for s, k in zip(sentences, keys, strict=True) if k not in stored]
        for s, ll in zip(missing, scorer(question, missing), strict=True):
            stored[f"{question}\t{s}"] = ll
        return [stored[k] for k in keys]

    answerer = ExtractiveAnswerer(pipeline.embedder, likelihood=cached_scorer)
    cached, timings, per_candidate = [], [], []
    for item in items:
        passages = pipeline.retriever.retrieve(item.question, pipeline.settings.top_k)
        cands = answerer.candidates(item.question, passages)
        fresh = sum(f"{item.question}\t{c.text}" not in stored for c in cands)
        started = time.perf_counter()
        answerer.score_likelihood(item.question, cands)
        scored = sum(c.loglik is not None for c in cands)
        if fresh and scored:
            timings.append(1000 * (time.perf_counter() - started))
            per_candidate.append(timings[-1] / scored)
        cached.append((item, cands))
    if args.cache:
        args.cache.write_text(json.dumps(stored))
    if timings:
        q95 = statistics.quantiles(timings, n=20)[-1] if len(timings) > 1 else timings[0]
        print(f"likelihood scoring, {len(timings)} questions: ms per question p50 "
              f"{statistics.median(timings):.0f} p95 {q95:.0f}; ms per candidate p50 "
              f"{statistics.median(per_candidate):.0f}")  # fmt: skip

    kinds = sorted({i.kind for i in items if i.answerable})
    print(f"{len(items)} questions from {args.file}; {len(GRID)} settings")
    print("weight top correct abstain false_abst cite_prec words_med  " + " ".join(kinds))
    for weight, top in GRID:
        w = replace(Weights(), likelihood=weight, likelihood_top=top)
        right: dict[str, list[bool]] = {k: [] for k in kinds}
        abstained, declined, precision, lengths = [], [], [], []
        for item, cands in cached:
            chosen = choose(cands, item.question, w)
            text = " ".join(c.text for c in chosen)
            if not item.answerable:
                abstained.append(not chosen)
                continue
            right[item.kind].append(bool(chosen) and all(fact_found(f, text) for f in item.facts))
            declined.append(not chosen)
            if chosen:
                precision.append(statistics.mean(c.source in item.sources for c in chosen))
                lengths.append(len(text.split()))
        correct = [r for rs in right.values() for r in rs]
        per_kind = " ".join(f"{statistics.mean(right[k]):.2f}" for k in kinds)
        print(f"{weight:6.2f} {top:3d} {statistics.mean(correct):7.3f} "
              f"{statistics.mean(abstained or [0]):7.3f} {statistics.mean(declined):10.3f} "
              f"{statistics.mean(precision):9.3f} {statistics.median(lengths):9.0f}  {per_kind}")  # fmt: skip


if __name__ == "__main__":
    main()
