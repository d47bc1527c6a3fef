"""The offline follow-up rewriter: pronouns and ellipsis resolved from the last turn by rules."""

import pytest

from rag.followups import _base, leans_on_context, rewrite, spans

PUTIN_XI = (
    "How many times have Putin and Xi met?",
    "The two leaders have met more than 40 times [1].",
)


@pytest.mark.parametrize(
    ("previous", "answer", "follow_up", "standalone"),
    [
        (*PUTIN_XI, "And what did they sign?", "What did Putin and Xi sign?"),
        (*PUTIN_XI, "And when was that?", "When have Putin and Xi met?"),
        (*PUTIN_XI, "What is their relationship like?", "What is Putin and Xi's relationship like?"),
        ("Where is Alexander Gabuev based?", "In Berlin [1].", "What did he say about banks?",
         "What did Alexander Gabuev say about banks?"),
        ("What did Karen Donfried do in Moscow?", "Talks [1].", "What did officials give her?",
         "What did officials give Karen Donfried?"),
        ("Who is Elizabeth Wishnick?", "A scientist [1].", "What is her field?",
         "What is Elizabeth Wishnick's field?"),
        # after a "who" question that names nobody, the answer names the person
        ("Who led the trial?", "The trial was led by Dr. Amara Okafor, of Leeds [1].",
         "Where does she work?", "Where does Amara Okafor work?"),
        ("When did Putin visit Harbin?", "On Friday [1].", "What did he tour there?",
         "What did Putin tour in Harbin?"),
        ("What is the Harbin Institute of Technology known for?", "Rockets [1].",
         "When was it sanctioned?", "When was the Harbin Institute of Technology sanctioned?"),
        ("When was the Quayside wall built?", "In 1987 [1].", "How high is it?",
         "How high is the Quayside wall?"),
        ("What did Lavrov say about the partnership?", "A fair order [1].", "What about Putin?",
         "What did Putin say about the partnership?"),
        ("How much was trade between China and Russia in 2023?", "$240 billion [1].",
         "And in 2022?", "How much was trade between China and Russia in 2022?"),
        ("What did Putin say about trade?", "It grows [1].", "And in 2021?",
         "What did Putin say about trade in 2021?"),
        # the month (and day) belonged to the old year: "by 2024" is the whole year
        ("How many times had Xi met Putin by December 2021?", "37 [1].", "And by 2024?",
         "How many times had Xi met Putin by 2024?"),
        ("What happened on May 16, 2024?", "A visit [1].", "And in 2021?",
         "What happened in 2021?"),
        ("What was the 2023 trade figure?", "$240 billion [1].", "And in 2022?",
         "What was the 2022 trade figure?"),
        ("When did Zelensky halt his visits?", "On Tuesday [1].", "Why did he do that?",
         "Why did Zelensky halt his visits?"),
        # "their" in a relative clause is the noun before "who", not the last turn's subject
        ("Who chairs the Dunmore County board?", "Ruth Odell chairs it [1].",
         "What did she promise people who lost their homes?",
         "What did Ruth Odell promise people who lost their homes?"),
    ],
)  # fmt: skip
def test_follow_ups_are_resolved_from_the_last_turn(previous, answer, follow_up, standalone):
    assert rewrite(follow_up, [(previous, answer)]) == standalone


