import re

import pytest

from rag.text import (
    base_form,
    is_fragment,
    numbers,
    sentence_pieces,
    split_sentences,
    stem,
    strip_possessive,
    terms,
)
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


@pytest.mark.parametrize(
    ("asked", "written"),
    [("fine", "fined"), ("quit", "quitting"), ("study", "studied"), ("agree", "agreed"),
     ("vote", "voted"), ("stop", "stopped"), ("combine", "combining"), ("try", "tried")],
)  # fmt: skip
def test_a_verb_s_base_form_and_its_inflections_share_a_base_form(asked, written):
    assert stem(asked) != stem(written)  # the light stemmer keeps them apart
    assert base_form(stem(asked)) == base_form(stem(written))


def test_base_forms_keep_other_words_apart():
    assert [base_form(stem(w)) for w in ["visited", "voters", "talks", "falls"]] == [
        "visit", "voter", "talk", "fal"
    ]  # fmt: skip


def test_a_possessive_ending_is_stripped_in_either_quote():
    assert strip_possessive("Putin's") == strip_possessive("Putin’s") == "Putin"
    assert strip_possessive("Reyes") == "Reyes"  # no possessive: the word itself
