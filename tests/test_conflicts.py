"""Disagreeing figures as data (`Answer.conflicts`), and answers that stay inside a filter."""

from __future__ import annotations

from rag.citations import CheckedSentence, Citation
from rag.conflicts import Stated, conflict_note, find_conflicts, newest, values
from rag.filters import Filters
from rag.passages import Passage
from rag.scope import contest, within

MET = "How many times have Putin and Xi met?"


def cite(n: int, path: str, date: str | None) -> Citation:
    return Citation(n, path, f"Title {n}", date, f"{path}#{n}", "text", 0.5, path=path)


def test_values_skip_years_and_numbers_the_question_holds():
    said = "Mr. Xi met Mr. Putin for the 37th time since 2013, more than 40 times in all."
    assert values(said, MET) == ["37th time", "more than 40 times"]
    assert values("In 2023 trade reached $240 billion.", "Trade in 2023?") == ["$240 billion"]
    assert values("They met 3 times.", "Did they meet 3 times?") == []


def test_two_sources_with_different_figures_are_a_conflict_with_sources_and_dates():
    sentences = [
        CheckedSentence("He was meeting Mr. Putin for the 37th time since 2013.", [1], True),
        CheckedSentence("The two leaders have met more than 40 times.", [2], True),
        CheckedSentence("They have met 12 times, unchecked.", [3], False),  # unsupported: ignored
    ]
    citations = [cite(1, "old.txt", "2021-12-15"), cite(2, "new.txt", "2024-05-17"),
                 cite(3, "odd.txt", None)]  # fmt: skip
    conflicts = find_conflicts(MET, sentences, citations)
    assert conflicts == [
        Stated("37th time", 1, "old.txt", "Title 1", "2021-12-15"),
        Stated("more than 40 times", 2, "new.txt", "Title 2", "2024-05-17"),
    ]
    assert conflict_note(conflicts) == (
        "Sources differ: 37th time [1] (2021-12-15); more than 40 times [2] (2024-05-17, the"
        " newest)."
    )


def test_the_newest_figure_is_marked_only_when_one_source_is_the_latest():
    def stated(n: int, date: str | None) -> Stated:
        return Stated(str(n), n, f"{n}.txt", "", date)

    assert newest([stated(1, "2021-12-15"), stated(2, "2024-05-17")]) == 2
    assert newest([stated(1, "2024-05-17"), stated(2, None), stated(3, "2021-12-15")]) == 1
    # the same date twice, or one dated source, tells the reader nothing about which is current
    assert newest([stated(1, "2024-05-17"), stated(2, "2024-05-17")]) is None
    assert newest([stated(1, "2024-05-17"), stated(2, None)]) is None
    tie = [stated(1, "2021-12-15"), stated(2, "2024-05-17"), stated(3, "2024-05-17")]
    assert newest(tie) is None
    assert (
        conflict_note(tie)
        == "Sources differ: 1 [1] (2021-12-15); 2 [2] (2024-05-17); 3 [3] (2024-05-17)."
    )


def test_one_source_or_one_figure_is_no_conflict():
    same = [CheckedSentence("They met 40 times.", [1], True),
            CheckedSentence("The pair have met 40 times.", [2], True)]  # fmt: skip
    two = [cite(1, "a.txt", "2024-01-01"), cite(2, "b.txt", "2024-02-01")]
    assert find_conflicts(MET, same, two) == []
    one = [CheckedSentence("They met 37 times.", [1], True),
           CheckedSentence("Or was it 40 times?", [1], True)]  # fmt: skip
    assert find_conflicts(MET, one, two) == []


FLOOD = "How many people did the flooding kill?"


def test_number_words_and_qualifiers_are_values_and_only_figures_of_the_counted_thing():
    first = ("The surge flooded about 600 homes and businesses and killed at least four people,"
             " police said.")  # fmt: skip
    assert values(first, FLOOD) == ["at least four"]  # not the 600 homes: people were asked
    assert values(first, "What did police say?") == ["about 600", "at least four"]
    assert values("The flooding killed three people.", FLOOD) == ["three"]
    assert values("Up to a dozen people were hurt.", "What happened?") == ["Up to a dozen"]
    # a number word after a determiner names a group; "one of" is not a figure
    assert values("The two leaders have met more than 40 times.", MET) == ["more than 40 times"]
    assert values("One of the three victims was 71.", "Who died?") == ["71"]
    # "how long" asks for a duration: "$240 billion" in the same sentence is no answer to it
    said = "Trade reached $240 billion, the first fall in more than two years."
    assert values(said, "How long since trade last fell?") == ["more than two"]
    assert values("Did three people die? Three did.", "Did three people die?") == []


