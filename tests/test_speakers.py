import pytest

from rag.answering import ABSTAIN
from rag.answering.extractive import ExtractiveAnswerer
from rag.answering.speakers import asked_speaker, names_speaker, quotes
from rag.passages import Passage


@pytest.mark.parametrize(
    ("question", "speaker"),
    [
        ("What did Biden say about the trip?", "biden"),
        ("What did Sergei Shoigu say during the talks?", "shoigu"),
        ("What did Mr. Garlauskas warn Russia could do?", "garlauskas"),
        ("What role did Xi say China would play?", "xi"),
        ("What did the joint statement say about trade?", None),  # no person asked
        ("Who said the wall was built for another era?", None),  # the speaker is the answer
    ],
)
def test_asked_speaker(question, speaker):
    assert asked_speaker(question) == speaker


@pytest.mark.parametrize(
    ("sentence", "speaker", "said"),
    [
        ("Mr. Putin said he would attend the opening.", "putin", True),
        ("Mr. Putin said he would attend the games Mr. Biden will boycott.", "biden", False),
        ("Cheng Xiaohe, a professor in Beijing, said the ties gave them cover.", "xiaohe", True),
        ("“Banks come first,” said Shi Yinhong, a professor.", "yinhong", True),
        ("According to Alexander Gabuev, the banks are cautious.", "gabuev", True),
        ("Xi hailed the ties, saying they would gain momentum.", "xi", True),
        ("Lavrov summed up the ties, saying they were strong.", "biden", False),
        ("The summit that Mr. Biden hosted last week drew forty leaders.", "biden", False),
        ("We are working in solidarity, he said.", "putin", True),  # named a sentence before
        ("Speaking beside Putin, the Chinese leader said both sides agree.", "xi", True),
        ("“The wall did its job.”", "nair", True),  # a quotation: its speaker comes after
        ("The Kremlin said the talks went well.", "biden", False),
        ("Weeks ago the two declared a partnership.", "biden", False),
        # "he said" after someone else is named is that person, not the one asked about
        ("Mr. Xi, noting the meeting, praised him. He said the ties are strong.", "trump", False),
        ("Mr. Putin sought to show that he was not isolated. He said he was busy.", "trump", False),
        ("Mr. Putin sought to show that he was not isolated. He said he was busy.", "putin", True),
        ("“We will meet in Beijing,” Mr. Putin told Mr. Xi.", "xi", False),
        ("Officials met Antony Blinken, and the US diplomat warned Beijing.", "blinken", True),
        # a verb of saying joined to the first one has the sentence's subject as its speaker
        (
            "Tallis Valley Water opened four collection points on Wednesday, at the leisure "
            "centre and the market car park, and said it had ordered 800,000 litres of water.",
            "water",
            True,
        ),
        ("Mr. Putin arrived in Beijing and said the ties were strong.", "xi", False),
        (
            "Speaking alongside Putin, the Chinese leader said both agree and called for talks.",
            "xi",
            True,
        ),
        (
            "Xi met Secretary of State Antony Blinken, and the US diplomat warned Beijing.",
            "biden",
            False,
        ),
    ],
)
def test_quotes(sentence, speaker, said):
    assert quotes(sentence, speaker) is said


def _passage(text: str, source: str) -> Passage:
    return Passage("id-" + source, text, source, "T", None, 1.0, {"dense": 1, "bm25": 1})


def test_what_one_person_said_is_not_answered_by_what_another_said(pipeline):
    other = _passage("Mayor Luis Vega said the new bridge over the river would open in May.", "a")
    own = _passage("Ana Rojas said the bridge over the river had cost too much.", "b")
    answerer = ExtractiveAnswerer(pipeline.embedder)
    question = "What did Ana Rojas say about the bridge over the river?"
    assert answerer.answer(question, [other]) == ABSTAIN
    assert "cost too much" in answerer.answer(question, [other, own])


@pytest.mark.parametrize(
    ("sentence", "named"),
    [
        ("The cut was welcome, said Tom Lee, an analyst.", True),
        ("Ana Ruiz, an economist at the bank, said the cut came late.", True),
        ("He said the cut came late.", False),  # no name
        ("The bank cut its rate on Friday.", False),
    ],
)
def test_names_speaker(sentence, named):
    assert names_speaker(sentence) is named


@pytest.mark.parametrize(
    ("question", "speaker"),
    [
        ("How did Vega describe the pact?", "vega"),  # in Vega's words
        ("How did Ana Rojas characterize the ties in 2019?", "rojas"),
        ("How did the ministry describe the pact?", None),
    ],
)
def test_a_how_did_x_describe_question_asks_x_s_words(question, speaker):
    assert asked_speaker(question) == speaker


@pytest.mark.parametrize(
    ("sentence", "speaker", "said"),
    [
        ("Mr. Vega voiced support for the miners' demands, according to his office.", "vega", True),
        ("Vega hailed the ties as a model for the region.", "vega", True),
        ("Vega hailed the ties as a model for the region.", "rojas", False),
        ("Mr. Vega praised Rojas for her patience.", "rojas", False),  # the one praised
    ],
)
def test_a_verb_that_reports_speech_names_its_speaker_before_it(sentence, speaker, said):
    assert quotes(sentence, speaker) is said
