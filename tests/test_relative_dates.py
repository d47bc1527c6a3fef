import pytest

from rag.relative_dates import may_be_ahead, resolve, with_dates


@pytest.mark.parametrize(
    ("sentence", "published", "dated"),
    [
        # the article's own weekday is its date
        (
            "She was in Moscow on Wednesday for talks.",
            "2021-12-15",
            "Wednesday (December 15, 2021)",
        ),
        # a past weekday is the latest one before the article
        ("The two spoke on Monday by phone.", "2021-12-15", "Monday (December 13, 2021)"),
        # the future looks ahead
        ("On Friday, Putin is scheduled to visit Harbin.", "2024-05-16", "Friday (May 17, 2024)"),
        ("They met last Wednesday.", "2021-12-15", "Wednesday (December 8, 2021)"),
        # the weekday's own verb decides, not a "will" elsewhere in the sentence
        (
            "Work began on Monday on a dam that the city says will hold back floods.",
            "2025-09-18",
            "Monday (September 15, 2025)",
        ),
        (
            "On Monday, the mayor will sign the order that the council passed.",
            "2025-09-18",
            "Monday (September 22, 2025)",
        ),
        ("The council is expected to vote on Monday.", "2025-09-18", "Monday (September 22, 2025)"),
        # the attribution that ends the sentence is another clause: not the weekday's verb
        (
            "The council will vote on the budget on Tuesday in the town hall, the mayor said.",
            "2026-11-26",
            "Tuesday (December 1, 2026)",
        ),
        (
            "The festival will take place on Saturday, organisers said.",
            "2026-11-26",
            "Saturday (November 28, 2026)",
        ),
        (
            "The council, which met on Monday, will vote soon.",
            "2026-11-26",
            "Monday (November 23, 2026)",
        ),
        # a clause without a verb looks at the whole sentence
        ("On Tuesday, the council voted.", "2026-11-26", "Tuesday (November 24, 2026)"),
        ("They meet next Wednesday.", "2021-12-15", "Wednesday (December 22, 2021)"),
        ("Yesterday's call went well.", "2024-03-01", "Yesterday's (February 29, 2024)"),
        (
            "He spoke with Biden last week.",
            "2021-12-15",
            "week (the week before December 15, 2021)",
        ),
        # a day something lasts until, is due or set for, is ahead unless its clause is past
        ("A decision is expected on Monday.", "2025-11-06", "Monday (November 10, 2025)"),
        ("The union has until Friday to respond.", "2025-11-06", "Friday (November 7, 2025)"),
        ("Ministers must decide by Friday.", "2025-11-06", "Friday (November 7, 2025)"),
        (
            "The line stays shut until Monday, the operator said.",
            "2025-11-06",
            "Monday (November 10, 2025)",
        ),
        ("Talks are due back on Monday.", "2025-11-06", "Monday (November 10, 2025)"),
        ("The line was closed until Monday.", "2025-11-06", "Monday (November 3, 2025)"),
        # a participle after a present or future "be", "stay", "remain" is a state, no past
        (
            "The museum will stay closed until Monday while police work.",
            "2025-11-06",
            "Monday (November 10, 2025)",
        ),
        ("The road is closed until Friday.", "2025-11-06", "Friday (November 7, 2025)"),
        # a present "is" the weekday completes, in a sentence of no other tense, is ahead
        ("Voting is on Sunday.", "2025-11-06", "Sunday (November 9, 2025)"),
        (
            "The strike is to end at 7 a.m. on Saturday.",
            "2025-11-06",
            "Saturday (November 8, 2025)",
        ),
        (
            "He is in hospital after a crash on Saturday.",
            "2025-11-06",
            "Saturday (November 1, 2025)",
        ),
        (
            "Police say the man is a suspect in the attack on Saturday.",
            "2025-11-06",
            "Saturday (November 1, 2025)",
        ),
        ("By Friday, the water had receded.", "2025-11-06", "Friday (October 31, 2025)"),
        ("By Friday, the water will recede.", "2025-11-06", "Friday (November 7, 2025)"),
        # a day something was arranged for is ahead, though the verb that set it is past
        (
            "Both sides return to talks, which have been arranged for Monday.",
            "2025-11-06",
            "Monday (November 10, 2025)",
        ),
        ("The vote was postponed until Friday.", "2025-11-06", "Friday (November 7, 2025)"),
        # ... unless it had been set then: the tense decides, as before
        (
            "The meeting, which had been scheduled for Monday, was cancelled.",
            "2025-11-06",
            "Monday (November 3, 2025)",
        ),
        # relative months are the article's months, across a year's end too
        ("The board approved it last month.", "2025-09-18", "last month (August 2025)"),
        ("Talks resume next month.", "2025-12-06", "next month (January 2026)"),
        ("The ban ends later this month.", "2025-12-06", "this month (December 2025)"),
        ("The plan was agreed last month.", "2025-01-10", "last month (December 2024)"),
        # a named month: the nearest one before (after) the article's month, or its year's
        (
            "It first approached Bluecrest last November.",
            "2024-03-13",
            "last November (November 2023)",
        ),
        ("Prices rose last March, the fourth rise.", "2024-03-13", "last March (March 2023)"),
        ("Talks resume next March.", "2024-03-13", "next March (March 2025)"),
        ("The plant opens this November.", "2024-03-13", "this November (November 2024)"),
        # an offset's event is the day the sentence states, moved, dated at the event's end
        (
            "Four days after the storm sent the sea over the wall, the town began pumping on "
            "Friday.",
            "2025-03-14",
            "over the wall (March 10, 2025), the town",
        ),
        (
            "The vote was held on Tuesday, a day after the strike began.",
            "2025-11-06",
            "the strike began (November 3, 2025).",
        ),
        (
            "The strike began on Monday; a day earlier, talks collapsed.",
            "2025-11-06",
            "a day earlier (November 2, 2025), talks",
        ),
        (
            "On Thursday, the day before the vote, he resigned.",
            "2025-11-06",
            "the day before the vote (November 7, 2025)",
        ),
        (
            "The mill reopened on May 20, 2024, two weeks after the fire.",
            "2024-06-01",
            "",  # weeks are no day: only "a week" is said, as the week before or after
        ),
        (
            "The mill reopened on May 20, 2024, a week after the fire.",
            "2024-06-01",
            "the fire (the week before May 20, 2024).",
        ),
        (
            "Three days after the crash, the line reopened on May 20, 2024.",
            "2024-06-01",
            "the crash (May 17, 2024),",
        ),
        # "last/this/next year" is the article's year moved; "last year's" is a figure's owner
        ("Output starts in the first half of next year.", "2025-03-20", "next year (2026)."),
        ("Trade hit a record last year, officials said.", "2025-03-20", "last year (2024),"),
        ("Last year's record was broken.", "2025-03-20", "Last year's record was broken."),
        # "the following/next Friday" is the Friday after a day the sentence stated before it
        (
            "The strike began on Monday, March 3, and talks resumed the following Friday.",
            "2025-03-20",
            "following Friday (March 7, 2025).",
        ),
        (
            "The strike began on March 3 and ended the next Friday.",
            "2025-03-20",
            "next Friday (March 7, 2025).",
        ),
        (
            "On Monday, the union met; the next Friday it struck.",
            "2025-03-20",
            "next Friday (March 21, 2025) it",
        ),
    ],
)
def test_relative_days_resolve_against_the_article_date(sentence, published, dated):
    assert dated in with_dates(sentence, published)


