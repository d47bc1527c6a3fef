"""The support rule on dates a language model gets wrong while each word stays stated (issue
13h): a relative time turned round, a part of a month that fits no day its sources give, a
date in digits or with an ordinal. Offline, without MiniLM; invented towns and people."""

from __future__ import annotations

from rag.support import judge
from rag.support.date_forms import spelled, wrong_part
from rag.support.relative_times import relative_times, turned_time


def why(sentence: str, passages: list[str], published: list[str | None] | None = None) -> str:
    """The reason the rule rejects the sentence; "" when it is supported."""
    return judge(sentence, passages, None, published).reason


MILL = ["The Orvik paper mill closed last week after a fire, and its owner Lina Broch said it "
        "would reopen next month."]  # fmt: skip
MAY = ["2024-05-16"]


def test_a_relative_time_turned_round_is_rejected():
    assert why("The Orvik paper mill closed last week after a fire.", MILL, MAY) == ""
    assert why("The Orvik paper mill closed the week before, after a fire.", MILL, MAY) == ""
    assert "last week" in why("The Orvik paper mill closed next week after a fire.", MILL, MAY)
    assert why("Lina Broch said the mill would reopen next month.", MILL, MAY) == ""
    assert why("Lina Broch said the mill would reopen in June.", MILL, MAY) == ""
    assert why("Lina Broch said the mill would reopen last month.", MILL, MAY)
    assert why("Lina Broch said the mill would reopen the month after.", MILL, MAY) == ""
    assert why("Lina Broch said the mill would reopen the month before.", MILL, MAY)


def test_a_relative_time_said_from_the_article_date_must_mean_a_stated_date():
    fair = ["The Kessling trade fair, held in 2023, drew 40,000 visitors, its organisers said."]
    assert why("The Kessling trade fair, held last year, drew 40,000 visitors.", fair, MAY) == ""
    assert "2025" in why(
        "The Kessling trade fair, held next year, drew 40,000 visitors.", fair, MAY
    )
    # a time said from another time cannot be checked by the article's date: it passes
    assert (
        why("The Kessling trade fair, held the year before, drew 40,000 visitors.", fair, MAY) == ""
    )
    visit = ["Piet Vos arrived in Orvik on Wednesday for talks on the harbour."]
    assert why("Piet Vos arrived in Orvik yesterday for talks on the harbour.", visit, MAY) == ""
    assert why("Piet Vos arrived in Orvik tomorrow for talks on the harbour.", visit, MAY)


def test_earlier_this_week_and_earlier_that_week_agree():
    times = relative_times("earlier this week, earlier that week, later that week, the next day")
    assert [(t.unit, t.step) for t in times] == [("week", -0.5), ("week", -0.5), ("week", 0.5),
                                                  ("day", 1)]  # fmt: skip
    kyiv = "Ada Lund was in Kyiv earlier this week to meet the mayor."
    assert turned_time("In Kyiv, earlier that week.", kyiv, MAY, set(), set()) == ""
    assert "earlier this week" in turned_time("In Kyiv, later that week.", kyiv, MAY, set(), set())


def test_a_part_of_a_month_must_fit_the_day_its_sources_give():
    strike = ["The union has announced a second strike, starting on November 20, if talks fail."]
    assert why("The union has announced a second strike starting in late November.", strike) == ""
    assert "November 20" in why(
        "The union has announced a second strike starting in early November.", strike
    )
    assert wrong_part("prices peaked in late May", "prices peaked in early May", set())
    assert wrong_part("prices peaked in early May", "prices peaked in early May", set()) == ""
    assert wrong_part("sales began in the late 2000s", "sales began in the early 2000s", set())
    # "last week" in an article of May 16 is May 9-15: "early May" cannot be, "mid-May" can
    summit = ["Ada Lund hosted the Orvik summit last week."]
    assert why("Ada Lund hosted the Orvik summit in mid-May.", summit, MAY) == ""
    assert why("Ada Lund hosted the Orvik summit in early May.", summit, ["2024-05-28"])


def test_dates_in_digits_and_with_ordinals_are_read_as_dates():
    assert spelled("on 2024-05-16 and 17/05/2024") == "on May 16, 2024 and May 17, 2024"
    assert spelled("on 05/16/2024") == "on May 16, 2024"  # only month first can be
    assert spelled("on 05/06/2024", ["2024-06-05"]) == "on June 5, 2024"  # the article's date
    assert spelled("the 16th of May 2024, May 3rd") == "May 16, 2024, May 3"
    assert (
        spelled("a 3/4 share, version 1.2.3, 31/31/2024")
        == "a 3/4 share, version 1.2.3, 31/31/2024"
    )
    visit = ["Piet Vos arrived in Orvik on Thursday, May 16, 2024, for talks on the harbour."]
    for honest in ("2024-05-16", "16/05/2024", "May 16th, 2024", "16 May 2024"):
        assert why(f"Piet Vos arrived in Orvik on {honest} for talks.", visit) == "", honest
    for wrong in ("2024-05-17", "17/05/2024", "May 17th, 2024", "2024-06-16"):
        assert why(f"Piet Vos arrived in Orvik on {wrong} for talks.", visit), wrong


