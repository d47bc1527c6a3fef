"""The support rule with the collection's names at hand (issue 13h): an opening word or the head
word of a longer name that the cited passages lack is a swapped name when the whole collection
writes it as a name. Offline, without MiniLM; invented towns and people."""

from __future__ import annotations

import re

from rag.pipeline import Pipeline
from rag.support import judge
from rag.support.names import NO_LEXICON, Lexicon, known_names

COLLECTION = Lexicon([
    "The harbour of Kessling was closed on Monday, officials in Kessling said.",
    "Mr. Varga said the talks in Orvik went well. Roughly half the delegates left early.",
    "Polls by the Levin Center, a research group, show support rising in Orvik.",
])  # fmt: skip


def why(sentence: str, passages: list[str], collection: Lexicon = COLLECTION) -> str:
    return judge(sentence, passages, None, None, collection).reason


def test_the_lexicon_tells_names_from_common_words():
    assert COLLECTION.is_name("kessling") and COLLECTION.alone("kessling")
    assert COLLECTION.alone("varga")  # by itself after a title
    assert COLLECTION.is_name("center") and not COLLECTION.alone("center")  # heads a longer name
    assert not COLLECTION.is_name("roughly")  # written in lower case too
    assert not COLLECTION.is_name("harbour")
    assert COLLECTION.writes(["levin", "center"]) and not COLLECTION.writes(["varga", "center"])
    assert not NO_LEXICON.is_name("kessling")


def test_an_opening_word_the_collection_writes_as_a_name_must_be_mentioned():
    fined = ["Meridian was fined 2 million euros by the regulator on Tuesday."]
    assert why("Meridian was fined 2 million euros by the regulator.", fined) == ""
    assert "Kessling" in why("Kessling was fined 2 million euros by the regulator.", fined)
    # a common word the passages lack still opens a sentence ("Roughly")
    share = ["About 2 million euros went to Meridian, the regulator said on Tuesday."]
    assert why("Roughly 2 million euros went to Meridian, the regulator said.", share) == ""


def test_a_longer_name_may_not_miss_its_head_word_for_a_name_of_its_own():
    paraphrased = ["Elin Dahl, a scientist at the Heart for Polar Studies in Orvik, said so."]
    honest = "Elin Dahl works at the Center for Polar Studies in Orvik."
    assert why(honest, paraphrased) == ""  # "Center" only heads longer names
    swapped = "Elin Dahl works at the Varga for Polar Studies in Orvik."
    assert "Varga" in why(swapped, paraphrased)
    assert why(swapped, paraphrased, NO_LEXICON) == ""  # the cited passages alone cannot tell


def test_the_pipeline_reads_the_collection_names_from_its_chunks(pipeline: Pipeline):
    text = "\n".join(c.text for c in pipeline.store.all_chunks())
    expected = sorted(w for w in known_names(text) if w.isascii() and w.isalpha()
                      and not re.search(rf"\b{w}\b", text)
                      and re.search(rf"\b{w.capitalize()}\b", text))  # fmt: skip
    names = pipeline.collection_names()
    assert len(expected) > 10 and all(names.is_name(w) for w in expected)
    assert not names.is_name("the") and names is pipeline.collection_names()  # read once
    assert not Lexicon(["It was posted at 12:19 PM, the desk said."]).is_name("pm")
