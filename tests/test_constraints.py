from rag.answering import ABSTAIN
from rag.answering.constraints import (
    asked_bound,
    asked_names,
    asked_ordinal,
    asked_slots,
    asks_past,
    bound_met,
    day_ahead,
    day_met,
    names_met,
    neighbourhood,
    ordinal_met,
    recased,
    slot_taken,
    topical,
)
from rag.answering.extractive import ExtractiveAnswerer
from rag.passages import Passage


def _passage(text: str, source: str = "a.txt", date: str | None = None) -> Passage:
    return Passage("id-" + text[:8], text, source, "T", date, 1.0, {"dense": 1, "bm25": 1})


def test_the_names_a_question_carries():
    assert asked_names("How many wafers will Velta's Ohio plant make?") == [("velta",), ("ohio",)]
    assert asked_names("What did Julian Price say?") == [("price",)]  # "Julian" reads as a demonym
    assert asked_names("How old is the Harbin Institute of Technology?") == [
        ("harbin", "institute", "technology")
    ]
    assert asked_names("What did Andrei R. Belousov say?") == [("andrei", "belousov")]
    assert asked_names("Which Russian firms went along?") == []  # a nationality: `qualifies`
    assert asked_names("What did the FDA say, according to the Lisbon Herald?") == []  # source
    assert asked_names("What did the Harbin report say on Monday?") == []
    assert asked_names("How did China-Russia trade grow?") == [("china", "russia")]


def test_a_question_in_lower_case_gets_the_passages_capitals():
    passages = ["The line to Harwick closed after Storm Hesper.", "Long before dawn it rained."]
    question = recased("what damage did storm hesper do in harwick?", passages)
    assert question == "what damage did Storm Hesper do in Harwick?"
    assert asked_names(question) == [("storm", "hesper"), ("harwick",)]
    assert recased("What did Putin do in harwick?", passages) == "What did Putin do in harwick?"
    # a sentence's first word is capitalised whatever it is: no name
    assert recased("how long did it rain?", passages) == "how long did it rain?"
    # nor is a word of the question's "how long" one, though a "Long Beach" is capitalised
    assert recased("how long did it rain?", ["Rain hit Long Beach."]) == "how long did it rain?"


def test_a_name_is_met_by_a_word_of_it_or_its_stem():
    assert names_met(("julian", "price"), "Price called the strike unnecessary.")
    assert names_met(("ukraine",), "the Ukrainian forces")
    assert not names_met(("texas",), "It will make 40,000 wafers a month by 2030.")
    assert names_met(("moon",), "a lunar station", {"moon": {"lunar"}})  # close in meaning
    # a common word of a name, in lower case, is no mention of the name
    assert not names_met(("state", "department"), "his state visit", {"state": {"state"}})
    assert names_met(("state", "department"), "the State Department said")


def test_close_names_are_the_same_name_in_other_words_not_another_place(pipeline):
    close = ExtractiveAnswerer(pipeline.embedder)._close_words(
        ["swiss", "shanghai"], ["A peace conference in Switzerland, then talks in Beijing."]
    )
    assert "switzerland" in close["swiss"] and "beijing" not in close["shanghai"]


def test_a_name_many_passages_hold_is_the_topic_not_a_restriction():
    passages = ["Velta in Ohio.", "Velta's Ohio plant.", "Velta runs a plant in Texas.", "Rain."]
    assert topical([("velta",), ("texas",), ("lima",)], passages) == [("texas",), ("lima",)]


def test_the_neighbourhood_of_a_sentence():
    text = "Velta was founded in 2009. It runs plants in Texas. The new plant will be its largest."
    around = neighbourhood("The new plant will be its largest.", text, "Velta in Ohio")
    assert "Texas" in around and "Ohio" in around and "2009" not in around


def test_a_day_is_met_by_the_sentence_its_context_or_its_document_s_day():
    # 2025-11-06 is a Thursday
    assert day_met("thursday", "Price called it unnecessary.", "", "2025-11-06")
    assert day_met("wednesday", "Price called it unnecessary.", "", "2025-11-06")  # yesterday
    assert not day_met("monday", "Price called it unnecessary.", "", "2025-11-06")
    assert day_met("monday", "Price called it unnecessary.", "Talks began on Monday.", "2025-11-06")
    assert day_met("monday", "Price spoke on Tuesday.", "", "2025-11-06")  # left to `on_day`
    assert day_met("monday", "Price called it unnecessary.", "", None)  # undated: unknown


def test_a_day_still_to_come_is_announced_not_reported():
    assert asks_past("What did the minister say on Monday?")
    assert not asks_past("What will the minister say on Monday?")
    # 2025-11-06 is a Thursday: "for Monday" is November 10, "on Monday" November 3
    assert day_ahead("monday", "Talks have been arranged for Monday.", "2025-11-06")
    assert not day_ahead("monday", "She said on Monday that talks would resume.", "2025-11-06")
    assert not day_ahead("monday", "Talks have been arranged for Monday.", None)


