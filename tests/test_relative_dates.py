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
    ],
)
def test_relative_days_resolve_against_the_article_date(sentence, published, dated):
    assert dated in with_dates(sentence, published)


def test_nothing_to_resolve_leaves_the_sentence_alone():
    assert with_dates("They met on Wednesday.", None) == "They met on Wednesday."
    assert with_dates("The vote on Sunday, May 12, was close.", "2024-05-16").endswith("close.")
    assert resolve("They may meet in the spring.", "2024-05-16") == []


@pytest.mark.parametrize(
    ("sentence", "ahead"),
    [
        ("Before Wednesday's call, Rogozin said the station would be built.", False),
        ("The plant opened in 2019.", False),
        ("“We will meet in February of next year,” he said.", True),
        ("The station is due to open in 2030.", True),
        ("The vote will take place on Friday.", True),  # the Friday after that Wednesday
        ("Talks are expected in June.", True),  # a month alone may be either
    ],
)
def test_a_sentence_may_speak_of_a_time_after_its_article(sentence, ahead):
    assert may_be_ahead(sentence, "2021-12-15") is ahead  # a Wednesday
    assert may_be_ahead(sentence, None)  # without a date, any time may be ahead
