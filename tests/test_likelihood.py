"""Query likelihood (rag/answering/likelihood.py) as a re-ranker of the extractive answerer's
top candidates: the plumbing with a fake scorer, and the real SmolLM2 once."""

import pytest

from rag.answering.extractive import Candidate, ExtractiveAnswerer, Weights, choose
from rag.answering.likelihood import QueryLikelihood
from rag.answering.registry import make_answerer
from rag.errors import AnswerError
from rag.passages import Passage
from tests.helpers import make_settings

QUESTION = "What did Putin do after his talks in Beijing?"


def _cand(text: str, passage: int, sim: float, loglik: float | None) -> Candidate:
    return Candidate(text, passage, f"{passage}.txt", sim=sim, loglik=loglik)


def test_the_likelier_question_wins_among_the_top_only():
    # one document's sentences: another report's runner-up may be quoted beside the best
    on_topic = _cand("Putin praised the talks in Beijing.", 1, 0.80, -3.0)
    answer = _cand("Putin then went on to Harbin.", 1, 0.78, -1.5)
    low = _cand("Harbin lies in the north-east of China.", 1, 0.30, -0.5)
    w = Weights(near_best=0.0, likelihood=0.1, likelihood_top=2)
    assert [c.text for c in choose([on_topic, answer, low], QUESTION, w)] == [answer.text]
    # weight 0 is the answerer without it; unscored candidates are not re-ranked
    assert choose([on_topic, answer, low], QUESTION, Weights(near_best=0.0, likelihood=0.0)) == [
        on_topic
    ]
    on_topic.loglik = answer.loglik = None
    assert choose([on_topic, answer, low], QUESTION, w) == [on_topic]


def test_the_penalty_can_make_the_answerer_abstain():
    only = _cand("Putin praised the talks in Beijing.", 1, 0.74, -4.0)
    rival = _cand("Xi hosted a banquet for Putin.", 2, 0.40, -1.0)
    assert choose([only, rival], QUESTION, Weights(likelihood=0.0)) == [only]
    assert choose([only, rival], QUESTION, Weights(likelihood=0.1)) == []


def test_the_answerer_scores_the_top_gated_candidates_once(pipeline):
    calls: list[tuple[str, list[str]]] = []

    def scorer(question: str, sentences: list[str]) -> list[float]:
        calls.append((question, sentences))
        return [-1.0 if "Harbin" in s else -3.0 for s in sentences]

    text = ("Putin praised his talks with Xi in Beijing on Thursday. "
            "Putin then travelled on to the city of Harbin for a trade fair. "
            "The visit to Beijing lasted two days and ended on Friday.")  # fmt: skip
    passage = Passage("a#0", text, "a.txt", "T", None, 1.0, {"dense": 1})
    weights = Weights(likelihood=0.5, likelihood_top=2, min_score=0.0)
    answerer = ExtractiveAnswerer(pipeline.embedder, weights, likelihood=scorer)
    assert "Harbin" in answerer.answer(QUESTION, [passage])
    assert len(calls) == 1 and calls[0][0] == QUESTION
    assert len(calls[0][1]) == 2  # the top two after the gates, not every sentence
    plain = ExtractiveAnswerer(pipeline.embedder, weights)
    assert plain.likelihood is None and plain.answer(QUESTION, [passage])


def test_the_setting_turns_it_on(tmp_path, pipeline):
    on = make_answerer("extractive", make_settings(tmp_path, query_likelihood="on"),
                       pipeline.embedder)  # fmt: skip
    off = make_answerer("extractive", make_settings(tmp_path), pipeline.embedder)
    assert isinstance(on.likelihood, QueryLikelihood)  # type: ignore[attr-defined]
    assert off.likelihood is None  # type: ignore[attr-defined]


def test_the_prompt_must_end_with_the_question(tmp_path):
    (tmp_path / "query_likelihood.txt").write_text("Question: {question}\nPassage: {sentence}\n")
    with pytest.raises(AnswerError, match="must end with"):
        QueryLikelihood(tmp_path)


@pytest.mark.llm
def test_smollm2_finds_the_question_likelier_after_its_answer():
    score = QueryLikelihood()
    question = "How many times have Xi Jinping and Vladimir Putin met?"
    answer = "Xi Jinping and Vladimir Putin have met more than 40 times since 2013."
    unrelated = "The city council voted to repair the flood wall before the winter storms."
    first = score(question, [answer, unrelated])
    assert first[0] > first[1]
    assert score(question, [unrelated, answer]) == first[::-1]  # deterministic, cached