def test_nothing_to_resolve_leaves_the_sentence_alone():
    # "the following Friday" after no stated day: no date rather than the article's Friday
    assert with_dates("Talks resumed the following Friday.", "2025-03-20").endswith("Friday.")
    assert with_dates("They met on Wednesday.", None) == "They met on Wednesday."
    assert with_dates("The vote on Sunday, May 12, was close.", "2024-05-16").endswith("close.")
    assert resolve("They may meet in the spring.", "2024-05-16") == []
    # a weekday of a plural noun is every such day, not one
    assert resolve("Drivers would work Sunday shifts without extra pay.", "2025-11-06") == []
    assert resolve("Markets close early on Friday evenings.", "2025-11-06") == []
    assert resolve("They met on Friday as talks stalled.", "2025-11-06") != []


@pytest.mark.parametrize(
    ("sentence", "ahead"),
    [
        ("Before Wednesday's call, Rogozin said the station would be built.", False),
        ("The plant opened in 2019.", False),
        ("“We will meet in February of next year,” he said.", True),
        ("The station is due to open in 2030.", True),
        ("The vote will take place on Friday.", True),  # the Friday after that Wednesday
        ("Talks are expected in June.", True),  # a month alone may be either
        ("Trade hit a record last year.", False),
        ("Sales have risen this year.", True),  # "this year" may be later in it
    ],
)
def test_a_sentence_may_speak_of_a_time_after_its_article(sentence, ahead):
    assert may_be_ahead(sentence, "2021-12-15") is ahead  # a Wednesday
    assert may_be_ahead(sentence, None)  # without a date, any time may be ahead


