"""A person's name told from a place's or an event's by the cues around it (rag/persons.py)."""

from rag.answering.questions import has_answer_type
from rag.persons import cues, is_body, is_person
from rag.support.roles import person_placed

TEXT = (
    "LUNDMERE, Norland — Glen Harker, a soybean farmer, opposes the plant. "
    "The company is building it in Lundmere, near the Vessel River. "
    '"We were never asked," Harker said. Officials in Varno said little. '
    "Varno said on Friday it would review the permit."
)


def test_titles_and_speech_mark_persons() -> None:
    assert is_person("Putin", "Mr. Putin arrived on Thursday.") is True
    assert is_person("Ruth Adeyemi", "Mayor Ruth Adeyemi welcomed the inquiry.") is True
    assert is_person("Ana Ruiz", "“It is late,” said Ana Ruiz.") is True


def test_places_and_events_are_no_persons() -> None:
    assert is_person("Storm Hesper", "Storm Hesper flooded the town.") is False
    assert is_person("Quayside", "It went over the Quayside flood wall.") is False
    assert is_person("Lundmere", "Lundmere grew.", TEXT) is False


def test_surname_takes_the_cues_of_the_text() -> None:
    assert is_person("Harker", "Harker farms there.", TEXT) is True
    assert "harker" in cues(TEXT).people


def test_both_cues_or_none_tell_nothing() -> None:
    assert is_person("Varno", "Varno agreed.", TEXT) is None  # "in Varno", "Varno said"
    assert is_person("Orla", "Orla grew.") is None


def test_who_prefers_sentences_naming_persons() -> None:
    question = "Which officials were quoted about the flood?"
    lede = "A surge driven by Storm Hesper poured over the Quayside flood wall late on Monday."
    quoted = "Mayor Ruth Adeyemi welcomed the inquiry, and Mr. Hadley said it was overdue."
    assert has_answer_type("who", lede, question) == 0.0
    assert has_answer_type("who", quoted, question) == 1.0
    # a body asked for keeps counting names of bodies
    body = "Which news agency reported the flood first?"
    assert has_answer_type("who", "The Coastal Herald reported it.", body) > 0


def test_a_person_put_in_a_places_role() -> None:
    passages = (
        "Mr. Varga arrived in Lundmere on Thursday. Ilse Korn, an analyst at the Orr Institute, "
        "said the visit mattered. On Friday Varga went to Tessel."
    )
    assert person_placed("Lundmere arrived in Varga on Thursday.", passages)
    assert person_placed("The Orr Institute is an analyst at the Ilse Korn.", passages)
    assert person_placed("On Friday Tessel went to Varga.", passages)
    assert not person_placed("Varga arrived in Lundmere on Thursday.", passages)
    assert not person_placed("Ilse Korn is an analyst at the Orr Institute.", passages)
    # a copula and a noun of places say it as well as a preposition does
    assert person_placed("Varga was the first state Tessel visited.", passages)
    assert not person_placed("Tessel was the first state Varga visited.", passages)


def test_bodies_answer_no_question_for_persons() -> None:
    assert is_body("Aldwen Police") and not is_body("Ruth Adeyemi")
    said = "The flooding killed three people, Aldwen Police confirmed on Thursday."
    assert has_answer_type("who", said, "Who were the people killed in the flood?") == 0.0
    assert has_answer_type("who", said, "Who confirmed the deaths?") == 0.5


def test_a_dateline_and_a_place_above_or_below_are_places():
    sentence = (
        "MARLOW FALLS — A campfire at the Sorrel Creek campground started the fire that burned "
        "the hills above Marlow Falls, investigators said."
    )
    assert is_person("MARLOW FALLS", sentence) is False
    assert is_person("Marlow Falls", sentence) is False
