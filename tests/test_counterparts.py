"""Question terms held in other words: MaxSim over MiniLM token vectors (issue 16)."""

import re

import numpy as np

from rag.answering.counterparts import Counterparts
from rag.passages import Passage

_AXES = {"backed": 0, "supported": 0, "buying": 1, "purchasing": 1, "oil": 2}


def _fake_token_vectors(texts: list[str]) -> list[tuple[np.ndarray, list[tuple[int, int]]]]:
    """One piece per word; synonyms share an axis, every other word gets its own."""
    out = []
    for text in texts:
        spans = [m.span() for m in re.finditer(r"\w+", text)]
        vectors = np.zeros((len(spans), 64))
        for i, (a, b) in enumerate(spans):
            word = text[a:b]
            vectors[i, _AXES.get(word, 3 + sum(map(ord, word)) % 60)] = 1.0
        out.append((vectors, spans))
    return out


def test_a_term_is_as_close_as_its_best_matching_word_piece():
    parts = Counterparts(_fake_token_vectors)
    question = "Who backed Russia's buying of oil?"
    close = parts.closeness(
        question, ["China supported Russia.", "It kept purchasing oil.", "Nothing here."]
    )
    assert close[0]["back"] == 1.0 and close[1]["back"] == 0.0
    assert close[1]["buy"] == 1.0 and close[1]["oil"] == 1.0
    assert all(v == 0.0 for v in close[2].values())
    only = parts.closeness(question, ["It kept purchasing oil."], {"buy"})
    assert only == [{"buy": 1.0}]
    assert parts.closeness(question, []) == []


def test_minilm_token_vectors_are_unit_pieces_with_their_places(pipeline):
    text = "China kept purchasing oil."
    [(vectors, spans)] = pipeline.embedder.token_vectors([text])
    assert len(vectors) == len(spans) >= 4
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert text[slice(*spans[0])].lower() == "china"
    assert {text[slice(*s)].lower() for s in spans} >= {"kept", "oil", "."}


def test_a_question_word_the_passage_says_in_other_words_counts_in_context(pipeline, monkeypatch):
    """ "buying" is in no sentence; the one that says "purchasing" holds it, the other does not."""
    answerer = pipeline.answerer("extractive")
    other = "Putin's economy has become reliant on China, he told Russia's state media."
    buys = "China has kept Russia afloat by purchasing large quantities of its oil."
    passages = [Passage("id-1", f"{other} {buys}", "a.txt", "T", None, 1.0, {"dense": 1})]
    question = "What has China been buying from Russia?"
    close = {c.text: c.lex for c in answerer.candidates(question, passages)}
    monkeypatch.setattr(answerer, "counterparts", None)
    exact = {c.text: c.lex for c in answerer.candidates(question, passages)}
    assert close[buys] > exact[buys]
    assert close[other] == exact[other]
