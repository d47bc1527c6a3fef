import re

from rag.text import is_fragment, numbers, sentence_pieces, split_sentences, terms
from tests.helpers import SEEDS


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
    # a question's emphasis is no term a sentence that answers it holds
    assert terms("What is Roscosmos exactly? Did sanctions really, actually hurt?") == [
        "roscosmo",
        "sanction",
        "hurt",
    ]


def test_text_without_punctuation_is_read_in_pieces_and_prose_is_not():
    prose = " ".join(p.read_text() for p in sorted(SEEDS.glob("*.txt")))
    assert not any(piece for _, piece in sentence_pieces(prose))  # its longest sentence: 59 words
    flat = " ".join(re.sub(r"[^\w\s]", " ", prose).split())
    pieces = sentence_pieces(flat)
    assert all(piece for _, piece in pieces)
    assert max(len(text.split()) for text, _ in pieces) <= 30
    assert " ".join(text for text, _ in pieces) == flat  # every word, in order, once
