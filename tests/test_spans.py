"""Answer spans: a chosen sentence trimmed to the clause that answers, still checkable."""

import re

import pytest

from rag.answering.extractive import ExtractiveAnswerer
from rag.answering.spans import answer_span, lead_span, unquoted
from rag.answering.speakers import attributes
from rag.citations import parse_sentences, supports
from rag.passages import Passage

WHO = (
    "The delegation included Anna Petrova and Mark Jensen, who both served in the cabinet "
    "before the election and later led the party's campaign in the north."
)
WHEN = (
    "The treaty was signed in March 2019, which ended a decade of talks that had stalled twice "
    "over the border and the sharing of the river's water."
)
COUNT = (
    "Officials said 37 people were injured in the blast at the depot; the cause is still being "
    "investigated by police and fire crews from three districts."
)
SAID = "Exports to the region grew by 26 percent last year, Li Wei, a spokesman, said on Monday."
QUOTE = (
    '"We will not accept any deal, which would weaken our farmers, and we will say so '
    'at the talks in Geneva," the minister told reporters, while protests continued outside.'
)
PASSAGE = " ".join([WHO, WHEN, COUNT, SAID, QUOTE, "The plant employs 1,900 people in the town."])


def _span(sentence: str, question: str) -> str:
    return answer_span(sentence, question, PASSAGE)


def _verbatim(span: str, sentence: str) -> bool:
    """The span is a contiguous piece of the sentence, "…" marking where its end was cut."""
    return span.removesuffix("…").rstrip('”"’)') in sentence


@pytest.mark.parametrize(
    ("sentence", "question", "kept", "dropped"),
    [
        (WHO, "Who was in the delegation?", ["Anna Petrova", "Mark Jensen"], "campaign"),
        (WHEN, "When was the treaty signed?", ["March 2019"], "decade"),
        (COUNT, "How many people were injured in the blast?", ["37 people"], "investigated"),
    ],
)
def test_a_typed_question_keeps_the_asked_type_and_drops_the_rest(
    sentence, question, kept, dropped
):
    span = _span(sentence, question)
    assert all(k in span for k in kept)
    assert dropped not in span
    assert len(span.split()) < len(sentence.split())
    assert _verbatim(span, sentence) and span.endswith("…")


def test_the_span_is_still_accepted_by_the_citation_check():
    for sentence, question in [
        (WHO, "Who was in the delegation?"),
        (WHEN, "When was the treaty signed?"),
        (COUNT, "How many people were injured in the blast?"),
        (SAID, "By how much did exports to the region grow?"),
    ]:
        span = _span(sentence, question)
        assert span != sentence
        assert supports(span, PASSAGE, None)


def test_a_span_the_check_would_reject_is_never_returned():
    # cited against a passage that does not say it, no trimmed span passes: the whole sentence
    assert answer_span(WHEN, "When was the treaty signed?", "Rain is expected on Friday.") == WHEN


def test_a_quotation_is_never_cut_mid_way():
    for question in ["What did the minister say about the deal?", "What would weaken farmers?"]:
        span = _span(QUOTE, question)
        assert span.count('"') % 2 == 0
        assert "Geneva" in span  # the quotation's end: its ", which" and ", and" are no cuts


def test_the_attribution_stays_when_the_question_asks_who_said_it():
    assert "Li Wei" in _span(SAID, "Who said that exports grew by 26 percent?")
    assert "Li Wei" in _span(SAID, "What did the spokesman say about exports?")
    dropped = _span(SAID, "By how much did exports to the region grow?")
    assert "26 percent" in dropped and "Li Wei" not in dropped


@pytest.mark.parametrize(
    ("sentence", "question"),
    [
        ("The plant employs 1,900 people in the town.", "How many people work at the plant?"),
        # the only cut would drop the names asked for
        ("The ministry named a new envoy, who is Anna Petrova of the trade office.", "Who is "
         "the new envoy?"),
        # a dash that opens a pair: cutting there would drop the verb
        ("The president — whose delegation includes senior officials — was welcomed in the "
         "capital with full honours on Thursday.", "How was the president welcomed?"),
        # a cut that would leave fewer than six words
        ("Anna Petrova won, which surprised many of the observers in the capital.", "Who won?"),
    ],
)  # fmt: skip
def test_the_whole_sentence_when_no_cut_is_safe(sentence, question):
    assert answer_span(sentence, question, sentence) == sentence


def test_an_open_question_keeps_the_clause_after_its_terms():
    # "what boost": the answer is the clause after the one the question's words are in
    sentence = (
        "The minister hailed the new agreement, which was signed on Thursday, saying it would "
        "double the trade in grain within five years."
    )
    span = answer_span(
        sentence, "What boost did the minister say the agreement would give?", sentence
    )
    assert "double the trade" in span


