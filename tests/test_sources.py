"""Questions that ask what several sources say get each document's best sentence."""

import pytest

from rag.answering.extractive import Candidate, Weights, choose
from rag.answering.sources import asks_several, asks_sources


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("What do the reports say about the new bridge?", True),
        ("How do both articles describe the strike?", True),
        ("Which economists commented on the rate cut?", True),
        ("Which officials went to the site?", True),
        ("Which bus company ran the route?", False),  # one of a kind
        ("Which city bars the trucks?", False),  # a verb in -s
        ("Which news agency reported it first?", False),
        ("Which is the longer bridge?", False),
        ("What did the mayor say about the bridge?", False),
        ("How did the toll change between the two reports?", True),
        ("Which outlets reported that the bridge would close?", True),
        ("Which sources said the mayor resigned?", True),
        ("Which sources of funding were cut?", False),  # not the collection
        ("Which report came first?", False),  # one of them
    ],
)
def test_asks_sources_or_several(question, asks):
    assert (asks_sources(question) or asks_several(question)) is asks


def _cand(text: str, source: str, sim: float) -> Candidate:
    return Candidate(text, 1 if source == "a.txt" else 2, source, sim=sim)


def test_each_documents_best_sentence_answers_a_question_on_what_the_sources_say():
    best = _cand("Economist Ana Ruiz said the cut came too late.", "a.txt", 0.95)
    same_doc = _cand("Ruiz said the cut was small.", "a.txt", 0.92)
    other_doc = _cand("Tom Lee, of the bank, said the cut was welcome.", "b.txt", 0.76)
    chosen = choose([best, same_doc, other_doc], "Which economists commented on the cut?",
                    Weights(near_best=0.0))  # fmt: skip
    assert [c.text for c in chosen] == [best.text, other_doc.text]
    # one economist asked for: the best document's sentence alone
    chosen = choose([best, same_doc, other_doc], "Which economist commented on the cut?",
                    Weights(near_best=0.0))  # fmt: skip
    assert [c.text for c in chosen] == [best.text]
    # another document's sentence far below the best is no part of the answer
    weak = _cand("Tom Lee, of the bank, said the cut was welcome.", "b.txt", 0.5)
    chosen = choose([best, weak], "Which economists commented on the cut?", Weights())
    assert [c.text for c in chosen] == [best.text]


def test_to_which_people_spoke_another_documents_sentence_must_name_a_speaker_too():
    best = _cand("Economist Ana Ruiz said the cut came too late.", "a.txt", 0.95)
    unquoted = _cand("The bank cut its rate on Friday.", "b.txt", 0.9)
    quoted = _cand("The cut was welcome, said Tom Lee, an analyst.", "b.txt", 0.8)
    chosen = choose([best, unquoted, quoted], "Which economists commented on the cut?",
                    Weights(near_best=0.0))  # fmt: skip
    assert [c.text for c in chosen] == [best.text, quoted.text]


def test_the_reports_sentences_get_a_longer_budget_than_one_kinds():
    """One document's long sentence may fill the usual budget; asked what the reports say, the
    other report's sentence still fits (`source_words`); asked which economists, it does not."""
    best = _cand(
        "Economist Ana Ruiz said the cut " + "came far too late " * 12 + ".", "a.txt", 0.95
    )
    other = _cand(
        "Tom Lee, of the bank, said the cut was " + "very " * 30 + "welcome.", "b.txt", 0.8
    )
    reports = choose([best, other], "What do the reports say about the cut?", Weights())
    assert [c.text for c in reports] == [best.text, other.text]
    which = choose([best, other], "Which economists commented on the cut?", Weights(near_best=0.0))
    assert [c.text for c in which] == [best.text]


def test_another_document_s_part_is_its_sentence_that_holds_the_asked_terms():
    question = "Which economists commented on the tax cut?"
    best = Candidate("Economist Ana Ruiz said the tax cut came too late.", 1, "a.txt", sim=0.8,
                     lex=0.5)  # fmt: skip
    reads = Candidate("The move was welcome, said Tom Lee, an analyst.", 2, "b.txt", sim=0.75,
                      lex=0.2)  # fmt: skip
    holds = Candidate("The tax cut came late, said Li Wei, an economist.", 2, "b.txt", sim=0.55,
                      lex=0.5)  # fmt: skip
    chosen = choose([best, reads, holds], question, Weights())
    assert reads.score > holds.score
    assert [c.text for c in chosen] == [best.text, holds.text]


def test_to_why_each_document_gives_its_part_of_the_reason():
    """Two reports may each give a part of why: another document's best sentence that clears
    the threshold is added; one far below it is not."""
    best = _cand("The council dropped the plan because it could not pay its share.", "a.txt", 0.95)
    same_doc = _cand("The council said the plan was too costly.", "a.txt", 0.9)
    other_doc = _cand("Cuts to its grant made the cost unaffordable, it said.", "b.txt", 0.8)
    question = "Why did the council drop the plan?"
    chosen = choose([best, same_doc, other_doc], question, Weights(near_best=0.0))
    assert [c.text for c in chosen] == [best.text, other_doc.text]
    weak = _cand("Cuts to its grant made the cost unaffordable, it said.", "b.txt", 0.5)
    assert [c.text for c in choose([best, weak], question, Weights())] == [best.text]


def test_asked_which_ones_a_close_sentence_of_the_same_document_naming_another_is_a_part():
    """One report may name two of the asked kind in close sentences ("Marisa Kent, Aurelia's
    chief executive" and "Bluecrest's chief executive, Daniel Osei"): both are parts; a close
    sentence of that document naming no one new is not."""
    question = "Which chief executives are quoted in the articles?"
    kent = _cand("Marisa Kent, Aurelia's chief executive, said the deal was good.", "a.txt", 0.9)
    osei = _cand("Bluecrest's chief executive, Daniel Osei, would become president.", "a.txt", 0.88)
    again = _cand("Marisa Kent said fares would stay low for customers.", "a.txt", 0.88)
    other = _cand("Gareth Moyle, the chief executive of Tallis Water, apologised.", "b.txt", 0.7)
    chosen = choose([kent, osei, other], question, Weights())
    assert [c.text for c in chosen] == [kent.text, osei.text, other.text]
    chosen = choose([kent, again, other], question, Weights())
    assert [c.text for c in chosen] == [kent.text, other.text]