def test_a_terse_answer_of_two_parts_dates_each_from_its_own_sentence():
    passages = [
        "Trade between Velmor and Orvik reached $240 billion in 2023, customs data showed.",
        "The Kessling institute was sanctioned by the Velmor government in 2020 for exports.",
    ]
    assert why("In 2020; $240 billion.", passages) == ""
    assert why("$240 billion in 2020.", passages)  # one part: 2020 replaces the figure's 2023
    assert why("In 2021; $240 billion.", passages)


def test_a_year_only_an_article_date_gives_must_date_that_article():
    passages = [
        "Lina Broch told Piet Vos that the harbour deal even exceeds an ordinary alliance.",
        "Piet Vos said the harbour deal has stood the test of a changing market.",
    ]
    published = ["2021-12-15", "2024-05-16"]
    honest = "In 2021 Broch said the harbour deal exceeds an ordinary alliance."
    assert why(honest, passages, published) == ""
    swapped = "In 2024 Broch said the harbour deal exceeds an ordinary alliance."
    assert "2024" in why(swapped, passages, published)


def test_a_bare_date_is_checked_against_the_question():
    report = [
        "Four days after the storm, Kestrel began pumping out basements on Friday. "
        "Minister Tom Hale, who walked along the damaged wall on Wednesday, announced a "
        "£20 million emergency fund on Thursday."
    ]
    fund = "When was a £20 million emergency fund announced?"
    walk = "When did Tom Hale walk along the damaged wall?"
    assert judge("On Thursday.", report, None, question=fund).supported
    assert not judge("On Friday.", report, None, question=fund).supported
    assert not judge("On Wednesday.", report, None, question=fund).supported
    assert judge("On Wednesday.", report, None, question=walk).supported
    assert not judge("On Thursday.", report, None, question=walk).supported
    # without the question, any date the passage states is held
    assert judge("On Friday.", report, None).supported


def test_a_date_joined_to_itself_is_stated_by_no_source():
    exports = ["Chinese exports to Russia fell during March and April."]
    assert judge("Chinese exports to Russia fell in March and April.", exports, None).supported
    dropped = judge("Chinese exports to Russia fell in April and April.", exports, None)
    assert not dropped and "April to itself" in dropped.reason


def test_a_date_after_the_same_two_words_as_another_in_a_related_passage_sentence_is_a_change():
    passages = ["The line was closed, and engineers said it would stay shut until at least the "
                "weekend. More than 14,000 homes lost power; by Tuesday afternoon 3,000 were dark.",
                "The line to Harwick reopened on Friday morning with a speed limit."]  # fmt: skip
    said = "The first report said until at least the weekend; it reopened on {} morning."
    assert judge(said.format("Friday"), passages, None).supported
    moved = judge(said.format("Tuesday"), passages, None)
    assert not moved and "Friday there, not Tuesday" in moved.reason


def test_two_dates_after_the_same_words_of_the_sentence_tell_two_events_apart():
    passages = ["Velmor Water opened four collection points on Wednesday morning.",
                "By Friday it had six collection points, two of which opened on Thursday."]  # fmt: skip
    said = "Four opened on {} morning; by Friday there were six, two of which opened on Thursday."
    assert judge(said.format("Wednesday"), passages, None).supported
    assert not judge(said.format("Tuesday"), passages, None).supported
    swapped = "Four opened on Thursday morning; by Friday there were six, two of which opened on "
    assert not judge(swapped + "Wednesday.", passages, None).supported


def test_a_clause_year_must_be_its_dated_article_year_or_one_its_passage_gives():
    passages = ["At the summit Xi said the two countries were defending democracy and human rights.",
                "Xi spoke in Velmor in 2024, as he had in 2021. Xi said unilateral hegemony "
                "threatens world peace."]  # fmt: skip
    published: list[str | None] = ["2021-12-15", None]
    said = ("In {} he said unilateral hegemony threatens world peace; in {} he said the two "
            "countries were defending democracy and human rights.")  # fmt: skip
    assert judge(said.format("2024", "2021"), passages, None, published).supported
    swapped = judge(said.format("2021", "2024"), passages, None, published)
    assert not swapped and "2024 is neither the date" in swapped.reason


def test_an_article_s_own_day_without_its_year_is_stated_by_its_date():
    """ "the follow-up (August 21) says ..." names the cited article by its date, as the
    pipeline's conflict notes do; another day is still a figure its sources do not hold."""
    passage = ["date 2026-08-21\n\nThe evacuation order covered some 12,400 residents."]
    said = "The follow-up (August 21) says some 12,400 residents were ordered out."
    assert judge(said, passage, None, ["2026-08-21"]).supported
    other = said.replace("August 21", "August 22")
    assert not judge(other, passage, None, ["2026-08-21"]).supported
    # a day the passage gives another event is no article's date
    found = ["date 2026-08-21\n\nThe man was found on Wednesday. Some 12,400 residents left."]
    wrong = "The follow-up (August 19) says some 12,400 residents left."
    assert not judge(wrong, found, None, ["2026-08-21"]).supported