@pytest.mark.parametrize(
    ("previous", "answer", "follow_up", "standalone"),
    [
        # the answer names the role-holder: "he" is that person
        ("Who is Ardell's finance director?", "Ardell's finance director, Jo Penn, said so [1].",
         "What did he say?", "What did Jo Penn say?"),
        # a body used as a modifier ("Town Council member") is no person: the name after it is
        ("Who is Ardell's mayor?", "Ardell's mayor is Town Council member Rosa Vale [1].",
         "What did she say?", "What did Rosa Vale say?"),
        # the answer never says "director": the people it names are bystanders, not the one asked
        ("Who is Ardell's director of roads?",
         "The Town Council member Rosa Vale won, county officials announced [1].",
         "What did he say about potholes?", "What did Ardell's director of roads say about potholes?"),
        ("Who is Ardell's director of roads?", "I can't find that in the sources.",
         "What did she say?", "What did Ardell's director of roads say?"),
        # a "which" question naming two people asks for a third: the one the answer names
        ("Which aide besides Kell did Moss meet?", "Moss also met Deputy Ana Ruiz [1].",
         "What does he do?", "What does Deputy Ana Ruiz do?"),
        # "it" after "Which X is <description>?" is the description
        ("Which college is the mayor's alma mater?", "Brill College [1].",
         "What did it build?", "What did the mayor's alma mater build?"),
    ],
)  # fmt: skip
def test_a_pronoun_the_answer_does_not_fill_is_the_role_asked_about(
    previous, answer, follow_up, standalone
):
    assert rewrite(follow_up, [(previous, answer)]) == standalone


@pytest.mark.parametrize(
    ("follow_up", "kept"),
    [
        ("Who is Yuri Ushakov?", "Who is Yuri Ushakov?"),  # stands alone
        ("And who is Yuri Ushakov?", "Who is Yuri Ushakov?"),  # only the "And" goes
        (
            "What did Lavrov say about his trip?",
            "What did Lavrov say about his trip?",
        ),  # his: Lavrov
        ("Is there a pipeline to China?", "Is there a pipeline to China?"),  # existential there
        ("What happened that week?", "What happened that week?"),  # "that" as a determiner
        # typed as it is: no "Searched for:" line for a case or spacing change alone
        ("who is xi?", "who is xi?"),
        ("https://example.com/putin-xi", "https://example.com/putin-xi"),
        ("iPhone sales in 2023?", "iPhone sales in 2023?"),
    ],
)
def test_a_follow_up_that_stands_alone_is_left_alone(follow_up, kept):
    assert rewrite(follow_up, [PUTIN_XI]) == kept


@pytest.mark.parametrize(
    ("previous", "follow_up"),
    [
        (PUTIN_XI[0], "And who else?"),  # "else": nothing to substitute
        (PUTIN_XI[0], "What did he say?"),  # he: Putin or Xi?
        ("Who went with Putin?", "How many pages was it?"),  # no thing to be "it"
        ("What happened in Harbin?", "When was that?"),  # a subject question naming no one
        ("Who died in the flood?", "When?"),  # no object to make the subject of a passive
        ("Who signed it?", "Why?"),  # the object is a pronoun: nothing to ask about
        ("What is the capital of France?", "Why?"),  # "Why is the capital of France?"
        ("Who is Cheng Xiaohe?", "When was that?"),
        ("What did Putin sign?", "What about during the war?"),  # no name or year to swap in
        ("Who is Ardell's mayor?", "When was it founded?"),  # "it" is no person
    ],
)
def test_what_the_rules_cannot_resolve_is_left_to_the_fallback(previous, follow_up):
    assert rewrite(follow_up, [(previous, "I can't find that in the sources.")]) is None
    assert leans_on_context(follow_up)


def test_name_spans_skip_question_words_titles_and_months():
    found = [name for _, name in spans("What did Mr. Putin tell Sergei V. Lavrov in May 2024?")]
    assert found == ["Putin", "Sergei V. Lavrov"]


DELEGATION = (
    "Who went with Putin?",
    "Mr. Putin traveled with a large delegation [1]. They included Andrei R. Belousov, an "
    "economist; Maksim Reshetnikov, the Minister of Economy; and Sergei V. Lavrov [1].",
)


