"""Faithful paraphrases the support rule accepts, and the perturbations it still rejects
(issue 13e): shares said as "N in ten", bounds said another way, initials in a full name's
place, a name joined of names the passages write apart. Offline, without MiniLM."""

from __future__ import annotations

import numpy as np

from rag.checker_eval import name_variants, remove_negation, unsupported
from rag.date_variants import date_variants
from rag.evaluation import GoldItem
from rag.store import StoredChunk
from rag.support import Quantity, judge, quantities
from rag.support.dates import _dated_figures
from rag.support.slots import in_place


def supported(sentence: str, passages: list[str]) -> bool:
    return judge(sentence, passages, None).supported


def test_a_share_said_as_n_in_ten_is_a_percentage():
    assert quantities("seven in ten voters") == [Quantity("", 70.0, True)]
    assert quantities("one in five trains") == [Quantity("", 20.0, True)]
    assert quantities("over nine in ten payments") == quantities("more than 90 % of payments")
    assert quantities("3 out of 10") == [Quantity("", 30.0, True)]
    assert quantities("27 in 34 games")[0].value == 27  # a count, not a share
    assert quantities("one of the clubs") == []  # "one" counts only as a share's part
    poll = ["Some 70 percent of Velorians now trust the council, a survey by Orvik found."]
    assert supported("Seven in ten Velorians now trust the council, Orvik found.", poll)
    assert not supported("Eight in ten Velorians now trust the council, Orvik found.", poll)
    trains = ["The operator ran roughly one in five of its usual trains on Thursday."]
    assert supported("The operator ran around 20 percent of its usual trains on Thursday.", trains)
    assert not supported(
        "The operator ran around 25 percent of its usual trains on Thursday.", trains
    )


def test_as_many_as_is_an_upper_bound():
    assert quantities("as many as 5,000 workers") == quantities("up to 5,000 workers")
    site = ["Construction is expected to employ as many as 5,000 workers at its peak in 2027."]
    assert supported("Construction will employ up to 5,000 workers at its 2027 peak.", site)
    assert not supported("Construction will employ more than 5,000 workers at its 2027 peak.", site)


def test_a_figure_with_a_thousands_comma_is_no_year():
    assert quantities("employ 1,900 people") == quantities("nineteen hundred people")
    assert quantities("by 1900, and in 2021, too") == []  # years, even before a comma
    plant = ["The plant will employ 1,900 people when it opens in 2028."]
    assert supported("The plant will give jobs to nineteen hundred people when it opens.", plant)
    assert not supported("The plant will give jobs to two thousand people when it opens.", plant)


def test_initials_in_place_of_the_full_name_are_no_swap():
    passage = ["The statement calls on the United States not to arm its allies in Asia."]
    assert supported("It urged the US not to arm its allies in Asia.", passage)
    passage += ["The United Kingdom said nothing."]
    assert not supported("It urged the UK not to arm its allies in Asia.", passage)


def test_a_name_joined_of_names_written_apart_in_one_sentence():
    passages = [
        "Tomas Vrba, a professor at Kessling University's School of Marine Studies, said the "
        "harbour would close. Mayor Ilse Korn opened the fair."
    ]
    assert supported(
        "Tomas Vrba of the School of Marine Studies said the harbour would close.", passages
    )
    # two words no passage has are a name of their own, not a spelling variant of one
    assert not supported(
        "Anna Holm of the School of Marine Studies said the harbour would close.", passages
    )
    # each part is mentioned, but in another sentence: no tie between them
    assert not supported(
        "Ilse Korn of the School of Marine Studies said the harbour would close.", passages
    )


def _chunk(text: str) -> StoredChunk:
    return StoredChunk("a#0", text, {"source": "a.txt"})


def test_the_benchmark_holds_initials_and_figures_in_words():
    chunk = _chunk("Some 70 percent of Velorians trust the United States, a poll found.")
    item = GoldItem(id="x", question="q?", answer="Seven in ten Velorians trust the US.",
                    facts=[["70 percent", "seven in ten"]], sources=["a.txt"], answerable=True, kind="lookup")  # fmt: skip
    assert unsupported(item, [chunk]) == []
    wrong = GoldItem(id="y", question="q?", answer="Seven in ten Velorians trust the EU.",
                     facts=[["70 percent"]], sources=["a.txt"], answerable=True, kind="lookup")  # fmt: skip
    assert unsupported(wrong, [chunk]) == ["eu"]