@pytest.mark.parametrize(
    ("sentence", "days"),
    [
        # no day stated outside the offset, or only the day of an attribution
        ("Four days after the storm, the town began pumping.", []),
        (
            "The flood, which came two days after the storm, killed four, police said on Tuesday.",
            ["March 11, 2025"],
        ),
        # two days stated: which one the offset counts from is not known
        (
            "Two days after the storm, crews came on Monday and the mayor came on Wednesday.",
            ["March 10, 2025", "March 12, 2025"],
        ),
        # a comparison or a vague count names no day
        ("The strike began on Monday, two days later than planned.", ["March 10, 2025"]),
        ("Repairs started on Monday, within 30 days after the flood.", ["March 10, 2025"]),
        # the event already has its day
        (
            "Four days after the storm hit on Monday, the town began pumping on Friday.",
            ["March 10, 2025", "March 14, 2025"],
        ),
    ],
)
def test_an_offset_without_one_clear_day_stays_as_written(sentence, days):
    assert [label for _, label in resolve(sentence, "2025-03-14")] == days  # a Friday


def test_an_offset_day_is_a_resolved_day_and_a_month_is_not():
    from rag.relative_dates import resolved_days

    said = "Four days after the storm hit the wall, the town began pumping on Friday, last month."
    assert resolved_days(said, "2025-03-14") == {"March 10, 2025", "March 14, 2025"}


@pytest.mark.parametrize(
    ("sentence", "ahead"),
    [
        ("The rezoning was approved last month.", False),
        ("The ban ends this month.", True),  # later in the article's month, perhaps
        ("Talks were arranged for Monday.", True),
    ],
)
def test_relative_months_and_arranged_days_may_be_ahead(sentence, ahead):
    assert may_be_ahead(sentence, "2021-12-15") is ahead


@pytest.mark.parametrize(
    ("sentence", "before", "dated"),
    [
        # a sentence without a day of its own counts from the day of the sentence before
        ("A day earlier, talks collapsed.", "Drivers walked out on Monday. ", "(November 2, 2025)"),
        ("Talks had collapsed a day earlier.", "They walked out on Monday.", "(November 2, 2025)"),
        (
            "Pay was offered the previous week.",
            "Drivers walked out on Monday, the union said on Tuesday.",
            "week (the week before November 3, 2025)",
        ),
        # several days before, or none: which one is not known
        ("A day earlier, talks collapsed.", "They struck on Monday and Tuesday.", None),
        ("A day earlier, talks collapsed.", "", None),
        # the sentence's own day comes first
        (
            "On Friday, a day after the strike began, talks resumed.",
            "On Monday, ...",
            "began (October 30, 2025)",
        ),
    ],
)
def test_an_offset_may_count_from_the_sentence_before(sentence, before, dated):
    said = with_dates(sentence, "2025-11-06", before)  # a Thursday
    if dated is None:
        assert said == sentence
    else:
        assert dated in said
    # the same text read whole (as the citation check reads a passage) dates it alike
    whole = f"{before} {sentence}".strip()
    days = {label for end, label in resolve(whole, "2025-11-06") if end > len(before) + 1}
    assert days == {label for _, label in resolve(sentence, "2025-11-06", before)}


@pytest.mark.parametrize(
    ("sentence", "day"),
    [
        # a perfect reaches the moment of speaking: what it set lasts until a day ahead
        ("The company has suspended all sailings until Wednesday.", "September 16, 2026"),
        ("The schools have been closed until Thursday.", "September 17, 2026"),
        # "had" in what someone said is the present perfect told in the past
        (
            "Ms Orme apologised and said the company had suspended all sailings until Wednesday"
            " while it inspected its second vessel.",
            "September 16, 2026",
        ),
        # a plain past, or a past perfect no one reports, stays behind
        ("He was held in custody until Wednesday, when he was released.", "September 9, 2026"),
        ("The court had adjourned the case until Friday.", "September 11, 2026"),
        ("The schools have been closed since Thursday.", "September 10, 2026"),
    ],
)
def test_until_after_a_perfect_is_ahead(sentence: str, day: str) -> None:
    assert [label for _, label in resolve(sentence, "2026-09-14")] == [day]


@pytest.mark.parametrize(
    ("sentence", "day"),
    [
        # "would" is what was to come when it was said
        ("Meridian said services would run normally on Saturday.", "March 16, 2024"),
        (
            'Moyle said the rest would have to wait "until Tuesday at the earliest".',
            "March 19, 2024",
        ),
        # "would have" + participle is what did not happen, on a day gone by
        ("Without the rain, the fire would have reached the town on Monday.", "March 11, 2024"),
    ],
)
def test_would_looks_ahead_but_would_have_done_does_not(sentence: str, day: str) -> None:
    assert [label for _, label in resolve(sentence, "2024-03-14")] == [day]
