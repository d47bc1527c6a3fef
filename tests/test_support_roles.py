"""Names in each other's roles: the checker's rule (rag/support/roles.py) and the benchmark's
roles_swapped perturbation (rag/checker_eval.py)."""

from __future__ import annotations

from rag.checker_eval import role_variants, swap_roles
from rag.support import Lexicon, judge
from rag.support.roles import (
    descriptions,
    figure_moved,
    owner_swapped,
    roles_swapped,
    subject_swapped,
)

TALKS = [
    "Anna Holm told Piet Vos that while Velmor and Orvik are not allies, their ties exceed an "
    "alliance. Ilse Korn criticised Erik Sand on Tuesday. Velmor sells grain to Orvik at a "
    "discount. Piet Vos was greeted by Anna Holm at the airport."
]


def supported(sentence: str, passages: list[str]) -> bool:
    return judge(sentence, passages, None).supported


def test_two_names_of_the_passage_in_each_others_roles_are_rejected():
    assert supported("Anna Holm told Piet Vos that their ties exceed an alliance.", TALKS)
    assert not supported("Piet Vos told Anna Holm that their ties exceed an alliance.", TALKS)
    assert supported("Ilse Korn criticised Erik Sand on Tuesday.", TALKS)
    assert not supported("Erik Sand criticised Ilse Korn on Tuesday.", TALKS)
    assert supported("Velmor sells grain to Orvik at a discount.", TALKS)
    assert not supported("Orvik sells grain to Velmor at a discount.", TALKS)


def test_a_passive_is_read_as_the_active_it_restates():
    assert supported("Anna Holm greeted Piet Vos at the airport.", TALKS)
    assert not supported("Piet Vos greeted Anna Holm at the airport.", TALKS)
    assert supported("Erik Sand was criticised by Ilse Korn on Tuesday.", TALKS)
    assert not supported("Ilse Korn was criticised by Erik Sand on Tuesday.", TALKS)
    assert supported("Piet Vos was told by Anna Holm that their ties exceed an alliance.", TALKS)


def test_names_joined_both_ways_have_no_direction():
    met = ["Anna Holm met Piet Vos in Velmor."]
    assert roles_swapped("Piet Vos met Anna Holm in Velmor.", [["piet", "vos"], ["anna", "holm"]],
                         met) == ""  # fmt: skip
    why = roles_swapped("Orvik sells grain to Velmor.", [["orvik"], ["velmor"]], TALKS)
    assert why.startswith("its source relates Orvik and Velmor the other way round")


def test_the_perturbation_exchanges_two_names_or_takes_one_from_the_passage():
    names = ["Anna Holm", "Piet Vos", "Ilse Korn", "Erik Sand", "Velmor", "Orvik"]
    told = "Anna Holm told Piet Vos that the ties exceed an alliance."
    assert role_variants("k", told, TALKS, names) == [
        "Piet Vos told Anna Holm that the ties exceed an alliance."
    ]
    # names joined both ways, or one naming the other, play no two roles
    assert role_variants("k", "Anna Holm and Piet Vos met.", [], names) == []
    assert role_variants("k", "Anna Holm, Velmor's envoy, spoke.", [], names) == []
    # one name: another name of the passage sentence it came from, in its place
    one = "Ilse Korn criticised the plan on Tuesday."
    passage = ["Ilse Korn criticised Erik Sand's plan on Tuesday."]
    assert role_variants("k", one, passage, names) == ["Erik Sand criticised the plan on Tuesday."]
    assert swap_roles("k", "Nothing named here.", passage, names) == "Nothing named here."


def test_a_link_of_function_words_is_read_by_the_words_that_follow():
    club = ["Paula Reyes, Northgate's sporting director, said the club had wanted him."]
    assert supported("Paula Reyes is Northgate's sporting director.", club)
    assert not supported("Northgate is Paula Reyes's sporting director.", club)
    games = ["Anna Holm attended the Winter Games in Velmor."]
    assert supported("Anna Holm attended the Winter Games in Velmor.", games)
    assert not supported("Anna Holm attended the Velmor in Winter Games.", games)


def test_a_link_read_two_ways_is_read_where_the_words_after_it_follow_too():
    friends = ['Anna Holm called Piet Vos his "old friend", and Piet Vos called Anna Holm his '
               '"dear friend".']  # fmt: skip
    assert supported('Anna Holm called Piet Vos his "old friend".', friends)
    assert not supported('Piet Vos called Anna Holm his "old friend".', friends)
    assert supported("Piet Vos called Anna Holm his dear friend.", friends)


QUOTED = [
    '"Our ties exceed an alliance," Anna Holm said after meeting Piet Vos in Velmor. Ilse Korn, '
    "an analyst at the Orvik Institute, said the talks went well, according to Erik Sand."
]