def test_stress_variants_change_every_date_and_name_several_ways():
    text = "In March 2024, Lina Broch met Piet Vos on a Friday."
    changed = [t for _, t in date_variants(text)]
    assert len(changed) == 9 and len(set(changed)) == 9 and text not in changed
    assert "In April 2024, Lina Broch met Piet Vos on a Friday." in changed
    assert "In March 2023, Lina Broch met Piet Vos on a Friday." in changed
    corpus = ["Anna Holm", "Erik Sand", "Olaf Dahl", "Kessling", "Orvik"]
    swapped = name_variants("k", text, corpus)
    assert len(swapped) == 6 and all(text != s for s in swapped)
    assert all("Lina Broch" in s or "Piet Vos" in s for s in swapped)  # one name at a time
    opening = name_variants("k", "Kessling met Piet Vos.", corpus)
    assert len(opening) == 4 and "Orvik met Piet Vos." in opening  # one other one-word name
    assert len(name_variants("k", "Trade met Piet Vos.", corpus)) == 3  # an opener, no name


def test_initials_without_dots_are_the_dotted_ones():
    passage = ["Velmor will ask the U.S. Food and Drug Administration to approve the drug."]
    assert supported("Velmor will ask the US FDA to approve the drug.", passage)
    assert not supported("Velmor will ask the UK FDA to approve the drug.", passage)


def test_a_name_between_the_same_words_as_another_is_a_swap_however_built():
    meeting = ["Officials gave no account of the meeting, which the Ministry said lasted an hour."]
    meeting += ["Anna Holm spoke later."]
    assert supported("The Ministry said the meeting lasted an hour.", meeting)
    assert not supported("The Holm said the meeting lasted an hour.", meeting)
    drills = ["Their navies have held drills, including near Orvik and Kessling, the island."]
    drills += ["Velmor is far away."]
    assert supported("Near Orvik and Kessling.", drills)
    assert not supported("Near Velmor and Kessling.", drills)
    aide = ["Piet Vos told Erik Sand the talks went well, according to a Ministry aide, Ilse Korn."]
    assert supported("Ilse Korn, a Ministry aide.", aide)
    assert not supported("Ilse Korn, a Vos aide.", aide)  # named there, but not as the aide
    # a list shares its words: `the head of Roscosmos` beside `the heads of Rosatom ... and
    # Roscosmos` names one of the listed heads
    heads = ["Others with him included the heads of Rosatom, the nuclear company, and Roscosmos."]
    assert supported("He travelled with the head of Roscosmos.", heads)


class Synonyms:
    """A fake embedder under which `especially` and `particularly` mean the same and `higher` and
    `lower` nearly so (0.8, below SYNONYM); every other text is unlike every other."""

    name = "synonyms"

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}

    def embed(self, texts: list[str]) -> np.ndarray:
        rows = np.zeros((len(texts), 64), dtype=np.float32)
        for k, t in enumerate(texts):
            if t in ("especially", "particularly"):
                rows[k, 0] = 1.0
            elif t == "higher":
                rows[k, 1] = 1.0
            elif t == "lower":
                rows[k, 1], rows[k, 2] = 0.8, 0.6  # cosine 0.8 with `higher`
            else:
                rows[k, 3 + self.seen.setdefault(t, len(self.seen)) % 61] = 1.0
        return rows


def test_a_word_near_a_synonym_of_an_evidence_word_is_held():
    passage = ["A feature that makes the vessels particularly brittle to stumble on."]
    assert judge("It makes the vessels especially hard to find.", passage, Synonyms()).supported
    apart = ["Particularly brittle to stumble on: a feature of the vessels it makes."]
    assert judge("It makes the vessels especially hard to find.", apart, Synonyms()).supported
    assert not judge("It makes the vessels especially hard to find.", apart, None).supported
    # one held term of four, two with a synonym: enough; a near-antonym is no synonym
    boats = ["The vessels were particularly quiet."]
    assert judge("The vessels are especially, experts find.", boats, Synonyms()).supported
    boats = ["The vessels were lower."]
    assert not judge("The vessels are higher, experts find.", boats, Synonyms()).supported


def test_a_figure_keeps_the_date_later_in_its_evidence_clause():
    trade = ["Trade reached a record €61 billion in two-way business between the two in 2024, "
             "up from €52 billion in 2023."]  # fmt: skip
    assert supported("It was €52 billion in 2023, before €61 billion in 2024.", trade)
    assert not supported("It was €52 billion in 2023, before €61 billion in 2023.", trade)
    # a date past the clause's end is no longer the figure's
    assert _dated_figures("Trade hit €61 billion, the most since talks began in 2019.", 60) == []
    assert _dated_figures("Trade hit €61 billion last year in 2019.", 60)[0][1] == "2019"


