from rag.text import is_fragment, numbers, split_sentences, terms


def test_sentences_keep_titles_and_initials_whole():
    text = "Mr. Putin met Vladimir V. Putin's aide. He left at 5 p.m. on Friday! Did he? Yes."
    assert split_sentences(text) == [
        "Mr. Putin met Vladimir V. Putin's aide.",
        "He left at 5 p.m. on Friday!",
        "Did he?",
        "Yes.",
    ]


def test_fragments_cut_at_chunk_edges():
    assert is_fragment("Order media confirmed Mr. Putin and Mr.")
    assert is_fragment("a sentence cut off here")
    assert not is_fragment("He said “yes.”")


def test_numbers_are_whole_tokens():
    assert numbers("$240 billion in 2023, up from 1,000") == {"240", "2023", "1000"}


def test_terms_drop_stop_words_and_stem():
    assert terms("The talks were held in Harbin") == ["talk", "held", "harbin"]