def test_a_quote_or_an_apposition_given_to_the_other_name_of_its_sentence_is_rejected():
    assert supported('"Our ties exceed an alliance," Anna Holm said.', QUOTED)
    assert not supported('"Our ties exceed an alliance," Piet Vos said.', QUOTED)
    assert not supported("Piet Vos said their ties exceed an alliance.", QUOTED)
    assert supported("Ilse Korn is an analyst at the Orvik Institute.", QUOTED)
    assert not supported("Erik Sand is an analyst at the Orvik Institute.", QUOTED)
    assert not supported("Erik Sand, an analyst at the Orvik Institute, said the talks went well.",
                         QUOTED)  # fmt: skip
    # the analyst said it, not the institute the apposition names, nor one a passive names
    assert supported("Ilse Korn said the talks went well.", QUOTED)
    greeted = ["Anna Holm greeted Piet Vos at the airport."]
    assert supported("Piet Vos was greeted at the airport.", greeted)
    assert supported("Piet Vos was greeted by Anna Holm at the airport.", greeted)
    assert supported("Anna Holm was greeted at the airport.", ["Piet Vos greeted Anna Holm."])


def test_a_converse_verb_sharing_only_its_object_is_no_swap():
    trade = ["China buys oil from Russia at a discount."]
    assert supported("Russia sells oil to China at a discount.", trade)


def test_a_compound_modifier_reads_as_a_passive():
    drug = ["The drug, made by the Boston-based company Corvane Therapeutics, was tested."]
    assert supported("Corvane Therapeutics is based in Boston.", drug)
    assert not supported("Boston is based in Corvane Therapeutics.", drug)


def test_a_name_a_preposition_governs_holds_no_role():
    said = ["China can help Russian objectives in Velmor, said Anna Holm, director of Orvik."]
    assert supported("China can help Russian objectives in Velmor, said Anna Holm.", said)
    # after "said", a name and its apposition still hold the role the apposition gives
    analyst = ["Velmor worried, said Ilse Korn, a senior scientist at Orvik, and Erik Sand agreed."]
    assert supported("Velmor worried, said Ilse Korn, a senior scientist at Orvik.", analyst)
    assert not supported("Velmor worried, said Erik Sand, a senior scientist at Orvik.", analyst)


def test_a_verb_and_its_noun_relate_two_names_alike():
    war = ["Velmor launched its invasion of Orvik in February."]
    assert supported("Velmor invaded Orvik in February.", war)
    assert not supported("Orvik invaded Velmor in February.", war)


def test_two_names_exchanged_need_one_side_alike_though_the_evidence_names_both():
    view = ["The council said that Ms. Holm agreed with Mr. Vos's critical view of the plan."]
    assert supported("Holm shared Vos's critical view of the plan.", view)
    assert not supported("Vos shared Holm's critical view of the plan.", view)
    # a time after a name says when, not who
    met = ["In talks between Vos and Orvik envoy Anna Holm last month, the envoy warned Velmor."]
    assert supported("In talks with Vos last month, Anna Holm warned Velmor.", met)


def test_a_name_where_the_evidence_names_another_again_is_rejected():
    poll = ["Public opinion of Velmor improved; 70 percent of Orvikans now view the country "
            "warmly, according to the Korn Institute pollster."]  # fmt: skip
    assert supported("70 percent of Orvikans view Velmor warmly, according to the Korn Institute.",
                     poll)  # fmt: skip
    assert not supported("70 percent of Orvikans view Korn Institute warmly, according to the "
                         "Velmor.", poll)  # fmt: skip
    assert not supported("According to the Velmor, 70 percent of Orvikans now view Korn "
                         "Institute warmly.", poll)  # fmt: skip


def test_a_link_reworded_with_the_same_function_words_keeps_its_direction():
    vow = ["Velmor has vowed to not lend Orvik any weapons."]
    assert supported("Velmor has pledged not to supply Orvik with weapons.", vow)
    assert not supported("Orvik has pledged not to supply Velmor with weapons.", vow)
    # a converse verb takes other function words: no direction
    assert supported("Orvik buys grain from Velmor.", ["Velmor sells grain to Orvik."])


def test_said_is_met_by_another_reporting_verb_and_an_age_is_its_names_own():
    stated = ['"He is the player we wanted," stated Piet Vos, the Orvik manager.']
    assert supported("Piet Vos said he is the player they wanted.", stated)
    assert not supported("Orvik said he is the player Piet Vos wanted.", stated)
    named = ["Police named them as Anna Holm, 71, who lived on Dock Lane; and Erik Sand, 29."]
    assert supported("Anna Holm, 71; and Erik Sand, 29.", named)
    assert not supported("Dock Lane, 71; and Erik Sand, 29.", named)


def test_the_doer_a_passive_names_is_the_doer_its_source_names():
    fee = ["Velmor would pay Orvik a fee of $95 million if the deal were blocked."]
    assert supported("A fee of $95 million, paid by Velmor to Orvik.", fee)
    assert not supported("A fee of $95 million, paid by Orvik to Velmor.", fee)
    fined = ["Anna Holm was fined by the Korn Agency on Monday."]
    assert supported("A fine imposed by the Korn Agency on Anna Holm on Monday.", fined)
    assert supported("Anna Holm, fined by the Korn Agency on Monday.", fined)
    assert not supported("The Korn Agency, fined by Anna Holm on Monday.", fined)