def test_a_name_before_the_same_relative_clause_as_another_is_a_swap():
    quote = ["There was a touch of disdain aimed at Orvik, which has been pressing Kessling to "
             "withdraw. Velmor signed later."]  # fmt: skip
    assert supported("It carried disdain for Orvik, which has been pressing Kessling.", quote)
    assert not supported("It carried disdain for Velmor, which has been pressing Kessling.", quote)


def test_a_country_in_its_nationality_words_place_is_no_swap():
    envoy = [
        "Ada Lund, the American envoy for trade, was in Orvik on Monday for talks. U.S. aid grew."
    ]
    assert supported("Ada Lund, the US envoy for trade, was in Orvik on Monday.", envoy)
    officials = ["On Monday, Russian officials presented a plan. Kessling and India were silent."]
    assert supported("On Monday, Russia's officials presented a plan.", officials)
    assert not supported("On Monday, India's officials presented a plan.", officials)


def test_the_stress_run_counts_and_lists_what_gets_through():
    from rag.checker_eval import format_stress, stress_cases

    own = StoredChunk("a#0", "In March 2024, Lina Broch met Piet Vos in Kessling for talks.",
                      {"source": "a.txt"})  # fmt: skip
    other = StoredChunk("b#0", "The harbour of Orvik was closed for repairs by Anna Holm last "
                        "week. Erik Sand opened the new bridge over the river in Velmor.",
                        {"source": "b.txt"})  # fmt: skip
    item = GoldItem(id="s1", question="Who met in March 2024?",
                    answer="In March 2024, Lina Broch met Piet Vos in Kessling.",
                    facts=[["Piet Vos"]], sources=["a.txt"], answerable=True, kind="lookup")  # fmt: skip
    cases = stress_cases([item], [own, other])
    kinds = {c.kind for c in cases}
    assert kinds == {"date_changed", "name_swapped", "roles_swapped", "unrelated_sentence"}
    # Piet Vos and Kessling trade places (Lina Broch met Piet Vos: no roles to trade)
    roles = [c.answer for c in cases if c.kind == "roles_swapped"]
    assert roles == ["In March 2024, Lina Broch met Kessling in Piet Vos. [1]"]
    assert sum(c.kind == "date_changed" for c in cases) == 6  # March and 2024, three ways each
    assert {c.way for c in cases if c.kind == "date_changed"} == {"month", "year"}
    assert all(c.answer.endswith("[1]") for c in cases)  # cited to the holding chunk
    shown = format_stress([(c, c.kind == "date_changed") for c in cases])
    assert "stress date_changed         accepted 6/6" in shown
    assert "stress name_swapped         accepted 0/" in shown
    assert "stress roles_swapped        accepted 0/1" in shown
    assert shown.count("\n  date_changed/") == 6
    assert "  by month                  accepted 3/3" in shown


def test_stress_dates_are_changed_the_ways_a_model_gets_them_wrong():
    def ways(text: str) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for way, changed in date_variants(text):
            found.setdefault(way, []).append(changed)
        return found

    full = ways("Lina Broch arrived on Thursday, May 16, 2024, for talks.")
    assert "Lina Broch arrived on Thursday, May 17, 2024, for talks." in full["day"]
    assert full["ordinal"] == ["Lina Broch arrived on Thursday, May 17th, 2024, for talks."]
    assert "Lina Broch arrived on Thursday, 2024-05-17, for talks." in full["numeric"]
    assert "Lina Broch arrived on Thursday, 17/05/2024, for talks." in full["numeric"]
    assert "Lina Broch arrived on Thursday, early May 2024, for talks." in full["part"]
    assert "Lina Broch arrived on Friday, May 16, 2024, for talks." in full["weekday"]
    relative = ways("Yesterday the mill closed; it reopens next week, as it did last year.")
    assert relative["relative"] == [
        "Tomorrow the mill closed; it reopens next week, as it did last year.",
        "Yesterday the mill closed; it reopens last week, as it did last year.",
        "Yesterday the mill closed; it reopens next week, as it did next year.",
        "Yesterday the mill closed; it reopens next week, as it did this year.",
    ]
    assert ways("The ferry ran in early May.")["part"] == ["The ferry ran in late May."]
    clauses = ways("Exports fell in March, and imports rose in April.")["clause"]
    assert clauses == ["Exports fell in April, and imports rose in March."]
    assert "clause" not in ways("Exports fell in March and April.")  # a list, one clause


