"""Rules of issue 13f, offline and without MiniLM: figures in other units, a month that only an
article's date gives, and a name that opens the sentence. Fictional names only."""

from __future__ import annotations

from rag.checker_eval import unsupported
from rag.evaluation import GoldItem
from rag.store import StoredChunk
from rag.support import judge, quantities
from rag.support.names import known_names, names


def why(sentence: str, passages: list[str], published: list[str | None] | None = None) -> str:
    """ "" when the sentence is supported, else the reason it is not."""
    return judge(sentence, passages, None, published).reason


def test_a_span_of_time_matches_in_other_units():
    meeting = ["Officials gave no account of the talks, which the Ministry said lasted about an "
               "hour and a half."]  # fmt: skip
    assert why("The talks lasted roughly ninety minutes, the Ministry said.", meeting) == ""
    assert why("The talks lasted 90 minutes, the Ministry said.", meeting) == ""
    assert "2 hours" in why("The talks lasted two hours, the Ministry said.", meeting)
    assert why("The talks lasted 100 minutes, the Ministry said.", meeting)
    strike = ["The strike ran for 120 minutes after 30 years without one at the depot."]
    assert why("The strike ran for two hours.", strike) == ""
    assert why("The strike ran for three hours.", strike)
    assert why("It was the first strike at the depot in three decades.", strike) == ""
    assert why("It was the first strike at the depot in four decades.", strike)
    assert quantities("half an hour")[0].matches(quantities("30 minutes")[0])
    assert quantities("a year and a half")[0].matches(quantities("18 months")[0])
    assert not quantities("two days")[0].matches(quantities("two weeks")[0])


def test_half_and_a_dozen_are_figures():
    flood = ["Half of the homes on Dock Street were flooded and 12 shops closed."]
    assert why("50 percent of the homes on Dock Street were flooded.", flood) == ""
    assert why("60 percent of the homes on Dock Street were flooded.", flood)
    assert why("A dozen shops closed.", flood) == ""
    assert why("Two dozen shops closed.", flood)
    assert quantities("half of the homes") == quantities("50 percent of the homes")
    assert quantities("the latter half of 2025") == []  # a part of a year, no share
    assert quantities("the other half") == []


def test_an_article_dates_its_month_only_in_its_own_year():
    passages = ["The two mayors, who have met more than 40 times, call their towns twins.",
                "Mayor Holm, meeting Mayor Vos for the 37th time since 2013, praised her."]  # fmt: skip
    days: list[str | None] = ["2024-05-17", "2021-12-15"]
    honest = "They had met 37 times by December 2021 and more than 40 times by May 2024."
    assert why(honest, passages, days) == ""
    moved = "They had met 37 times by December 2021 and more than 40 times by December 2024."
    assert why(moved, passages, days) == "its sources date only December 2021, not December 2024"
    assert why("They had met 37 times by May 2021.", passages, days)
    # a month the passage's words give ("last month", in an article of May 2024) is no date's
    said = ["Mayor Holm met Mayor Vos last month, in Orvik."]
    assert why("Mayor Holm met Mayor Vos in April 2024, in Orvik.", said, ["2024-05-17"]) == ""


def test_a_first_word_is_a_name_when_possessive_or_a_known_name():
    text = "Officials said that Velorian officials presented a plan to Orvik, and Orvik refused it."
    known = known_names(text)
    assert "orvik" in known and "officials" not in known
    assert names("Orvik refused it.", known=known) == [["orvik"]]
    assert names("Orvik refused it.") == []  # an opener, unless known
    assert names("Kessling's officials presented a plan.") == [["kessling"]]
    assert names("Trade grew.", known=known) == []
    plan = [text]
    assert why("Kessling's officials presented a plan to Orvik.", plan) == (
        "no cited passage mentions Kessling"
    )
    praise = ["Holm praised Vos for helping to build a strategic partnership with Orvik.",
              "Mr. Sand has pledged to boycott the games."]  # fmt: skip
    assert why("Holm praised Vos for helping to build a strategic partnership.", praise) == ""
    assert why("Sand praised Vos for helping to build a strategic partnership.", praise) == (
        "its source says Holm, not Sand"
    )


def test_a_name_before_the_same_words_is_a_swap_whatever_the_verb():
    greeting = ["Anna Holm addressed Piet V. Vos as her “old friend,” and the other mayor called "
                "her both his “dear friend” and his “esteemed friend,” at the summit.",
                "Orvik is a town near Kessling."]  # fmt: skip
    honest = 'Holm called Vos her "old friend", and Vos called Holm his "dear friend".'
    assert why(honest, greeting) == ""
    # the sentence names Vos, but elsewhere: Orvik stands where the evidence has Vos
    swapped = 'Holm called Orvik her "old friend", and Vos called Holm his "dear friend".'
    assert why(swapped, greeting) == "its source says Piet V Vos, not Orvik"
    assert why('Holm called Orvik her "old friend".', greeting)


def test_the_benchmark_holds_a_day_the_article_date_gives():
    text = "Orla broke ground on Wednesday on a factory outside New Alden."
    chunk = StoredChunk("c0", text, {"source": "a.txt", "date": "2025-09-18"})
    item = GoldItem("t1", "When?", "On Wednesday, September 17, 2025.", [["Wednesday"]],
                    ["a.txt"], True, "lookup")  # fmt: skip
    assert unsupported(item, [chunk]) == []  # Wednesday before Thursday, September 18
    wrong = GoldItem("t2", "When?", "On Wednesday, September 10, 2025.", [["Wednesday"]],
                     ["a.txt"], True, "lookup")  # fmt: skip
    assert unsupported(wrong, [chunk]) == ["10"]
    assert why("Orla broke ground on Wednesday, September 17, 2025.", [text], ["2025-09-18"]) == ""


def test_an_opening_word_the_passages_lack_is_checked_for_a_swap():
    fine = ["The operator Meridian was fined £3.2 million by the rail regulator in July.",
            "Fitch is a town."]  # fmt: skip
    assert why("Meridian was fined £3.2 million by the rail regulator in July.", fine) == ""
    assert why("Fitch was fined £3.2 million by the rail regulator in July.", fine) == (
        "its source says Meridian, not Fitch"
    )
    assert why("Kessling was fined £3.2 million by the rail regulator in July.", fine) == (
        "its source says Meridian, not Kessling"
    )
    # a common opening word the passages lack is no name to look for
    assert why("Fines of £3.2 million were imposed on Meridian by the rail regulator.", fine) == ""