def test_a_year_bound_is_met_on_its_side():
    assert asked_bound("How many times had they met by 2010?") == ("<=", 2010)
    assert asked_bound("How many times have they met since 2013?") == (">=", 2013)
    assert asked_bound("How much was trade worth in 2023?") is None  # `asked_period`'s
    assert asked_bound("Who won before the 2022 Winter Olympics?") is None  # an event's name
    assert not bound_met(("<=", 2010), "the 37th meeting since 2013", "2021-12-15")
    assert bound_met((">=", 2013), "the 37th meeting since 2013", "2021-12-15")
    assert bound_met(("<=", 2015), "the 37th meeting since 2013", "2021-12-15")  # 2013 to 2021
    assert bound_met((">=", 2019), "the 37th meeting since 2013", "2021-12-15")
    assert bound_met(("<=", 2010), "They first met in 2004.", "2021-12-15")
    assert not bound_met(("<=", 2010), "They have met often.", "2021-12-15")  # its date's year


def test_an_ordinal_must_order_the_asked_thing():
    assert asked_ordinal("When did Velta open its first plant?") == ("first", "plant")
    assert asked_ordinal("How is his first name spelled?") is None
    assert asked_ordinal("Which sectors should come first in their cooperation?") is None
    assert not ordinal_met(("first", "plant"), "The first chips will leave the plant in 2028.")
    assert ordinal_met(("first", "plant"), "Velta opened its first chip plant in 2011.")
    assert ordinal_met(("first", "visit"), "He visited Harbin for the first time in 2003.")
    assert ordinal_met(("first", "trip"), "China was his first journey abroad.")  # other words
    assert not ordinal_met(("first", "plant"), "Velta opened a plant in Ohio in 2011.")


def test_declines_when_a_restriction_is_met_nowhere(pipeline):
    text = (
        "Velta Semiconductor broke ground on a chip plant in New Alden on Wednesday. "
        "The plant will reach an output of 40,000 wafers a month by 2030. "
        "Construction is expected to employ 5,000 workers at its peak. "
        "Velta, founded in 2009, already runs two plants, in Texas and in Dresden."
    )
    others = ["Farmers in Alden County fear the plant will drain the aquifer.",
              "The county approved the rezoning of the site last month by two votes to one.",
              "A farmer said the wells would go dry in August.",
              "The water permit will be heard by the review board in January."]  # fmt: skip
    passages = [_passage(text, date="2025-09-18")] + [_passage(t, "b.txt") for t in others]
    answerer = ExtractiveAnswerer(pipeline.embedder)
    question = "How many wafers a month will Velta's {} plant produce?"
    assert answerer.answer(question.format("Texas"), passages) == ABSTAIN
    assert answerer.answer(question.format("Texas").lower(), passages) == ABSTAIN  # typed so
    assert "40,000" in answerer.answer(question.format("New Alden"), passages)


def test_declines_a_weekday_its_document_cannot_report(pipeline):
    text = (
        "Train drivers at Corlis Rail walked out on Thursday over pay. "
        "Mara Quint, Corlis's chief executive, called the strike unnecessary and damaging."
    )
    answerer = ExtractiveAnswerer(pipeline.embedder)
    thursday = [_passage(text, date="2025-11-06")]
    assert answerer.answer("What did Mara Quint say on Monday?", thursday) == ABSTAIN
    assert "unnecessary" in answerer.answer("What did Mara Quint say on Thursday?", thursday)
    ahead = [_passage("Mara Quint, Corlis's chief executive, will meet the union on Monday to "
                      "discuss the pay offer of 4.5 percent.", date="2025-11-06")]  # fmt: skip
    assert (
        answerer.answer("What did Mara Quint discuss with the union on Monday?", ahead) == ABSTAIN
    )


def test_declines_a_year_bound_or_an_ordinal_the_sentences_do_not_meet(pipeline):
    text = (
        "Velta Semiconductor was founded in 2009 and opened a chip plant in Texas in 2014. "
        "Its chief executive, Hana Voss, has met the state's governor six times since 2016."
    )
    passages = [_passage(text, date="2025-09-18")]
    answerer = ExtractiveAnswerer(pipeline.embedder)
    assert answerer.answer("How many times had Hana Voss met the governor by 2012?", passages) == (
        ABSTAIN
    )
    assert "six times" in answerer.answer(
        "How many times has Hana Voss met the governor since 2016?", passages
    )
    assert answerer.answer("When did Velta open its third plant?", passages) == ABSTAIN


def test_a_name_in_the_slot_of_an_act():
    assert asked_slots("What fee did Northgate pay for Arriaga in 2023?") == [
        ("pay", "for", "arriaga")
    ]
    slot = ("pay", "for", "arriaga")
    mensah = (
        "The record fee was the €61 million Northgate paid for the Ghanaian midfielder Kofi Mensah."
    )
    assert slot_taken(mensah, slot)  # another name in the asked one's place
    assert not slot_taken(mensah, ("pay", "for", "kofi"))  # the asked one, past a demonym
    assert not slot_taken("Northgate paid €40 million for Arriaga and for Lund.", slot)
    assert not slot_taken("Arriaga cost Northgate €40 million.", slot)  # the act is not done
    assert not slot_taken(
        "Banks cut back trading with Russian firms.", ("trading", "with", "russia")
    )


def test_another_name_in_the_asked_slot_does_not_answer(pipeline):
    answerer = ExtractiveAnswerer(pipeline.embedder)
    question = "What fee did Northgate pay for Arriaga in 2023?"
    other = _passage("The fee was the €61 million Northgate paid for Kofi Mensah in 2023.")
    asked = _passage("The fee was the €40 million Northgate paid for Arriaga in 2023.", "b.txt")
    assert answerer.answer(question, [other]) == ABSTAIN
    assert "€40 million" in answerer.answer(question, [other, asked])
