from dataclasses import replace

import numpy as np

from rag.citations import check_answer, parse_sentences, supports
from rag.passages import Passage


def _p(n: int, text: str) -> Passage:
    return Passage(
        f"c{n}", text, f"s{n}.txt", f"T{n}", "2024-05-17", 1.0 / n, {"dense": n, "bm25": n}
    )


PASSAGES = [
    _p(1, "Trade reached $240 billion in 2023. Putin met Xi in Beijing."),
    _p(2, "Belousov was named defense minister. Lavrov also travelled."),
    _p(3, "The institute is 103 years old."),
]


def test_parse_sentences_attaches_trailing_markers():
    parsed = parse_sentences("Putin met Xi. [2] Lavrov travelled [1, 3]. Done[4]")
    assert parsed == [("Putin met Xi.", [2]), ("Lavrov travelled.", [1, 3]), ("Done", [4])]


def test_renumbers_in_order_of_first_use_and_drops_out_of_range():
    checked = check_answer(
        "Belousov was named defense minister [2]. Trade reached $240 billion [1][7].",
        PASSAGES,
        None,
    )
    assert [c.n for c in checked.citations] == [1, 2]
    assert [c.chunk_id for c in checked.citations] == ["c2", "c1"]
    assert checked.sentences[0].citations == [1]
    assert checked.sentences[1].citations == [2]  # [7] is dropped: only 3 passages
    assert "[7]" not in checked.text
    assert all(s.supported for s in checked.sentences)


def test_invented_numbers_are_unsupported():
    checked = check_answer("The population of Harbin is 1.5 million [1].", PASSAGES, None)
    assert not checked.sentences[0].supported
    assert not supports("Trade reached $250 billion in 2023.", PASSAGES[0].text, None)


def test_uncited_sentence_is_unsupported():
    checked = check_answer("Putin met Xi in Beijing.", PASSAGES, None)
    assert checked.citations == []
    assert not checked.sentences[0].supported


def test_semantic_support_needs_overlap(pipeline):
    passage = "Mr. Putin traveled with a large delegation to Beijing."
    assert supports("Putin travelled to Beijing with a big delegation.", passage, pipeline.embedder)
    assert not supports("The weather in Oslo was cold.", passage, pipeline.embedder)


def test_the_check_uses_the_stored_sentence_vectors_of_its_passages():
    sentences = ["Putin met Xi in Beijing.", "Lavrov travelled with him."]
    rng = np.random.default_rng(0)
    stored = {
        s: v / np.linalg.norm(v) for s, v in zip(sentences, rng.normal(size=(2, 8)), strict=True)
    }
    asked: list[str] = []

    class Recording:
        name = "recording-test"

        def embed(self, texts: list[str]) -> np.ndarray:
            asked.extend(texts)
            return np.tile(stored[sentences[0]], (len(texts), 1))

    passage = replace(_p(1, " ".join(sentences)), sentence_vectors=stored)
    check_answer("Putin and Xi met in the capital [1].", [passage], Recording())
    assert asked == ["Putin and Xi met in the capital."]  # the passage's sentences were not


def test_a_bare_date_is_checked_against_the_question_it_answers():
    dated = [_p(1, "Putin met Xi in Beijing on Thursday. He visited Harbin on Friday.")]
    asked = "When did Putin visit Harbin?"
    assert check_answer("On Friday. [1]", dated, None, question=asked).sentences[0].supported
    assert not check_answer("On Thursday. [1]", dated, None, question=asked).sentences[0].supported
