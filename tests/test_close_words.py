"""Question words a sentence says with a word of like meaning, each embedded alone (issue 16)."""

from dataclasses import replace

import numpy as np

from rag.answering.close_words import asked_words, closeness, sentence_words
from rag.answering.extractive import Candidate, Weights, choose

_AXES = {"journalists": 0, "reporters": 0, "votes": 1, "ballots": 1}


def _fake_embed(words: list[str]) -> np.ndarray:
    """Unit vectors: synonyms share an axis, every other word gets its own."""
    out = np.zeros((len(words), 64))
    for i, word in enumerate(words):
        out[i, _AXES.get(word, 2 + sum(map(ord, word)) % 62)] = 1.0
    return out


def test_asked_words_are_the_questions_plain_content_words_by_term():
    asked = asked_words("Which Kremlin adviser told journalists about the 2021 talks?")
    assert asked == {"adviser": "adviser", "told": "told", "journalist": "journalists",
                     "talk": "talks"}  # fmt: skip
    assert "kremlin" not in asked.values()  # a name: another name is close, never the same


def test_sentence_words_leave_out_stop_words_figures_and_short_words():
    assert sentence_words("Counters found 236 mail ballots in a box.") == {
        "counters", "found", "mail", "ballots", "box",
    }  # fmt: skip


def test_a_term_is_as_close_as_the_sentences_closest_word():
    asked = {"journalist": "journalists", "vote": "votes"}
    texts = ["An aide briefed reporters.", "They found 236 ballots.", "It rained."]
    close = closeness(asked, texts, _fake_embed)
    assert close[0]["journalist"] == 1.0 and close[0]["vote"] == 0.0
    assert close[1]["vote"] == 1.0
    assert all(v == 0.0 for v in close[2].values())
    assert closeness({}, texts, _fake_embed) == [{}, {}, {}]


def _cand(text: str, sim: float, lex: float, close: float = 0.0) -> Candidate:
    return Candidate(text, 1, "a.txt", sim=sim, lex=lex, typed=0.5, close=close)


def test_words_of_like_meaning_count_only_when_no_sentence_answers_in_the_questions_words():
    question = "Which adviser told journalists about the talks?"
    said = _cand("An aide, Yuri Ushakov, briefed reporters on the talks.", 0.45, 0.2, close=0.2)
    other = _cand("The talks lasted an hour.", 0.5, 0.1)
    # in the question's words 0.67 and 0.66, below 0.72; with its close words "said" is 0.79
    assert [c.text for c in choose([said, other], question, Weights())] == [said.text]
    assert choose([replace(said, close=0.0), other], question, Weights()) == []
    # a sentence that answers in the question's words (0.88) is not outranked by them
    plain = _cand("Ushakov told journalists about the talks.", 0.6, 0.3)
    assert [c.text for c in choose([said, plain], question, Weights())] == [plain.text]
    assert said.close == 0.2 and said.lex == 0.2  # the candidates themselves are left as they were


def test_related_words_alone_do_not_make_an_answer():
    question = "How much is the chief executive paid?"
    salary = _cand("A driver's basic salary is 64,000 pounds a year.", 0.55, 0.1, close=0.3)
    # it would score 0.55 + 0.6 * 0.4 + 0.1 = 0.89, but holds under `word_base` in its own words
    assert choose([salary], question, Weights(type_gate=False)) == []
    [lower] = choose([salary], question, Weights(type_gate=False, word_base=0.1))
    assert lower.text == salary.text and lower.lex == 0.4


def test_minilm_words_of_like_meaning_are_close_and_others_far(pipeline):
    embed = pipeline.embedder.embed
    asked = asked_words("Which adviser told journalists about the postal votes?")
    [near, far] = closeness(
        asked, ["An aide briefed reporters on mail ballots.", "It rained."], embed
    )
    assert near["journalist"] > 0.8 and near["vote"] > 0.7
    assert max(far.values()) < 0.55  # below `word_from`: no credit