def test_the_extractive_answer_cites_trimmed_spans_the_checker_accepts(pipeline):
    passage = Passage("id-1", PASSAGE, "a.txt", "T", "2024-05-16", 1.0, {"dense": 1, "bm25": 1})
    answerer = ExtractiveAnswerer(pipeline.embedder)
    answer = answerer.answer("How many people were injured in the blast?", [passage])
    sentences = parse_sentences(answer)
    assert sentences and "37 people" in answer and "investigated" not in answer
    for text, cited in sentences:
        assert cited == [1]
        assert any(_verbatim(text, s) for s in re.split(r"(?<=[.;])\s", PASSAGE))
        assert supports(text, PASSAGE, None, "2024-05-16")
    checked = pipeline.answer_passages("How many people were injured in the blast?", [passage])
    assert checked.sentences and all(s.supported for s in checked.sentences)


def test_a_leading_setting_and_a_trailing_participle_go_unless_they_hold_the_asked_type():
    sentence = (
        "On Friday, Mayor Anna Petrova approved 12 new flood gates for the harbour district, "
        "ending a dispute that had lasted for most of the decade."
    )
    count = answer_span(sentence, "How many flood gates did the mayor approve?", sentence)
    assert count == "Mayor Anna Petrova approved 12 new flood gates for the harbour district…"
    when = answer_span(sentence, "When did the mayor approve the flood gates?", sentence)
    assert when.startswith("On Friday, Mayor") and "dispute" not in when


def test_a_full_date_opening_the_sentence_is_no_setting_to_cut_at_its_comma():
    dated = "On March 3, 1999, the river rose by four metres after days of heavy rain upstream."
    for question in ("When did the river rise?", "How much did the river rise?"):
        assert not answer_span(dated, question, dated).startswith("1999")
    counted = "On Friday, 200 people were evacuated from the flooded district near the river."
    assert answer_span(counted, "How many people were evacuated?", counted).startswith("200 ")


def test_a_participle_that_reports_speech_is_kept_for_an_open_question():
    sentence = (
        "The minister praised the new agreement with the port authority, saying it would "
        "double the grain trade within five years."
    )
    span = answer_span(sentence, "What did the minister expect from the agreement?", sentence)
    assert "double the grain trade" in span


def test_semicolons_that_separate_list_items_are_no_cuts():
    sentence = (
        "The board included Anna Petrova, the chair; Mark Jensen, the treasurer; and Li Wei, "
        "the secretary of the association."
    )
    assert answer_span(sentence, "Who was on the board?", sentence) == sentence


def test_a_semicolon_list_is_not_cut_before_its_last_item():
    sentence = (
        "Officers named them as Ana Ruiz, 70, who was found in her flat on Dock Street; Tom "
        "Hale, 41, whose car left the road; and Li Wei, 29, a volunteer who died in hospital."
    )
    span = answer_span(sentence, "Who were the people killed in the storm?", sentence)
    assert "Li Wei" in span


def test_what_a_quotation_s_attribution_says_outside_it():
    said = (
        "“We should worry less about the parts than about the larger pattern this visit "
        "shows,” said Mara Tull, a fellow at the Lowy Institute in Sydney."
    )
    assert unquoted(said) == "said Mara Tull, a fellow at the Lowy Institute in Sydney"
    # words quoted here and there are no quotation with its attribution
    scattered = (
        'The Kremlin said the two would "define key areas of cooperation" during talks on the '
        '"comprehensive partnership" between their nations.'
    )
    assert unquoted(scattered) is None
    # a sentence that is mostly its own words, or leaves too little outside, has none
    assert unquoted('Putin praised Xi for building a "strategic partnership" with Russia.') is None
    assert unquoted("“We will meet again next year in Beijing, in person,” he said.") is None


def test_who_a_quoted_speaker_is_is_answered_by_the_attribution_alone():
    said = (
        "“Three cases in 600 patients is not a number you can wave away,” said Dr. Lars "
        "Heidecker, a pharmacologist at the Charité hospital in Berlin."
    )
    passage = f"The trial ended in May. {said}"
    where = answer_span(said, "Where does Lars Heidecker work?", passage)
    assert where == "… said Dr. Lars Heidecker, a pharmacologist at the Charité hospital in Berlin."
    assert supports(where, passage, None)
    # a question about what was said keeps the quotation
    what = answer_span(said, "What did Lars Heidecker say about the cases?", passage)
    assert "wave away" in what
    # a quotation that opens no attribution ("“Close coordination” between them ... is") stays
    subject = (
        "“Close strategic coordination” between the two countries, as a spokesman put it this "
        "week, is essential in a turbulent world."
    )
    kept = answer_span(subject, "What did the spokesman call essential?", subject)
    assert kept.startswith("“Close strategic coordination”")


def test_only_a_quotation_before_its_speaker_has_an_attribution():
    assert attributes("said Dr. Lars Heidecker, a pharmacologist")
    assert attributes("Mr. Putin told Mr. Xi.")
    assert not attributes("between the two countries, as a spokesman put it")