def test_sources_stating_a_count_in_words_and_with_a_qualifier_differ():
    sentences = [
        CheckedSentence("The flooding killed three people, police confirmed.", [1], True),
        CheckedSentence("The surge flooded about 600 homes, killing at least four people.", [2],
                        True),
    ]  # fmt: skip
    citations = [cite(1, "later.txt", "2025-03-14"), cite(2, "first.txt", "2025-03-11")]
    conflicts = find_conflicts(FLOOD, sentences, citations)
    assert [(s.value, s.n) for s in conflicts] == [("three", 1), ("at least four", 2)]
    assert conflict_note(conflicts) == (
        "Sources differ: three [1] (2025-03-14, the newest); at least four [2] (2025-03-11)."
    )
    same = [CheckedSentence("It killed four people.", [1], True),
            CheckedSentence("Four people died.", [2], True)]  # fmt: skip
    assert find_conflicts(FLOOD, same, citations) == []


def passage(chunk_id: str) -> Passage:
    return Passage(chunk_id, f"{chunk_id} says so.", chunk_id, "", None, 0.1, path=chunk_id)


def test_contest_keeps_the_unfiltered_order_and_adds_the_filters_missing_passages():
    inside, shared, rival = passage("in"), passage("shared"), passage("rival")
    assert contest("Q?", [shared, inside], [rival, shared]) == [rival, shared, inside]


def test_only_filters_that_leave_something_out_narrow():
    assert not Filters() and Filters(source="a.txt")


def test_within_keeps_sentences_citing_the_filter_renumbered_and_else_nothing():
    inside, shared, rival = passage("in"), passage("shared"), passage("rival")
    pool = [rival, shared, inside]
    draft = "Rival says so. [1] Shared says so. [2] Inside adds more. [3] Mixed. [1] [3]"
    assert within(draft, pool, [shared, inside]) == "Shared says so. [1] Inside adds more. [2]"
    assert within("Only the rival answers. [1]", pool, [shared, inside]) == ""
    assert within("I can't find that in the sources.", pool, [inside]) == ""


def test_a_source_filter_on_an_article_that_does_not_answer_declines(pipeline):
    """Unit of the Pipeline: the seeds' 2021 article does not say who went with Putin in 2024."""
    old = pipeline.resolve_source("004_65d4c2a72f05d57b.txt")
    declined = pipeline.ask("Who went with Putin?", filters=Filters(source=old))
    assert declined.abstained and declined.citations == []
    new = pipeline.resolve_source("000_f56484f7a27f0105.txt")
    answered = pipeline.ask("Who went with Putin?", filters=Filters(source=new))
    assert not answered.abstained and "Belousov" in answered.answer
    assert {c.path for c in answered.citations} == {new}
    assert all(p.path == new for p in answered.retrieved)


def test_the_how_many_question_carries_both_figures_with_sources_and_dates(pipeline):
    answer = pipeline.ask(MET)
    stated = {(s.value, s.date) for s in answer.conflicts}
    assert stated == {("37th time", "2021-12-15"), ("more than 40 times", "2024-05-17")}
    assert answer.to_json()["conflicts"][0]["source"] in {c.source for c in answer.citations}


FIRST = """date 2024-10-08

Gale drives river over Brantham embankment, leaving at least five dead

BRANTHAM — Gale Orla pushed the River Wend over the Brantham embankment late on Sunday, flooding about 300 homes in the streets near the old mill and killing at least five people, the fire service said on Monday.

Roads into the town were closed and a rest centre opened in the sports hall, where 120 people spent the night.
"""
LATER = """date 2024-10-11

Brantham begins clean-up as review of the embankment is ordered

Three days after the River Wend broke over the Brantham embankment, residents began clearing mud from their homes on Thursday as the council ordered a review of why repairs were delayed.

The flooding killed four people, the county coroner confirmed on Wednesday. One of them was a retired teacher found in her cellar.

Insurers expect claims of about £40 million, and the council said 450 properties were flooded.
"""