def test_a_figure_given_to_another_name_than_its_source_gives_it_to_is_rejected():
    count = ["The recount gave Anna Holm 11,906 votes and Piet Vos 11,745. At first Holm had "
             "11,842 votes to Vos's 11,658, and Vos 1,906 in 2021."]  # fmt: skip
    assert supported("11,906 votes, against 11,745 for Piet Vos.", count)
    assert not supported("11,906 votes, against 11,745 for Anna Holm.", count)
    assert supported("At first Holm had 11,842 votes to Vos's 11,658.", count)
    # "1,906" is a figure, no year
    why = figure_moved("11,906 votes, against 1,906 for Anna Holm.", count)
    assert why == "its source gives 1906 to Vos, not Anna Holm"


def test_a_claim_is_said_by_the_speaker_its_source_gives_it_a_pronoun_by_a_person_before_it():
    cafe = ["Anna Holm reopened the Blue Door café on Dock Lane on Thursday. \"I've spent £600 on "
            "bottled water this week,\" she said."]  # fmt: skip
    assert supported("Anna Holm said she had spent £600 on bottled water that week.", cafe)
    assert not supported("Dock Lane said she had spent £600 on bottled water that week.", cafe)
    assert not supported("Blue Door said she had spent £600 on bottled water that week.", cafe)
    two = ["Velmor opposes the plan. \"Orvik would not side with Velmor if it came to that,\" "
           "said Erik Sand, an analyst."]  # fmt: skip
    assert supported("Velmor opposes the plan, but Erik Sand said Orvik would not side with "
                     "Velmor if it came to that.", two)  # fmt: skip
    assert not supported("Erik Sand opposes the plan, but Velmor said Orvik would not side "
                         "with Velmor if it came to that.", two)  # fmt: skip


def test_a_description_by_nationality_and_office_stands_for_the_one_person_titled_so():
    passages = ["Velmorian President Anna Holm received Orvikan leader Piet Vos on Monday. Anna "
                "Holm called Piet Vos her old friend, and the Velmorian president thanked her "
                "Orvikan counterpart for his dear friendship."]  # fmt: skip
    assert supported("Anna Holm thanked Piet Vos for his dear friendship.", passages)
    assert not supported("Piet Vos thanked Anna Holm for his dear friendship.", passages)
    # the collection tells whom a description names where the cited passages do not title him
    cited = [passages[0].split(" on Monday. ")[1]]
    collection = Lexicon(passages)
    assert judge("Anna Holm thanked Piet Vos for his dear friendship.", cited, None,
                 collection=collection).supported  # fmt: skip
    assert not judge("Piet Vos thanked Anna Holm for his dear friendship.", cited, None,
                     collection=collection).supported  # fmt: skip
    # a nationality that titles two people describes neither
    both = [passages[0] + " Velmorian Foreign Minister Erik Sand came too."]
    assert not descriptions(both[0]).get(("velmorian", "counterpart"))


def test_a_name_said_to_hold_a_role_is_not_given_one():
    club = ["The club's record fee was the €61 million Orvik paid in 2023, and the club's "
            "sporting director, Anna Holm, conceded that it had to get the next one right."]  # fmt: skip
    assert supported("Anna Holm is Orvik's sporting director.", club)
    assert not supported("Orvik is Anna Holm's sporting director.", club)
    praised = ["Anna Holm praised Orvik’s “approaches to resolving the crisis.”"]
    assert supported("She praised Orvik's approaches to resolving the crisis.", praised)
    assert owner_swapped("Piet Vos's adviser Anna Holm spoke.", ["Piet Vos, the adviser to Anna "
                                                                 "Holm, spoke."])  # fmt: skip
    assert not owner_swapped("Anna Holm's adviser Piet Vos spoke.", ["Piet Vos, the adviser to "
                                                                     "Anna Holm, spoke."])  # fmt: skip


def test_the_names_opening_and_ending_a_reported_claim_are_not_exchanged():
    cut = ["He said Orvik was seeking to loosen its exposure to the dollar beyond just Velmor, "
           "but that the room to do so was limited."]  # fmt: skip
    assert supported("He said Orvik is trying to reduce its dollar exposure beyond Velmor, but "
                     "the room to do so is limited.", cut)  # fmt: skip
    why = subject_swapped("He said Velmor is trying to reduce its dollar exposure beyond Orvik.",
                          {"velmor", "orvik"}, [(cut[0], "")])  # fmt: skip
    assert why == "its source has Orvik where it has Velmor, and the other way round"
    # a passive puts the doer last
    assert not subject_swapped("He said Velmor was greeted by Orvik at the airport.",
                               {"velmor", "orvik"}, [("He said Orvik greeted Velmor at the "
                                                      "airport.", "")])  # fmt: skip