def test_words_about_the_reports_are_no_claim():
    reports = [
        "Storm surge leaves at least four dead, police said on Tuesday.",
        "The flooding killed three people, police confirmed on Thursday.",
    ]
    assert supported(
        "Accounts differ: the first report said at least four; the follow-up says police "
        "confirmed three deaths.",
        reports,
    )
    assert not supported(
        "Accounts differ: the first report said at least five; the follow-up says police "
        "confirmed three deaths.",
        reports,
    )
    assert not supported(
        "Reports differ: one says the mayor resigned; another says the council met.", reports
    )


def test_a_negated_opinion_negates_what_it_introduces():
    quote = [
        "“I do not think they are yet at a point where Velmar would endorse any military "
        "action,” said Ana Quell, a professor at Orvik University."
    ]
    assert supported(
        "Ana Quell said Velmar was not yet at a point where it would endorse any military action.",
        quote,
    )
    assert not supported(
        "Ana Quell said Velmar was at a point where it would endorse any military action.", quote
    )


def test_a_negation_of_what_a_report_said_negates_the_claim_not_the_report():
    reports = [
        "A plan to raise the wall, at an estimated cost of £62 million, was shelved when the "
        "council said it could not find its share of the money.",
        "Council documents show that the plan would have cost £85 million.",
    ]
    said = "Reports differ: £62 million was {}the first report's estimate; council documents later showed £85 million."
    assert supported(said.format(""), reports)
    assert not supported(said.format("not "), reports)


def test_a_no_that_answers_the_question_negates_no_claim():
    said = ["Velmar officials did not immediately make public their own version of the meeting."]
    assert supported("No, Velmar officials did not immediately make public their version.", said)
    assert not supported("No, Velmar officials did immediately make public their version.", said)
    assert remove_negation("No, they did not sign.") == "No, they did sign."


def test_words_in_the_places_of_a_stretch_that_follows_the_evidence_word_for_word_are_held():
    passage = ["Its school is easiest recognized for its analysis of rockets, missiles and "
               "length generation, experts say."]  # fmt: skip
    assert supported("It is best known for research on rockets, missiles and space technology.",
                     passage)  # fmt: skip
    # one word in another's place ties nothing; nor a stretch the sentence adds words to
    assert not supported("There are limits to this united front.",
                         ["Efforts to rebuild ties with the United States, analysts said."])  # fmt: skip
    assert in_place("Accessing American technology and taking part in academic exchanges.",
                    {"technology", "tak", "part", "academic"},
                    ["It bars gaining access to American generation and collaborating in "
                     "instructional exchanges."]) == {"technology", "tak", "part", "academic"}  # fmt: skip
    # a clause the answer puts first is aligned apart
    assert in_place("Because of its ties, it bars access to American technology and taking part "
                    "in academic exchanges.", {"technology", "academic"},
                    ["It bars gaining access to American generation and collaborating in "
                     "instructional exchanges because of its ties."]) == {"technology", "academic"}  # fmt: skip
    # words swapped one for one are as many places
    council = ["It is symbolic, said Markus Garlauskas, a safety skilled on the Atlantic Council."]
    assert in_place("He is a security expert at the Atlantic Council.", {"security", "expert"},
                    council) == {"security", "expert"}  # fmt: skip
    lavrov = ["Moscow wants efforts to establish a more fair and democratic world order."]
    assert in_place("We formulate a more just and democratic multipolar world order.",
                    {"formulat", "just"}, lavrov) == set()  # fmt: skip


def test_the_one_word_a_long_name_misses_is_a_variant_in_its_place():
    wishnick = ["Arms sales slowed, said Elizabeth Wishnick, a senior research scientist at the "
                "Heart for Naval Analyses in Virginia."]  # fmt: skip
    assert supported("At the Center for Naval Analyses in Virginia.", wishnick)
    assert not supported("At the Center for Elizabeth Wishnick in Virginia.", wishnick)


def test_a_name_in_parentheses_after_a_full_name_is_one_a_passage_sentence_puts_beside_it():
    passages = ["Alexander Gabuev, director of the Carnegie Russia Eurasia Center, said so.",
                "Putin toured the Harbin Institute of Technology."]  # fmt: skip
    assert supported("Alexander Gabuev (Carnegie Russia Eurasia Center) said so.", passages)
    assert not supported("Alexander Gabuev (Harbin) said so.", passages)
    # after one word, a parenthesis credits an outlet for the claim
    assert supported("Putin toured the institute in Harbin (Carnegie).", passages)