def test_a_count_question_keeps_a_second_figure_of_the_asked_thing():
    sentence = ("The company says a driver's basic salary is £64,000 a year; the union says that "
                "figure includes overtime and that the average basic pay is closer to £59,000.")  # fmt: skip
    question = "How much does a driver actually earn?"
    assert answer_span(sentence, question, sentence) == sentence
    # a number word is no figure to keep a clause for
    signed = ("Northgate completed the signing of the striker on Friday for a fee of €74 million, "
              'completing a window in which the manager had demanded a "genuine number nine".')  # fmt: skip
    assert "nine" not in answer_span(signed, "How much did Northgate pay for him?", signed)


def test_a_count_in_other_words_keeps_its_figures():
    """To "how many properties", a sentence counting "homes and businesses" is the other
    report's count: a span that cut its figure would hide it."""
    sentence = ("A storm surge poured over the flood wall late on Monday, flooding about 600 homes "
                "and businesses in the low-lying streets around the old harbour.")  # fmt: skip
    span = answer_span(sentence, "How many properties did the flood hit?", sentence)
    assert "600" in span


LEAD = (
    "The mayor toured the flooded district with a small team that reflected the city's worry "
    "about the spring rains and the cost of the repairs still ahead."
)
THEY = "They included Ruth Adeyemi, the city engineer, and Tomas Berg, the head of parks."
PAIR = f"{LEAD} {THEY}"


def test_a_lead_kept_for_its_antecedent_ends_before_its_relative_clause():
    span = lead_span(LEAD, "Which officials were in the group?", PAIR, None, THEY)
    assert span == "The mayor toured the flooded district with a small team…"
    assert supports(span, PAIR, None)


@pytest.mark.parametrize(
    ("lead", "question"),
    [
        (LEAD, "What worried the city about the spring rains?"),  # terms only the lead holds
        (LEAD.replace("a small team", "a team of 12"), "How many officials were in the group?"),
    ],
)
def test_a_lead_that_holds_what_the_pair_answers_is_trimmed_as_any_sentence(lead, question):
    passage = f"{lead} {THEY}"
    span = lead_span(lead, question, passage, None, THEY)
    assert span == answer_span(lead, question, passage)
    assert "worry" in span or "12" in span


@pytest.mark.parametrize(
    "sentence",
    [
        "Officials at the ministry said that the two banks had halted all transfers last week.",
        "The report warned that the two banks had halted all transfers last week.",
    ],
)
def test_a_clause_a_verb_takes_is_no_relative_clause_to_cut(sentence):
    after = "They will resume in May."
    span = lead_span(sentence, "When will transfers resume?", f"{sentence} {after}", None, after)
    assert span == sentence


def test_a_typed_question_may_end_before_a_relative_clause_without_its_comma():
    sentence = (
        "The board named Anna Petrova as the new chair of the company that runs the port, "
        "its two ferries and the container terminal on the river."
    )
    span = answer_span(sentence, "Who did the board name as chair?", sentence)
    assert span == "The board named Anna Petrova as the new chair of the company…"
    # an open question keeps it after the clause holding its terms: what the company does may
    # be the answer; so does one typed by a word ("price") that asks for a clause
    assert answer_span(sentence, "What does the company do?", sentence) == sentence
    assert answer_span(sentence, "What's the catch in its price?", sentence) == sentence


def test_a_clause_a_verb_takes_is_kept_for_a_typed_question():
    sentence = "Anna Petrova, the port's chair, said that the ferries would stop running in May."
    assert "May" in answer_span(sentence, "Who said the ferries would stop?", sentence)
    assert answer_span(sentence, "When will the ferries stop?", sentence) == sentence


def test_a_question_opening_on_what_month_asks_for_its_type_up_front():
    sentence = "The council approved the plan in August 2025, after four hearings that drew crowds."
    span = answer_span(sentence, "In what month did the council approve the plan?", sentence)
    assert span == "The council approved the plan in August 2025, after four hearings…"


def test_an_open_question_may_end_before_a_later_relative_clause():
    sentence = (
        "The flood wall failed because its base had been worn away by storms that battered the "
        "coast for years, and by the waves that the council's engineers had long measured."
    )
    span = answer_span(sentence, "Why did the flood wall fail?", sentence)
    # the relative clause right after the question's terms stays: it may be the answer
    assert span == (
        "The flood wall failed because its base had been worn away by storms that battered the "
        "coast for years, and by the waves…"
    )


def test_a_when_question_keeps_every_day_the_sentence_dates_things_by():
    """Cut after "on Friday", the answer would date the finding by the day the man was named."""
    sentence = (
        "The man who died was named on Friday as Walter Greaves, 68, who was found in his car "
        "on Ridgeline Road on Wednesday."
    )
    span = answer_span(sentence, "On what date was Walter Greaves found in his car?", sentence)
    assert "Wednesday" in span
    said = "The wall gave way late on Monday, flooding 600 homes, police said on Tuesday."
    assert "Tuesday" not in answer_span(said, "When did the wall give way?", said)
    one_day = "The harbour bridge reopened to traffic on Friday, allowing the ferries to stop."
    assert answer_span(one_day, "When did the harbour bridge reopen?", one_day) == (
        "The harbour bridge reopened to traffic on Friday…"
    )
