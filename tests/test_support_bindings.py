"""The support rule on what binds an answer's words to their evidence (issue 13, fourteenth
session): a name the evidence gives by a pronoun, a model's number that is no figure, a figure a
report gave that the evidence negates, a date bound to its own fact. Offline, without MiniLM;
invented towns, firms and people."""

from __future__ import annotations

from rag.persons import is_person
from rag.support import judge, quantities
from rag.support.names import referents


def why(sentence: str, passages: list[str], published: list[str | None] | None = None) -> str:
    """The reason the rule rejects the sentence; "" when it is supported."""
    return judge(sentence, passages, None, published).reason


POWER = [
    "Talwick Power, which had been blamed by residents earlier in the week, said it welcomed "
    "the inspector's findings. Power has been restored to all but about 700 of the 2,400 "
    "customers it cut off on Monday."
]


def test_a_name_the_evidence_gives_by_a_pronoun_is_stated():
    assert why("About 700 of the 2,400 Talwick Power customers cut off on Monday.", POWER) == ""
    assert why("About 700 of the 2,400 customers Talwick Power cut off on Monday.", POWER) == ""


def test_a_pronoun_stands_for_the_nearest_name_of_its_kind():
    before = "Mayor Ilse Varn visited Brask Mills on Tuesday."
    assert referents("It laid off 40 workers.", before, frozenset()) == {"brask", "mills"}
    assert {"ilse", "varn"} <= referents("She said the mill would reopen.", before, frozenset())
    assert referents("The mill would reopen, he said.", "", frozenset()) == set()


def test_a_body_a_relative_clause_follows_is_no_person_when_it_speaks():
    said = "Talwick Power, which had been blamed by residents, said it welcomed the findings."
    assert is_person("Talwick Power", said) is not True
    assert is_person("Ada Holm", "Ada Holm, a farmer near Brask, said it was over.") is True


def test_a_model_s_number_is_part_of_its_name_not_a_figure():
    assert quantities("the Corvo-3 rocket failed") == []
    assert [q.value for q in quantities("twenty-two people and a 3-2 win")] == [22, 3, 2]


def test_a_quoted_number_word_before_percent_is_a_share():
    (q,) = quantities('"Fourteen" percent of posts')
    assert q.value == 14 and q.percent


def test_a_figure_a_report_gave_that_the_evidence_negates_may_be_said_as_reported():
    notice = ["The utility now says the notice covered around 52,000 homes, not the 39,000 it "
              "announced on Tuesday night."]  # fmt: skip
    assert why("The first report said about 39,000; the utility now says around 52,000.",
               notice) == ""  # fmt: skip
    assert "39" in why("The notice covered about 39,000 homes.", notice)
    # the reporting verb must stand in the figure's own clause
    assert "39" in why("The utility now says the notice covered around 52,000 homes, the 39,000 "
                       "it announced on Tuesday night.", notice)  # fmt: skip


def test_a_negation_reaches_no_word_of_a_name():
    fee = ["The recount cost about $640,000, which the county will pay. Merrin County officials "
           "said 1,200 ballots had not been counted."]  # fmt: skip
    assert why("The recount cost about $640,000, to be paid by Merrin County.", fee) == ""
    assert why("It is not true that about $640,000, to be paid by Merrin County.", fee)


FIRE = [
    "By Tuesday morning the Holm Ridge fire had burned 9,100 acres and was 5 percent contained.",
    "The fire had grown to 20,300 acres by Friday morning and was 35 percent contained. By "
    "Tuesday morning it had already covered 9,100 acres. The county said 48 homes have been "
    "destroyed.",
]
DAYS: list[str | None] = ["2026-08-18", "2026-08-21"]  # a Tuesday and a Friday


def test_each_fact_joined_by_and_keeps_its_own_date():
    right = (
        "It was 5 percent contained on Tuesday morning and 35 percent contained by Friday morning."
    )
    assert why(right, FIRE, DAYS) == ""
    assert "friday" in why(
        "It was 5 percent contained on Tuesday morning and 35 percent contained by Tuesday "
        "morning.", FIRE, DAYS)  # fmt: skip


def test_a_fact_its_sentence_dates_by_nothing_is_dated_by_its_article():
    assert why("By Friday the county said 48 homes had been destroyed.", FIRE, DAYS) == ""
    assert "friday" in why("By Tuesday the county said 48 homes had been destroyed.", FIRE, DAYS)
