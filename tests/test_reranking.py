"""The optional rerank step: MMR puts near-copies after passages that say something else."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from rag.errors import ConfigError
from rag.passages import Passage
from rag.pipeline import Pipeline
from rag.reranking import make_reranker
from rag.reranking.mmr import MMRReranker
from tests.helpers import SEEDS, make_settings


def _passage(n: int, vector: list[float], score: float) -> Passage:
    v = np.asarray(vector, np.float32)
    return Passage(f"c{n}", f"text {n}.", f"s{n}.txt", "T", None, score, {"dense": n},
                   sentence_vectors={f"text {n}.": v / np.linalg.norm(v)})  # fmt: skip


def test_mmr_moves_a_near_copy_below_a_distinct_passage(pipeline):
    top = _passage(1, [1, 0, 0], 0.050)
    copy = _passage(2, [1, 0.02, 0], 0.049)  # the same story again
    other = _passage(3, [0, 1, 0], 0.045)
    ranked = MMRReranker(pipeline.embedder).rerank("q", [top, copy, other])
    assert [p.chunk_id for p in ranked] == ["c1", "c3", "c2"]
    assert [p.ranks["mmr"] for p in ranked] == [1, 2, 3]
    assert ranked[0].ranks["dense"] == 1  # retrieval's ranks are kept beside the new one


def test_mmr_keeps_distinct_passages_in_retrieval_order(pipeline):
    passages = [_passage(i, [float(i == j) for j in range(4)], 0.05 - i / 1000) for i in range(4)]
    ranked = MMRReranker(pipeline.embedder).rerank("q", passages)
    assert [p.chunk_id for p in ranked] == [p.chunk_id for p in passages]


def test_unknown_reranker_is_a_config_error(pipeline):
    assert make_reranker("none", pipeline.embedder) is None
    with pytest.raises(ConfigError, match="choose from: none, mmr"):
        make_reranker("cross-encoder", pipeline.embedder)


@pytest.mark.slow
def test_pipeline_reranks_between_retrieval_and_answer(tmp_path):
    """An article indexed twice under two names: without reranking (and with retrieval's own
    folding of copies off) the copy of the best chunk comes second; with mmr a passage that says
    something else does."""
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    shutil.copy(corpus / "004_65d4c2a72f05d57b.txt", corpus / "004_copy.txt")
    data = tmp_path / "data"
    Pipeline(make_settings(data)).ingest([corpus])
    question = "When did Putin and Xi hold their video summit?"

    def top_two(reranker: str) -> list[Passage]:
        settings = make_settings(data, reranker=reranker, fold_copies=False)
        answer = Pipeline(settings).ask(question, k=4)
        return answer.retrieved[:2]

    first, second = top_two("none")
    assert first.text == second.text and first.source != second.source
    first, second = top_two("mmr")
    assert first.text != second.text and "mmr" in second.ranks