@pytest.mark.parametrize(
    ("previous", "answer", "follow_up", "standalone"),
    [
        # "when/why/where" after a subject question: the event, with the name it went "with"
        (*DELEGATION, "And when was that?", "When did Putin go?"),
        (*DELEGATION, "Why?", "Why did Putin go?"),
        (*DELEGATION, "Where?", "Where did Putin go?"),
        ("Who went with Xi to Moscow?", "Officials [1].", "When?", "When did Xi go to Moscow?"),
        # ... else the people a "who" answer names, the verb in its base form
        ("Who welcomed Putin?", "Xi Jinping welcomed him [1].", "When was that?",
         "When did Xi Jinping welcome Putin?"),
        ("Who announced the fund?", "Tom Hadley announced it [1].", "Why?",
         "Why did Tom Hadley announce the fund?"),
        # a title after "the" and a dateline in capitals are no people
        ("Who urged talks?", "The Transport Minister, Aisha Rahman, urged talks [1].", "When?",
         "When did Aisha Rahman urge talks?"),
        ("Who broke ground?", "NEW ALDEN, Ohio — Orla Semiconductor broke ground [1].", "When?",
         "When did Orla Semiconductor break ground?"),
        # ... else, with nobody named, the event in the passive, its object first
        ("Who welcomed Putin to the Great Hall of the People?", "Mr. Xi welcomed him [1].",
         "When was that?", "When was Putin welcomed to the Great Hall of the People?"),
        ("Who pledged $2 billion in foreign military financing?", "I can't find that.", "Where?",
         "Where was $2 billion pledged in foreign military financing?"),
        ("Which company built the Quayside wall?", "I can't find that.", "Why?",
         "Why was the Quayside wall built?"),
        ("Who gave Putin and Xi the award?", "Officials [1].", "When?",
         "When were Putin and Xi given the award?"),
        # "they" after a who-question that names a party: that party, not the answer's list
        (*DELEGATION, "What did they sign?", "What did Putin sign?"),
        # ... and the answer's people when the question names nobody
        ("Who led the trial?", "Dr. Amara Okafor led it [1].", "What did they find?",
         "What did Amara Okafor find?"),
        # singular "they" for the one name a question is about
        ("When did Putin go?", "In May [1].", "What did they sign?", "What did Putin sign?"),
        ("What did Putin sign?", "A statement [1].", "Why?", "Why did Putin sign?"),
    ],
)  # fmt: skip
def test_bare_wh_follow_ups_and_they_name_the_event_or_party(previous, answer, follow_up,
                                                             standalone):  # fmt: skip
    assert rewrite(follow_up, [(previous, answer)]) == standalone


@pytest.mark.parametrize(
    ("past", "base"),
    [("went", "go"), ("met", "meet"), ("signed", "sign"), ("visited", "visit"),
     ("created", "create"), ("announced", "announce"), ("stopped", "stop"), ("called", "call"),
     ("decided", "decide"), ("welcomed", "welcome"), ("urged", "urge"), ("pledged", "pledge"), ("carried", "carry"), ("leads", "lead")],
)  # fmt: skip
def test_verbs_take_their_base_form_after_did(past, base):
    assert _base(past) == base


def test_a_bare_why_leans_on_the_last_turn():
    assert leans_on_context("Why?") and leans_on_context("And when was that?")


def test_who_is_doing_something_is_no_role_a_pronoun_can_stand_for():
    """ "Who is leading the inquiry?" answered without a name: "she" is not "leading the
    inquiry" (no question reads "What did leading the inquiry ask ...?"); the turns are joined."""
    history = [("Who is leading the police inquiry into the theft?", "The thieves fled [1].")]
    assert rewrite("What did she ask the public to do?", history) is None
    # an answer that names someone but not as leading it: she is not that person
    missed = "Thieves took two paintings by Annelise Korver [1]."
    history = [("Who is leading the police inquiry into the theft?", missed)]
    assert rewrite("What did she ask the public to do?", history) is None
    named = "The thieves fled, said Inspector Mia Kessel of Dunleith Police, who leads it [1]."
    history = [("Who is leading the police inquiry into the theft?", named)]
    assert rewrite("What did she ask the public to do?", history) == (
        "What did Inspector Mia Kessel ask the public to do?"
    )