def test_a_count_spelled_in_words_differs_across_sources_and_stays_inside_a_filter(tmp_path):
    """Real index of two articles: the later one says four people, the first at least five."""
    from rag.pipeline import Pipeline
    from tests.helpers import make_settings

    corpus = tmp_path / "articles"
    corpus.mkdir()
    (corpus / "gale_first.txt").write_text(FIRST)
    (corpus / "gale_later.txt").write_text(LATER)
    pipeline = Pipeline(make_settings(tmp_path / "data"))
    pipeline.ingest([corpus])
    answer = pipeline.ask("How many people did the flooding kill?", llm="extractive")
    assert sorted((s.source, s.value) for s in answer.conflicts) == [
        ("gale_first.txt", "at least five"), ("gale_later.txt", "four")
    ]  # fmt: skip
    assert answer.notes and answer.notes[0].startswith("Sources differ: ")
    # filtered to the later article, the count it states in words still answers
    later = Filters(source=pipeline.resolve_source("gale_later.txt"))
    kept = pipeline.ask("How many people died in the Brantham flood?", llm="extractive",
                        filters=later)  # fmt: skip
    assert not kept.abstained and "killed four people" in kept.answer
    assert {c.source for c in kept.citations} == {"gale_later.txt"}


def test_figures_of_another_kind_of_the_asked_thing_or_inside_a_word_are_no_conflict():
    fare = "How much does a ferry ticket cost?"
    sentences = [
        CheckedSentence("A single ferry ticket across the bay now costs 3 euros.", [1], True),
        CheckedSentence("A tram ticket costs 2 euros.", [2], True),  # another ticket
    ]
    citations = [cite(1, "ferry.txt", "2025-02-02"), cite(2, "tram.txt", "2025-02-03")]
    assert find_conflicts(fare, sentences, citations) == []
    other = [sentences[0], CheckedSentence("The ferry ticket costs 4 euros now.", [2], True)]
    assert [s.value for s in find_conflicts(fare, other, citations)] == ["3", "4"]
    # a number inside a word ("UTF16", "G7") is no figure
    assert values("The UTF16 file and the G7 summit say the tram costs 2 euros.", fare) == ["2"]


def test_a_figure_every_source_states_is_the_setting_not_the_disputed_value():
    question = "How much would the upgrade of the wall have cost?"
    sentences = [
        CheckedSentence("The plan to raise the wall by 1.1 metres would have cost £85 million.",
                        [1], True),
        CheckedSentence("A plan to raise it by 1.1 metres, at a cost of £62 million, was shelved.",
                        [2], True),
    ]  # fmt: skip
    citations = [cite(1, "later.txt", "2025-03-14"), cite(2, "first.txt", "2025-03-11")]
    conflicts = find_conflicts(question, sentences, citations)
    assert [(s.value, s.n) for s in conflicts] == [("£85 million", 1), ("£62 million", 2)]
    # one source states the shared figure and one of another thing: it agrees, no dispute
    trade = "How much did trade grow?"
    agree = [
        CheckedSentence("Trade reached $240 billion in 2023.", [1], True),
        CheckedSentence("Trade hit $240 billion, then fell for the first time in two years.", [2],
                        True),
    ]  # fmt: skip
    assert find_conflicts(trade, agree, citations) == []
    # "two of the 14": the number word is the figure, the 14 both reports state its setting
    samples = "How many of the samples tested positive?"
    said = [CheckedSentence("Two of the 14 samples tested positive.", [1], True),
            CheckedSentence("Five of the 14 samples had tested positive.", [2], True)]  # fmt: skip
    assert [s.value for s in find_conflicts(samples, said, citations)] == ["Two", "Five"]


def test_asked_at_what_time_sources_that_give_other_times_of_day_are_a_conflict():
    question = "At what time did the two leaders sign the statement?"
    sentences = [
        CheckedSentence("The statement was inked in a ceremony Thursday afternoon.", [1], True),
        CheckedSentence("They issued the statement on Thursday evening.", [2], True),
    ]
    citations = [cite(1, "a.txt", None), cite(2, "b.txt", "2024-05-17")]
    conflicts = find_conflicts(question, sentences, citations)
    assert [(s.value, s.n) for s in conflicts] == [("afternoon", 1), ("evening", 2)]
    clock = [CheckedSentence("The result came in at 11:50 a.m. on Tuesday.", [1], True),
             CheckedSentence("It received the results at 4:30 p.m. on Tuesday.", [2], True)]  # fmt: skip
    assert [s.value for s in find_conflicts(question, clock, citations)] == [
        "11:50 a.m.",
        "4:30 p.m.",
    ]
    same = [CheckedSentence("It was signed in the evening.", [1], True), sentences[1]]
    assert find_conflicts(question, same, citations) == []
