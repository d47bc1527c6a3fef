"""A learned score for the extractive answerer's candidate sentences (issue 16 item 3).

The hand-set score adds similarity, term overlap and passage rank with fixed weights, and one
threshold decides when to decline. A logistic regression over the same signals, plus how each
candidate compares with the others of its question, estimates the chance that the sentence
holds every asked fact. It is fitted on the dev splits by `evals/fit_scorer.py` (cross-validated,
grouped by question), which also picks the decline threshold and runner-up margins on the
out-of-fold predictions; the fitted numbers ship as `scorer.json` beside this module.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from rag.answering.questions import has_answer_type, question_type
from rag.errors import AnswerError
from rag.text import terms

if TYPE_CHECKING:
    from rag.answering.extractive import Candidate

MODEL_FILE = Path(__file__).with_name("scorer.json")

#: The features, in the order of the model's coefficients.
FEATURES = (
    "sim", "lex", "typed", "prior", "sim_gap", "lex_gap", "sim_rank", "log_words", "cover",
    "has_figure", "has_date", "quoted", "best_sim", "q_terms", "type_count", "type_when",
    "type_who", "type_where", "sim_x_typed", "lex_x_typed",
)  # fmt: skip
_TYPES = ("count", "when", "who", "where")


def features(question: str, found: list[Candidate]) -> np.ndarray:
    """One row per candidate: its own signals and how they compare with the best of the
    question's candidates (a sentence far below the best similarity rarely answers)."""
    if not found:
        return np.zeros((0, len(FEATURES)))
    q_terms = set(terms(question))
    kind = question_type(question)
    sims = np.array([c.sim for c in found])
    lexes = np.array([c.lex for c in found])
    order = np.argsort(-sims, kind="stable")
    rank = np.empty(len(found))
    rank[order] = np.arange(1, len(found) + 1)
    best_sim, best_lex = float(sims.max()), float(lexes.max())
    rows = []
    for i, cand in enumerate(found):
        held = set(terms(cand.text))
        rows.append([
            cand.sim, cand.lex, cand.typed, cand.passage**-0.5,
            cand.sim - best_sim, cand.lex - best_lex, 1.0 / rank[i],
            math.log(len(cand.text.split())),
            len(q_terms & held) / max(len(q_terms), 1),
            has_answer_type("count", cand.text, ""), has_answer_type("when", cand.text, ""),
            float(cand.text.lstrip()[:1] in "\"“‘'"), best_sim, math.log(1 + len(q_terms)),
            *(float(kind == t) for t in _TYPES),
            cand.sim * cand.typed, cand.lex * cand.typed,
        ])  # fmt: skip
    return np.array(rows, dtype=np.float64)


@dataclass(frozen=True)
class ScoreModel:
    """Standardised logistic regression, and the thresholds chosen with it."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    thresholds: dict[str, Any] = field(default_factory=dict)  # Weights fields on its scale

    def predict(self, x: np.ndarray) -> np.ndarray:
        """The chance that each row's sentence holds the asked facts (0..1)."""
        z = ((x - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    def to_json(self) -> dict[str, Any]:
        return {
            "features": list(FEATURES),
            "mean": self.mean.round(6).tolist(),
            "scale": self.scale.round(6).tolist(),
            "coef": self.coef.round(6).tolist(),
            "intercept": round(self.intercept, 6),
            "thresholds": self.thresholds,
        }


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 50) -> ScoreModel:
    """Logistic regression by Newton's method on standardised features, L2-penalised (not the
    intercept), so that the fit is deterministic and needs nothing beyond numpy."""
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    z = np.hstack([np.ones((len(x), 1)), (x - mean) / scale])
    w = np.zeros(z.shape[1])
    penalty = np.full(z.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(z @ w)))
        grad = z.T @ (p - y) + penalty * w
        hess = (z * (p * (1 - p))[:, None]).T @ z + np.diag(penalty) + 1e-9 * np.eye(len(w))
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return ScoreModel(mean, scale, w[1:], float(w[0]))


@cache
def load(path: Path = MODEL_FILE) -> ScoreModel:
    """The shipped model; its feature list must be this module's."""
    data = json.loads(path.read_text())
    if data["features"] != list(FEATURES):
        raise AnswerError(f"{path} was fitted on other features: re-run evals/fit_scorer.py")
    return ScoreModel(
        np.array(data["mean"]),
        np.array(data["scale"]),
        np.array(data["coef"]),
        float(data["intercept"]),
        {k: float(v) for k, v in data["thresholds"].items()},
    )
