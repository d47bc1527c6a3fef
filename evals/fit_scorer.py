"""Fit the extractive answerer's learned scorer on the DEV splits only (issue 16 item 3).

    PYTHONPATH=. python evals/fit_scorer.py [--write]

Retrieval and candidate features are computed once per question of the seeds' `evals/dev.jsonl`
and corpus2's `evals/corpus2/dev.jsonl` (follow-ups, which need their conversation, are left
out). A logistic regression (rag/answering/scorer.py) learns which candidate sentences hold
every gold fact from a gold source; five folds grouped by question give every candidate an
out-of-fold chance, on which the decline threshold and runner-up margins are chosen; the
hand-set weights are scored beside it on the same questions (in-sample for them: they were
tuned on these dev splits). `--write` refits on everything and writes
rag/answering/scorer.json with the chosen thresholds. Also printed: the model fitted on one
corpus and scored on the other, the test of whether it carries to articles it never saw.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import statistics
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from rag.answering.extractive import Candidate, ExtractiveAnswerer, Weights, choose
from rag.answering.questions import question_type
from rag.answering.scorer import FEATURES, MODEL_FILE, ScoreModel, features, fit
from rag.corpora import corpus_pipeline
from rag.evaluation import EVALS_DIR, GoldItem, fact_found, load_gold
from rag.pipeline import Pipeline
from rag.relative_dates import with_dates

GRID = {
    "min_score": [0.05 * i for i in range(1, 13)],
    "near_best": [0.0, 0.05, 0.1, 0.15, 0.2, 0.3],
    "multi_near": [0.1, 0.2, 0.3, 0.45],
    "rival_floor": [0.05, 0.1, 0.2, 0.3],
}
FOLDS = 5
MAX_WORDS = 42  # median answer length allowed: under the hand-set weights' 43 on dev


@dataclass
class Question:
    item: GoldItem
    corpus: str
    cands: list[Candidate]
    x: np.ndarray
    y: np.ndarray


def holds_facts(item: GoldItem, text: str, date: str | None) -> bool:
    if question_type(item.question) == "when":
        text = with_dates(text, date)
    return all(fact_found(f, text) for f in item.facts)


def collect(corpus: str, pipeline: Pipeline, items: list[GoldItem]) -> list[Question]:
    answerer = ExtractiveAnswerer(pipeline.embedder)
    k = pipeline.settings.top_k
    out = []
    for item in items:
        if item.history:
            continue
        passages = pipeline._retrieve(item.question, k)
        cands = answerer.candidates(item.question, passages)
        y = np.array([item.answerable and c.source in item.sources
                      and holds_facts(item, c.text, c.date) for c in cands], dtype=float)  # fmt: skip
        out.append(Question(item, corpus, cands, features(item.question, cands), y))
    return out


def outcome(qs: list[Question], scores: list[np.ndarray] | None, w: Weights) -> dict[str, float]:
    """correct / abstain / false abstention / citation precision / median words of `choose`."""
    correct, abstain, false_abst, prec, words = [], [], [], [], []
    for i, q in enumerate(qs):
        for j, cand in enumerate(q.cands):
            cand.learned = None if scores is None else float(scores[i][j])
        chosen = choose(q.cands, q.item.question, w)
        text = " ".join(c.text for c in chosen)
        date = chosen[0].date if chosen else None
        if q.item.answerable:
            correct.append(bool(chosen) and holds_facts(q.item, text, date))
            false_abst.append(not chosen)
            if chosen:
                prec.append(sum(c.source in q.item.sources for c in chosen) / len(chosen))
        else:
            abstain.append(not chosen)
        if chosen:
            words.append(len(text.split()))
    mean = statistics.fmean
    return {"correct": mean(correct), "abstain": mean(abstain) if abstain else 0.0,
            "false_abst": mean(false_abst), "cite_prec": mean(prec) if prec else 0.0,
            "words": statistics.median(words) if words else 0.0}  # fmt: skip


def top1(qs: list[Question], scores: list[np.ndarray] | None) -> float:
    """Of the questions some eligible candidate answers, the share whose best-scored one does."""
    hits = []
    for i, q in enumerate(qs):
        ok = [j for j, c in enumerate(q.cands) if _eligible(q, c)]
        if not ok or not q.y[ok].any():
            continue
        s = scores[i] if scores is not None else [c.combine(Weights(), c.sim, c.lex, c.typed)
                                                  for c in q.cands]  # fmt: skip
        hits.append(q.y[max(ok, key=lambda j: s[j])])
    return statistics.fmean(hits)


def right(m: dict[str, float], answerable: int, unanswerable: int) -> float:
    """How many questions got what they should: a correct answer, or a decline."""
    return m["correct"] * answerable + m["abstain"] * unanswerable


def train(qs: list[Question], l2: float) -> ScoreModel:
    """Fitted on the candidates `choose` can take (past the type and focus gates)."""
    rows = [(q.x[i], q.y[i]) for q in qs for i, c in enumerate(q.cands) if _eligible(q, c)]
    return fit(np.array([r[0] for r in rows]), np.array([r[1] for r in rows]), l2=l2)


def _eligible(q: Question, c: Candidate) -> bool:
    typed = question_type(q.item.question) is None or c.typed >= 0.5
    return typed and c.has_focus


def out_of_fold(qs: list[Question], l2: float) -> list[np.ndarray]:
    fold = [int(hashlib.sha256(q.item.id.encode()).hexdigest(), 16) % FOLDS for q in qs]
    preds: list[np.ndarray] = [np.zeros(0)] * len(qs)
    for f in range(FOLDS):
        model = train([q for q, g in zip(qs, fold, strict=True) if g != f], l2)
        for i, q in enumerate(qs):
            if fold[i] == f:
                preds[i] = model.predict(q.x) if len(q.x) else np.zeros(0)
    return preds


def best_thresholds(qs: list[Question], preds: list[np.ndarray]) -> dict[str, Any]:
    """The thresholds that get the most questions right (a correct answer or a decline)."""
    best: tuple[float, dict[str, Any]] | None = None
    answerable = sum(q.item.answerable for q in qs)
    for values in itertools.product(*GRID.values()):
        chosen: dict[str, Any] = dict(zip(GRID, values, strict=True))
        m = outcome(qs, preds, replace(Weights(), **chosen))
        key = right(m, answerable, len(qs) - answerable) - m["words"] / 1000
        if m["words"] <= MAX_WORDS and (best is None or key > best[0]):
            best = (key, chosen)
    assert best is not None
    return best[1]


def show(title: str, m: dict[str, float]) -> None:
    print(f"  {title:44} correct {m['correct']:.3f}  abstain {m['abstain']:.3f}  false abst "
          f"{m['false_abst']:.3f}  cite prec {m['cite_prec']:.3f}  words {m['words']:.0f}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--write", action="store_true", help=f"write {MODEL_FILE.name}")
    parser.add_argument("--without", default="", help="features to leave out, comma-separated")
    args = parser.parse_args()
    seeds = Pipeline()
    seeds.ensure_index()
    corpus2 = EVALS_DIR / "corpus2"
    qs = collect("seeds", seeds, load_gold(EVALS_DIR / "dev.jsonl")) + collect(
        "corpus2", corpus_pipeline(corpus2 / "articles"), load_gold(corpus2 / "dev.jsonl")
    )
    for name in filter(None, args.without.split(",")):
        for q in qs:
            q.x[:, FEATURES.index(name)] = 0.0  # constant: the fit gives it no weight
    by = {name: [q for q in qs if q.corpus == name] for name in ("seeds", "corpus2")}
    positives = sum(int(q.y.max(initial=0)) for q in qs)
    print(f"{len(qs)} dev questions ({', '.join(f'{n} {len(v)}' for n, v in by.items())}), "
          f"{sum(len(q.cands) for q in qs)} candidates; {positives} questions have a candidate "
          f"holding every fact")  # fmt: skip

    preds = out_of_fold(qs, args.l2)
    thresholds = best_thresholds(qs, preds)
    print(f"\nthresholds chosen on the out-of-fold chances: {thresholds}")
    for name, sub in by.items():
        idx = [i for i, q in enumerate(qs) if q.corpus == name]
        print(f"{name} dev ({len(sub)} questions)")
        show("hand-set weights (tuned on seeds dev)", outcome(sub, None, Weights()))
        show("learned, out of fold", outcome(sub, [preds[i] for i in idx],
                                             replace(Weights(), **thresholds)))  # fmt: skip
        print(f"  best candidate answers, of the answerable ones: hand {top1(sub, None):.3f}, "
              f"learned {top1(sub, [preds[i] for i in idx]):.3f}")  # fmt: skip

    print("\nfitted on one corpus, scored on the other (thresholds as above):")
    for train_on, test_on in (("seeds", "corpus2"), ("corpus2", "seeds")):
        model = train(by[train_on], args.l2)
        m = outcome(by[test_on], [model.predict(q.x) for q in by[test_on]],
                    replace(Weights(), **thresholds))  # fmt: skip
        show(f"{train_on} -> {test_on}", m)

    if args.write:
        model = replace(train(qs, args.l2), thresholds=thresholds)
        MODEL_FILE.write_text(json.dumps(model.to_json(), indent=1) + "\n")
        print(f"\nwrote {MODEL_FILE}")
        for name, coef in sorted(zip(model.to_json()["features"], model.coef, strict=True),
                                 key=lambda t: -abs(t[1])):  # fmt: skip
            print(f"  {name:12} {coef:+.3f}")


if __name__ == "__main__":
    main()
