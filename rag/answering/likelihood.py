"""Query likelihood (UPR, Sachan et al. 2022): how probable the question is, read after a
candidate sentence, by the bundled SmolLM2-135M. A sentence that answers a question tends to
make its words predictable; an on-topic one that does not, less so. Used by the extractive
answerer to re-rank its top candidates when `RAG_QUERY_LIKELIHOOD=on`.
"""

from __future__ import annotations

import atexit
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np

from rag.chat import smollm2_path
from rag.errors import AnswerError
from rag.prompts import load_prompt

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    Scorer = Callable[[str, list[str]], list[float]]

CONTEXT = 1024  # tokens: a candidate is one or two sentences, the question a line


@cache
def load_model() -> Any:
    """SmolLM2 with logits kept for every position, loaded once per process."""
    try:
        from llama_cpp import Llama
    except ImportError:
        raise AnswerError("query likelihood needs `pip install -e '.[local]'`") from None
    model = Llama(model_path=str(smollm2_path()), n_ctx=CONTEXT, logits_all=True, seed=0,
                  verbose=False)  # fmt: skip
    # Closed before the interpreter tears down the modules its destructor needs (otherwise it
    # prints "Exception ignored in: Llama.__del__" on exit).
    atexit.register(model.close)
    return model


class QueryLikelihood:
    """Scores candidates by the mean log-probability of the question's tokens given each."""

    def __init__(self, prompts_dir: Path | None = None) -> None:
        head, _, tail = load_prompt("query_likelihood", prompts_dir).partition("{question}")
        if not head or tail.strip():
            raise AnswerError("prompts/query_likelihood.txt must end with {question}")
        self.head = head
        self._cache: dict[tuple[str, str], float] = {}

    def __call__(self, question: str, sentences: list[str]) -> list[float]:
        missing = [s for s in dict.fromkeys(sentences) if (s, question) not in self._cache]
        if len(self._cache) > 20_000:
            self._cache.clear()
        for sentence in missing:
            self._cache[sentence, question] = self._score(sentence, question)
        return [self._cache[s, question] for s in sentences]

    def _score(self, sentence: str, question: str) -> float:
        llm = load_model()
        prefix = self.head.format(sentence=sentence)
        # The space before the question belongs to its first token, as in running text.
        space = " " if prefix.endswith(" ") else ""
        asked = llm.tokenize(f"{space}{question.strip()}".encode(), add_bos=False)
        given = llm.tokenize(prefix.rstrip(" ").encode(), add_bos=True)
        given = given[: max(1, CONTEXT - len(asked))]  # a very long sentence loses its end
        llm.reset()
        llm.eval(given + asked)
        logits = np.asarray(llm.scores[len(given) - 1 : len(given) + len(asked) - 1])
        peak = logits.max(axis=1, keepdims=True)
        log_norm = peak[:, 0] + np.log(np.exp(logits - peak).sum(axis=1))
        return float(np.mean(logits[np.arange(len(asked)), asked] - log_norm))
