"""The support rule's parts, offline and without the embedder: each kind of change it must see."""

from __future__ import annotations

import pytest

from rag.checker_eval import change_date, change_number, insert_negation, remove_negation
from rag.support import Quantity, judge, names, negations, quantities

PASSAGE = (
    "Mr. Putin arrived in Beijing on Thursday. They included Andrei R. Belousov, an economist who "
    "this week was named the new defense minister; and Sergei V. Lavrov, the Minister of Foreign "
    "Affairs. The two leaders, who have met more than 40 times, described their relationship as "
    "close. China has supported Russia's sovereignty but has not approved its actions in Ukraine. "
    "Some 70 percent of Russians now have a positive attitude toward China."
)


def supported(sentence: str, passages: list[str] | None = None) -> bool:
    return judge(sentence, passages or [PASSAGE], None).supported


def test_quantities_are_normalised():
    same = [quantities(t) for t in ("90 percent", "90%", "ninety per cent")]
    assert same[0] == same[1] == same[2] == [Quantity("", 90.0, True)]
    assert quantities("more than 40 times") == [Quantity(">", 40.0, False)]
    assert quantities("$240 billion") == quantities("240bn")
    assert quantities("in 2023") == []  # a year is a date, not a figure


@pytest.mark.parametrize(
    "sentence",
    [
        "Andrei Belousov was named the new defense minister.",
        "The leaders have met more than forty times.",
        "About 70% of Russians have a positive attitude toward China.",
        "China has not approved Russia's actions in Ukraine.",
        "Andrey Belousov was named defense minister.",  # a spelling variant
    ],
)
def test_faithful_sentences_pass(sentence):
    assert supported(sentence)


@pytest.mark.parametrize(
    ("sentence", "why"),
    [
        ("Andrei Belousov was not named the new defense minister.", "negat"),
        ("It is not true that Belousov was named the new defense minister.", "negat"),
        ("China has approved Russia's actions in Ukraine.", "negate"),
        ("The leaders have met 40 times.", "figure"),
        ("The leaders have met more than 41 times.", "figure"),
        ("Mr. Putin arrived in Beijing on Friday.", "Friday"),
        ("Elvis Presley was named the new defense minister.", "Elvis"),
        ("Karen Lavrov was named the new defense minister.", "Karen"),
    ],
)
def test_changed_sentences_fail_with_a_reason(sentence, why):
    verdict = judge(sentence, [PASSAGE], None)
    assert not verdict.supported
    assert why in verdict.reason


def test_a_sentence_may_combine_its_passages():
    first, second = PASSAGE.split(". They included ")
    combined = (
        "Putin arrived in Beijing on Thursday with Andrei Belousov, the new defense minister."
    )
    verdict = judge(combined, [first + ".", "They included " + second], None)
    assert verdict.supported
    assert {e.passage for e in verdict.evidence} == {0, 1}


def test_parts():
    assert names("It was Yuri V. Ushakov and the Center for Naval Analyses.") == [
        ["yuri", "ushakov"], ["center", "naval", "analyses"]]  # fmt: skip
    assert negations("He did not go and never came back, not only that") == ["go", "came"]


def test_perturbations_change_what_they_say():
    assert insert_negation("Belousov was named.") == "Belousov was not named."
    assert insert_negation("Cardiff University.") == "It is not true that Cardiff University."
    assert remove_negation("It has not approved it.") == "It has approved it."
    assert change_number("They met 43 times in 2024.") == "They met 44 times in 2024."
    assert change_number("Five deputies went.") == "six deputies went."
    assert change_date("On Thursday in May 2024.") == "On Friday in May 2024."
