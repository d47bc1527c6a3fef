"""A compound question split into the plain questions it is made of (`rag.decompose`)."""

import pytest

from rag.decompose import decompose


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        # two clauses that each open with a question word; "he" is the first one's subject
        ("Why does Rojas need Lima, and what does Lima gain from Peru?",
         ["Why does Rojas need Lima?", "What does Lima gain from Peru?"]),
        ("What did Vega call Rojas in 2019, and what did he praise Rojas for in 2023?",
         ["What did Vega call Rojas in 2019?", "What did Vega praise Rojas for in 2023?"]),
        # the same preposition twice
        ("What did Vega say about the port in 2019 and about the tariffs in 2023?",
         ["What did Vega say about the port in 2019?", "What did Vega say about the tariffs in 2023?"]),
        # two times
        ("How did Vega describe the ties in 2019 compared with May 2023?",
         ["How did Vega describe the ties in 2019?", "How did Vega describe the ties in May 2023?"]),
        # two named subjects that act each on their own; the time goes last
        ("How did Vega in 2023 and Rojas in 2019 each present the pact as a model?",
         ["How did Vega present the pact as a model in 2023?",
          "How did Rojas present the pact as a model in 2019?"]),
        ("How did Vega and his finance minister each describe the budget?",
         ["How did Vega describe the budget?", "How did Vega’s finance minister describe the budget?"]),
        ("What did both Ana Rojas and Luis Vega promise the miners?",
         ["What did Ana Rojas promise the miners?", "What did Luis Vega promise the miners?"]),
        ("Which banks do Ana Rojas and Luis Vega work for, respectively?",
         ["Which bank does Ana Rojas work for?", "Which bank does Luis Vega work for?"]),
        # a present-tense question for a plural noun: what each one is
        ("Which universities do Ana Rojas and Luis Vega teach at?",
         ["Which university does Ana Rojas teach at?", "Which university does Luis Vega teach at?"]),
    ],
)  # fmt: skip
def test_a_compound_question_is_asked_as_its_parts(question, parts):
    assert decompose(question) == parts


@pytest.mark.parametrize(
    "question",
    [
        "Who went with Vega and Rojas?",  # one group
        "How much was the trade between Peru and Chile?",
        "What did Vega and Rojas sign?",  # one act of both
        "What agreements did Vega and Rojas sign?",  # past tense: what they did together
        "What did Vega and Rojas call each other?",
        "By how much did exports grow between 2019 and 2023?",
        "How much did exports grow in 2019 compared with 2023?",  # one change
        "How long is the sea wall, and how much of it will get barriers?",  # leans on "it"
        "Which regulator will approve the drug, and when?",  # "when?" is no question alone
        "How many ministers went with Vega, and which bankers came too?",  # "too": with Vega
        "What did Vega call Rojas in 2019, and what did he praise her for in 2023?",  # "her"
        "What do the 2019 and 2023 reports say about the port?",  # the answerer takes each year
    ],
)
def test_a_question_that_asks_one_thing_stays_whole(question):
    assert decompose(question) == [question]
