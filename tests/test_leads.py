from rag.leads import with_lead


def test_a_chunk_opening_on_a_pronoun_gets_the_sentence_before_it_from_the_overlap():
    before = (
        "The rocket lifted off at dawn. Telemetry showed an engine losing pressure, and the "
        "vehicle began to tumble.\n\nIt broke apart at an altitude of 31 kilometres."
    )
    text = "It broke apart at an altitude of 31 kilometres. Debris fell into the sea."
    assert with_lead(text, before) == (
        "Telemetry showed an engine losing pressure, and the vehicle began to tumble.\n\n"
        "It broke apart at an altitude of 31 kilometres. Debris fell into the sea."
    )


def test_without_overlap_the_lead_is_the_last_sentence_of_the_chunk_before():
    text = "They included the defence minister. Talks began at noon."
    before = "The visit opened on Monday. Mr. Putin brought a large delegation."
    assert with_lead(text, before) == (
        "Mr. Putin brought a large delegation. They included the defence minister. "
        "Talks began at noon."
    )


def test_a_chunk_that_leans_on_nothing_is_left_as_it_is():
    before = "The rocket lifted off at dawn."
    for text in (
        "Debris fell into the sea. It was found later.",
        "That morning, the crowd gathered.",  # a demonstrative that dates the sentence
        "it was cut inside a sentence, and the rest follows.",  # a piece, not a sentence
    ):
        assert with_lead(text, before) == text
    assert with_lead("It broke apart.", "") == "It broke apart."
