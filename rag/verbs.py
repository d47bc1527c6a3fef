"""The irregular English verbs, in one table: reading a date's tense, a question's act and a
follow-up's passive all need to know that "went" is the past of "go".

Common verbs only, no topic's words. Regular verbs are left to the callers' "-ed" rules.
"""

from __future__ import annotations

import re

# base, past, past participle
_TABLE = """
go went gone; meet met met; come came come; lead led led; take took taken; give gave given;
make made made; say said said; tell told told; see saw seen; win won won; run ran run;
leave left left; bring brought brought; buy bought bought; send sent sent; spend spent spent;
hold held held; write wrote written; begin began begun; get got got; fly flew flown;
speak spoke spoken; choose chose chosen; sell sold sold; pay paid paid; build built built;
fall fell fallen; find found found; strike struck struck; rise rose risen; drive drove driven;
become became become; know knew known; think thought thought; sit sat sat; stand stood stood;
lose lost lost; break broke broken; fight fought fought; hit hit hit; put put put; set set set;
cut cut cut; let let let; shut shut shut; keep kept kept; mean meant meant; feel felt felt;
teach taught taught; catch caught caught; seek sought sought; grow grew grown;
throw threw thrown; draw drew drawn; wear wore worn; bear bore borne; flee fled fled;
shoot shot shot; do did done
"""
_ROWS = [tuple(row.split()) for row in _TABLE.replace("\n", " ").split(";")]

BASE_OF_PAST = {past: base for base, past, _ in _ROWS}
"""went -> go: the form that follows "did"."""
PARTICIPLE_OF_PAST = {past: part for _, past, part in _ROWS}
"""took -> taken: the form after "was" in a passive."""
PAST_FORMS_OF = {base: sorted({past, part}) for base, past, part in _ROWS}
"""find -> [found], take -> [taken, took]: how a sentence may report the act."""


def past_tense(extra: str = "") -> str:
    """A regex alternation for a past tense: a regular "-ed" form or an irregular past, plus
    `extra` alternatives (auxiliaries such as "was|had"). A past spelled as its base ("shut",
    "set", "hit") is left out: "the line stays shut until Monday" is no past."""
    pasts = [past for past, base in BASE_OF_PAST.items() if past != base]
    irregular = "|".join(sorted(pasts, key=len, reverse=True))
    return rf"\w{{2,}}ed|{extra + '|' if extra else ''}{irregular}"


PAST_TENSE = re.compile(past_tense(), re.I)
