"""The one irregular-verb table that dates, questions and follow-ups read."""

from rag.verbs import BASE_OF_PAST, PARTICIPLE_OF_PAST, PAST_FORMS_OF, PAST_TENSE


def test_past_tense_reads_regular_and_irregular_pasts_but_not_a_past_spelled_as_its_base() -> None:
    assert [w for w in ["signed", "went", "sought", "fled", "shut", "set", "goes", "red"]
            if PAST_TENSE.fullmatch(w)] == ["signed", "went", "sought", "fled"]  # fmt: skip


def test_the_table_gives_base_participle_and_every_past_form() -> None:
    assert (BASE_OF_PAST["went"], BASE_OF_PAST["did"]) == ("go", "do")
    assert (PARTICIPLE_OF_PAST["took"], PARTICIPLE_OF_PAST["met"]) == ("taken", "met")
    assert PAST_FORMS_OF["take"] == ["taken", "took"] and PAST_FORMS_OF["find"] == ["found"]
