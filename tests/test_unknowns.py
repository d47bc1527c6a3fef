import pytest

from rag.answering.unknowns import left_open


@pytest.mark.parametrize(
    ("sentence", "question", "open_"),
    [
        (
            "She said investigators had not yet identified who had used the campsite.",
            "Who left the campfire burning?",
            True,
        ),
        ("Police have not said how many people took part.", "How many thieves took part?", True),
        ("The company declined to say why the engine failed.", "Why did the engine fail?", True),
        ("We do not yet know why, and we are not going to guess.", "Why did it fail?", True),
        # the sentence says who; or it leaves open another thing than the one asked
        ("Police said Ann Lee took part.", "Who took part?", False),
        ("Officials did not say when the road would reopen.", "Who closed the road?", False),
        ("Nobody knows the answer.", "What is the answer?", False),
    ],
)
def test_a_sentence_that_says_the_asked_thing_is_not_known(sentence, question, open_):
    unknown = left_open(question)
    assert bool(unknown and unknown.search(sentence)) is open_
