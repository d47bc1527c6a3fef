"""The offline default: answer with the passages' own sentences, each cited, or abstain.

Nothing is generated, so nothing can be invented. The work is choosing: every sentence of the
retrieved passages is scored by embedding similarity to the question, IDF-weighted overlap of
content terms (a term no sentence holds counts for one that says it in other words, close in
MiniLM's token vectors: rag/answering/counterparts.py), whether it holds the kind of thing asked
for (names for "who", a date for "when", a number for "how many"), and its passage's rank. The
best one is kept when it clears a threshold tuned on `evals/dev.jsonl` (never on the gold test
set); close runners-up from other sources are added, so that sources which differ are shown side
by side.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from rag.answering.base import ABSTAIN
from rag.answering.bylines import asks_author, byline, credits, outlets
from rag.answering.constraints import (
    asked_bound,
    asked_names,
    asked_ordinal,
    asked_slots,
    asks_past,
    bound_met,
    day_ahead,
    day_met,
    names_met,
    neighbourhood,
    ordinal_met,
    recased,
    slot_taken,
    topical,
)
from rag.answering.counterparts import Counterparts
from rag.answering.counterpoints import counterpoint
from rag.answering.ledes import asked_day_news, ledes
from rag.answering.questions import (
    Instance,
    asked_about,
    asked_act,
    asked_date,
    asked_day,
    asked_document_date,
    asked_instance,
    asked_name_of,
    asked_owner,
    asked_period,
    asked_qualifier,
    asked_responder,
    asked_verb,
    asked_years,
    asks_ahead,
    asks_cause,
    asks_time,
    asks_why,
    asks_yes_no,
    counted,
    counts_things,
    done_by,
    each_named,
    focus_words,
    gives_cause,
    gives_reason,
    has_answer_type,
    in_period,
    is_multi_part,
    mentions,
    names,
    occasion_names,
    occasion_words,
    on_date,
    on_day,
    only_as_noun,
    owns,
    qualifies,
    question_parts,
    question_type,
    reports,
    responds,
    roots,
    set_aside,
    stated_counts,
    stated_times,
    topic,
)
from rag.answering.scorer import ScoreModel, features
from rag.answering.sources import asks_several, asks_sources, each_source, repeats
from rag.answering.spans import answer_span, lead_span, unquoted
from rag.answering.speakers import asked_speaker, continues_quotation, quotes, quotes_someone
from rag.answering.tables import is_row, reading, under_header
from rag.answering.unknowns import left_open
from rag.citations import defuse_markers
from rag.embedding import Embedder
from rag.leads import LEANS_BACK
from rag.passages import Passage
from rag.relative_dates import may_be_ahead, text_before, with_dates
from rag.support import judge
from rag.text import (
    OPENERS,
    base_form,
    fold,
    is_fragment,
    numbers,
    sentence_pieces,
    split_sentences,
    stem,
    terms,
)

if TYPE_CHECKING:
    from rag.answering.likelihood import Scorer


@dataclass(frozen=True)
class Weights:
    """Scoring weights and thresholds; defaults come from evals/tune_extractive.py on dev."""

    sim: float = 1.0
    lex: float = 0.6
    typed: float = 0.0
    rank: float = 0.1
    min_score: float = 0.72  # below this the best sentence does not answer: abstain
    near_best: float = 0.08  # a runner-up must score within this of the best ...
    max_words: int = 75  # ... and fit in the answer's length budget
    max_sentences: int = 2
    type_gate: bool = True  # a typed question ("how many") only takes sentences of that type
    focus_sim: float = 0.75  # a word this close (MiniLM cosine) to the asked attribute stands in
    focus_context: float = 0.65  # ... or a word piece this close to it in context (MaxSim)
    name_sim: float = 0.88  # ... and to an asked name: "Swiss" is 0.91 from "Switzerland", "Shanghai" 0.85 from "Beijing"
    # A question term no sentence holds counts for a sentence with a word piece this close to it
    # in context (MaxSim of MiniLM token vectors): nothing at `soft_from`, in full at `soft_to`.
    soft_from: float = 0.7
    soft_to: float = 0.9
    soft_top: int = 12
    # A multi-part question ("how did X differ from Y", "what did the 2021 and 2024 reports
    # say") also takes runners-up from other sources within `multi_near` of the best; one with
    # sub-questions ("Why X, and what Y?") takes the best sentence of each that clears
    # `part_min`; one comparing years the best sentence of each year's documents.
    multi_near: float = 0.25  # dev: 0.2 left out two second sides, 0.3 a first side
    multi_sentences: int = 3
    multi_words: int = 90
    # a yes/no question's sides, each of them a claim and who makes it, in this many words
    # (dev: 90 left out a third report's side, "... alleged is linked to Chinese support, which
    # Beijing denies"; the other yes/no answers it lengthened stayed wrong, none went wrong)
    sides_words: int = 120
    part_min: float = 0.7
    # Asked what the reports say, one unit per document up to `multi_sentences`, in this many
    # words: one document's pair ("He touted ... He also said ...") may fill `multi_words` alone
    # (dev: 90 left out the second report's sentence on the asked pipeline). Asked "which
    # analysts ...", in `multi_words` (dev: 180 added 90-word sentences naming no more of them).
    source_words: int = 180
    # The best unit with the rest of the quotation it attributes, in this many words (dev: 75
    # left out two third sentences: "“...,” he added. “That this visit took place ...”").
    quote_words: int = 90
    rival_floor: float = 0.62  # a count from another source that differs is quoted down to this
    # With a query-likelihood scorer (RAG_QUERY_LIKELIHOOD=on), the best `likelihood_top`
    # candidates lose `likelihood` per nat of mean question log-probability below the best one.
    likelihood: float = 0.1
    likelihood_top: int = 5


TWIN_SHARE = 2 / 3  # of the best's asked terms that another report's twin sentence holds
# "Officers named them as ...": the people the sentence before counts ("The flood killed three
# people."), asked who they were; to other questions the pair would join one sentence's count or
# topic to the other's words ("how many did the lifeboat crew rescue": "killed three" + "crew")
_NAMES_THEM = re.compile(r"^[\w-]+(?:\s+[\w-]+)?\s+them\b", re.I)
_NAMED = re.compile(r"(?<=\s)[A-Z]")  # a capital after the first word: a name


@dataclass
class Candidate:
    """One answer unit: a sentence (with the one before it when it starts with `They`...)."""

    text: str
    passage: int  # 1-based index into the passages: the citation number
    source: str
    sim: float = 0.0
    lex: float = 0.0
    typed: float = 0.0
    score: float = 0.0
    has_focus: bool = True  # holds the asked-for attribute ("population") or a word close to it
    date: str | None = None  # its document's date (ISO)
    parts: tuple[tuple[float, float, float], ...] = ()  # (sim, lex, typed) per sub-question
    loglik: float | None = None  # mean log-probability of the question given it, when scored
    learned: float | None = None  # the learned scorer's chance that it answers, when one is set
    # its passage's place: in the passages' order, or in the sentence list when that is better
    # (a chunk appended for its sentence's rank 2 is not the 9th best: the answer then does not
    # change with k); `passage` when unknown
    rank: int = 0
    lead: str = ""  # the sentence before, when this unit is it and a "They ..." sentence after it
    # the sentences after it that go on with the quotation it attributes ("“...,” said X, a
    # fellow at Y. “There was also a touch of disdain ...”"): the answer may quote them too
    more: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        self.rank = self.rank or self.passage

    def rescore(self, w: Weights) -> None:
        if self.learned is None:
            self.score = self.combine(w, self.sim, self.lex, self.typed)
        else:
            self.score = self.learned

    def combine(self, w: Weights, sim: float, lex: float, typed: float) -> float:
        prior = self.rank**-0.5  # retrieval rank, gently: later passages still compete
        return w.sim * sim + w.lex * lex + w.typed * typed + w.rank * prior


def _dated(sentence: str, passage: str, published: str | None) -> str:
    """The sentence with the dates its relative days mean, if the citation check accepts them
    against its passage; else as it stands, so a date rule of ours never costs the answer. The
    passage's text before it may give the day it counts from ("A day earlier, ...")."""
    dated = with_dates(sentence, published, text_before(sentence, passage))
    if dated == sentence or judge(dated, [passage], None, [published]).supported:
        return dated
    return sentence


class ExtractiveAnswerer:
    name = "extractive"
    chat = None  # nothing is generated

    def __init__(
        self,
        embedder: Embedder,
        weights: Weights | None = None,
        likelihood: Scorer | None = None,
        model: ScoreModel | None = None,
    ) -> None:
        self.embedder = embedder
        # a learned score lives on its own scale: its thresholds come with it
        self.weights = weights or replace(Weights(), **(model.thresholds if model else {}))
        self.model = model  # scores the candidates instead of the hand-set weights
        self.likelihood = likelihood  # re-ranks the top candidates (rag/answering/likelihood.py)
        self._vectors: dict[str, np.ndarray] = {}
        tokens = getattr(embedder, "token_vectors", None)  # MiniLM's; not an API embedder's
        self.counterparts = Counterparts(tokens) if tokens else None

    def stream(self, question: str, passages: list[Passage]) -> Iterator[str]:
        """The answer a cited sentence at a time, so a page can show each as it comes."""
        author = asks_author(question)
        if author and (credit := byline(passages, asked_names(question) + outlets(question))):
            yield f"{credit[1]} [{credit[0]}]"  # "who wrote the report on X": its byline
            return
        found = self.candidates(question, passages)
        if author:  # no byline: a credit line, or no answer
            found = [c for c in found if credits(c.text)]
        if self.likelihood:
            self.score_likelihood(question, found)
        # "what happened on April 9, 2025": that day's articles' ledes, which no score finds
        day, w = asked_day_news(question), self.weights
        chosen = ledes(found, passages, day, w.max_sentences, w.max_words) if day else []
        chosen = chosen or choose(found, question, w)
        if not chosen:
            yield ABSTAIN
        # Cite every sentence, also both halves of a "... They included ..." pair; to "when",
        # a relative day ("on Wednesday") is followed by the date it means in its article.
        # Each sentence is trimmed to the clause that answers (rag/answering/spans.py).
        when = question_type(question) == "when"
        spans = [(s, c) for c in chosen for s in _spans(c, question, passages)]
        cited = [f"{_dated(s, passages[c.passage - 1].text, c.date) if when else s} [{c.passage}]"
                 for s, c in spans]  # fmt: skip
        for i, sentence in enumerate(cited):
            yield sentence if i == 0 else f" {sentence}"

    def answer(self, question: str, passages: list[Passage]) -> str:
        return "".join(self.stream(question, passages))

    def candidates(self, question: str, passages: list[Passage]) -> list[Candidate]:
        """Every distinct answer unit of the passages with its features."""
        seen: set[str] = set()
        who = question_type(question) == "who"
        found = [c for n, p in enumerate(passages, start=1) for c in _units(n, p, seen, who)]
        if not found:
            return []
        asked = topic(question)
        q_terms = set(terms(asked))
        held_terms = {c.text: _terms_as_asked(c.text, q_terms) for c in found}
        idf = _idf(list(held_terms.values()))
        unseen = math.log(1 + len(found))  # a question term no sentence has weighs most
        q_weight = sum(idf.get(t, unseen) for t in q_terms) or 1.0
        sims = self._similarities(found, passages, [asked])[:, 0]
        kind, verb, act = question_type(question), asked_verb(question), asked_act(question)
        also = self._counted_as(question, found) if kind == "count" else frozenset()
        for cand, sim in zip(found, sims, strict=True):
            cand.sim = float(sim)
            held = q_terms & held_terms[cand.text]
            if verb in held and only_as_noun(cand.text, verb):
                held.discard(verb)  # "the latest sign of ..." holds no signing
            if act and stem(act) in q_terms and reports(cand.text, act):
                held.add(stem(act))  # "pledged" is the asked "pledge", whatever the stems
            cand.lex = sum(idf.get(t, unseen) for t in held) / q_weight
            context = passages[cand.passage - 1].text
            cand.typed = has_answer_type(kind, reading(cand.text), question, also, context)
            if kind == "when" and not cand.typed:  # "A day earlier, ...": the day before's
                said = with_dates(cand.text, cand.date, text_before(cand.text, context))
                cand.typed = has_answer_type(kind, said, question) if said != cand.text else 0.0
            cand.rescore(self.weights)
        # a question term no sentence holds may be there in other words, close in context
        self._add_reworded(asked, q_terms - set(idf), unseen / q_weight, found)
        self._mark_focus(question, found, passages)
        texts = [f"{p.title} {p.text}" for p in passages]
        typed = recased(question, texts)  # "what gifts did xi give putin": the passages' capitals
        if instance := asked_instance(typed):
            self._mark_instance(instance, found)
        # "in May 2024", "at Monday's talks": a sentence about another time does not answer
        period, day, date = asked_period(question), asked_day(question), asked_date(question)
        document = asked_document_date(question)  # "according to the 2021 report"
        about = asked_about(question)  # "what did it say about North Korea"
        # "what did Biden say": not what others said (one part of a question in parts)
        speaker = None if question_parts(question) else asked_speaker(question)
        qualifier = asked_qualifier(question)  # "which German club"
        owner = asked_owner(question)  # "who is China's defense minister"
        thing = asked_name_of(question)  # "what was the name of the treaty"
        ahead = asks_ahead(question)  # "when will it be completed"
        cause = asks_cause(question)  # "what caused the fire": not the fire's toll
        why = asks_why(question) and not question_parts(question)  # a reason, not the event
        unknown = left_open(question)  # "had not yet identified who ..."
        # an undated document may be the one named by its date only when none is dated so
        dated = document and any((p.date or "").startswith(document) for p in passages)
        # "the Texas plant", "in Shanghai": a restriction (rag/answering/constraints.py)
        whole = question_parts(question) or is_multi_part(question)
        mentioned = [] if whole else asked_names(typed)
        named = topical(mentioned, texts)
        # names most passages hold are the topic: a document none of whose passages holds any of
        # them is about something else ("Repairs to the Morwen Star will cost" for the
        # substation's); one may leave a place to its other words ("China" for "Beijing")
        topic_names = [n for n in mentioned if n not in named]
        slots = [] if whole else asked_slots(typed)  # "pay for Arriaga": not for another
        close = self._close_words([w for n in named for w in n], texts)
        off_topic = {
            doc
            for doc, text in (_documents(passages) if topic_names else {}).items()
            if not any(names_met(n, text, close) for n in topic_names)
        }
        bound = None if period or asked_years(question) else asked_bound(question)  # "by 2010"
        ordinal = None if whole else asked_ordinal(question)  # "its first plant"
        past = asks_past(question)  # "what did she say on Monday": not a day still to come
        for cand in found:
            passage = passages[cand.passage - 1]
            if named or day or bound or ordinal:
                around = neighbourhood(cand.text, passage.text, passage.title or "")
                if not all(names_met(name, around, close) for name in named):
                    cand.has_focus = False
                if day and not day_met(day, cand.text, around, cand.date):
                    cand.has_focus = False
                if day and past and day_ahead(day, cand.text, cand.date):
                    cand.has_focus = False
                if bound and not bound_met(bound, cand.text, cand.date):
                    cand.has_focus = False
                if ordinal and not ordinal_met(ordinal, around):
                    cand.has_focus = False
            if (passage.path or passage.source) in off_topic:
                cand.has_focus = False
            if document and not (cand.date or "").startswith(document) and (cand.date or dated):
                cand.has_focus = False
            if period and not in_period(cand.text, cand.date, period, passage.text):
                cand.has_focus = False
            if day and not on_day(cand.text, day):
                cand.has_focus = False
            if date and not on_date(cand.text, cand.date, date):
                cand.has_focus = False
            if about and not all(mentions(cand.text, name) for name in about):
                cand.has_focus = False
            if speaker and not quotes(cand.text, speaker):
                cand.has_focus = False
            if any(slot_taken(cand.text, slot) for slot in slots):
                cand.has_focus = False
            if qualifier and not qualifies(cand.text, qualifier):
                cand.has_focus = False
            if owner and not owns(cand.text, owner):
                cand.has_focus = False
            if thing and not names(cand.text, thing):
                cand.has_focus = False
            if ahead and not may_be_ahead(cand.text, cand.date):
                cand.has_focus = False
            if cause and not gives_cause(cand.text):
                cand.has_focus = False
            if unknown and unknown.search(cand.text):
                cand.has_focus = False
            if why and not gives_reason(cand.text):
                cand.has_focus = False
        self._score_parts(question_parts(question), found, passages, held_terms, idf, unseen)
        if self.model:
            for cand, p in zip(found, self.model.predict(features(question, found)), strict=True):
                cand.learned = float(p)
                cand.rescore(self.weights)
        return found

    def _counted_as(self, question: str, found: list[Candidate]) -> frozenset[str]:
        """The candidates' words (as `roots`) MiniLM-close (`focus_sim`) to what "how many"
        counts: a report may count the asked "postal votes" as "mail ballots" (not as "voters":
        0.72 from "vote", where "ballot" is 0.75)."""
        if not (things := counted(question)):
            return frozenset()
        vocab = sorted({r for c in found for r in roots(c.text)} - things)
        if not vocab:
            return frozenset()
        close = self._embed(sorted(things)) @ self._embed(vocab).T >= self.weights.focus_sim
        return frozenset(str(v) for v in np.asarray(vocab)[close.any(axis=0)])

    def _close_words(self, asked: list[str], texts: list[str]) -> dict[str, set[str]]:
        """Each asked name's words of the passages that are the same name in other words
        (MiniLM cosine at least `name_sim`: "Switzerland" for "Swiss"; not another city)."""
        if not asked:
            return {}
        vocab = np.asarray(sorted({w for t in texts for w in re.findall(r"[a-z]{3,}", fold(t))}))
        close = self._embed(asked) @ self._embed(list(vocab)).T >= self.weights.name_sim
        return {word: set(vocab[row]) for word, row in zip(asked, close, strict=True)}

    def _add_reworded(
        self, asked: str, absent: set[str], weight: float, found: list[Candidate]
    ) -> None:
        """Overlap for the `absent` terms that the best candidates hold in other words: per
        term, from nothing at MaxSim `soft_from` to `weight` at `soft_to`
        (rag/answering/counterparts.py). Only the `soft_top` best are compared (the cost is a
        MiniLM pass over each); none without MiniLM's token vectors (an API embedder)."""
        if self.counterparts is None or not absent:
            return
        w = self.weights
        top = sorted(found, key=lambda c: -c.score)[: w.soft_top]
        close = self.counterparts.closeness(asked, [c.text for c in top], absent)
        for cand, terms_close in zip(top, close, strict=True):
            span = w.soft_to - w.soft_from
            cand.lex += weight * sum(min(1.0, max(0.0, (m - w.soft_from) / span))
                                     for m in terms_close.values())  # fmt: skip
            cand.rescore(w)

    def score_likelihood(self, question: str, found: list[Candidate]) -> None:
        """Each of the top candidates that pass the gates gets the question's log-likelihood."""
        assert self.likelihood is not None
        top = eligible(found, question, self.weights)[: self.weights.likelihood_top]
        for cand, loglik in zip(top, self.likelihood(question, [c.text for c in top]), strict=True):
            cand.loglik = loglik

    def _score_parts(
        self,
        parts: list[str],
        found: list[Candidate],
        passages: list[Passage],
        held_terms: dict[str, set[str]],
        idf: dict[str, float],
        unseen: float,
    ) -> None:
        """Each candidate's similarity, overlap and type against each sub-question."""
        if not parts:
            return
        sims = self._similarities(found, passages, parts)
        for i, cand in enumerate(found):
            held = held_terms[cand.text]
            scored = []
            for j, part in enumerate(parts):
                p_terms = set(terms(part))
                weight = sum(idf.get(t, unseen) for t in p_terms) or 1.0
                lex = sum(idf[t] for t in p_terms & held) / weight
                typed = has_answer_type(question_type(part), cand.text, part)
                scored.append((float(sims[i, j]), lex, typed))
            cand.parts = tuple(scored)

    def _mark_focus(self, question: str, found: list[Candidate], passages: list[Passage]) -> None:
        """Which candidates name the question's focus in their sentence, and its occasion in
        their passage: same stem, or a MiniLM-close word. Of a focus in several words ("new
        chief executive", "third-quarter revenue") the head noun, its last, must be in the
        sentence; its modifiers may be in the passage ("Nordvind appoints new chief executive"
        over "Nordvind named Helle Dahl as chief executive"). The act of a "what did they
        discuss" question must be in the sentence as a verb ("discussed", "pledged"), or a
        close word ("discussion"): a sentence that reports only the meeting ("will also talk
        with ...") gives no content of it."""
        focus, occasion = focus_words(question), occasion_words(question)
        called = occasion_names(question)  # "at the Brennock plant": its name
        act = asked_act(question)
        if not focus and not occasion and not act:
            return
        words = {c.text: set(terms(c.text)) for c in found}
        # the passages' words are read only when an occasion or a modifier is asked
        wide = occasion or len(focus) > 1
        around = [set(terms(f"{p.title} {p.text}")) for p in passages] if wide else []
        listed = sorted(set().union(*words.values(), *around))
        vocab = np.asarray(listed)
        asked = focus + occasion + ([act] if act else [])
        close = self._embed(asked) @ self._embed(listed).T >= self.weights.focus_sim
        reworded: dict[str, set[str]] = {}  # a sentence's focus words it may say otherwise
        for cand in found:
            sentence = words[cand.text]
            setting = sentence | around[cand.passage - 1] if wide else sentence
            scopes = [sentence if i == len(focus) - 1 else setting for i in range(len(asked))]
            unmet = {
                f
                for i, (f, held) in enumerate(zip(asked, scopes, strict=True))
                if f != act
                and not (stem(f) in held or any(v in held for v in vocab[close[i]]))
                and not (f in called and called[f] in held)
            }
            acts = (
                not act
                or reports(cand.text, act)
                or any(v in sentence for v in vocab[close[-1]])
                and not only_as_noun(cand.text, stem(act))  # "Putin's visit"
            )
            cand.has_focus = not unmet and bool(acts)
            if unmet and acts and unmet <= set(focus):
                reworded[cand.text] = unmet
        self._focus_in_context(question, found, reworded)

    def _focus_in_context(
        self, question: str, found: list[Candidate], reworded: dict[str, set[str]]
    ) -> None:
        """A sentence holds a focus word it says otherwise when the word's MaxSim in context
        (rag/answering/counterparts.py) reaches `focus_context`: "Halvard's overseas minister"
        holds the asked "foreign minister" (0.68), "Halvard's defence minister" does not (0.21).
        Of the `soft_top` best such sentences (a MiniLM pass each)."""
        if self.counterparts is None or not reworded:
            return
        w = self.weights
        top = sorted((c for c in found if c.text in reworded), key=lambda c: -c.score)
        top = top[: w.soft_top]
        keys = {f: (terms(f) or [f])[0] for f in set().union(*reworded.values())}
        close = self.counterparts.closeness(question, [c.text for c in top], set(keys.values()))
        for cand, near in zip(top, close, strict=True):
            cand.has_focus = all(near.get(keys[f], 0.0) >= w.focus_context
                                 for f in reworded[cand.text])  # fmt: skip

    def _mark_instance(self, instance: Instance, found: list[Candidate]) -> None:
        """A "what gift did X give" answer names the noun or a close word, or reports the verb
        done by X (questions.asked_instance): the rest tell of something else ("What this
        visit gives Putin is ...")."""
        listed = sorted({t for c in found for t in terms(c.text)})
        if not listed:
            return
        close = self._embed([instance.noun]) @ self._embed(listed).T >= self.weights.focus_sim
        near = {stem(instance.noun)} | {str(v) for v in np.asarray(listed)[close[0]]}
        for cand in found:
            if near & set(terms(cand.text)):
                continue
            if not done_by(cand.text, instance.who, instance.verb):
                cand.has_focus = False

    def _similarities(
        self, found: list[Candidate], passages: list[Passage], queries: list[str]
    ) -> np.ndarray:
        """Each candidate's cosine to each query. A quotation's attribution may answer ("said
        X, a fellow at the Lowy Institute in Sydney"): a sentence that is mostly a quotation
        reads as close to a query as its words outside the quotation do."""
        asked = self._embed(queries).T
        sims = self._sentence_vectors([c.text for c in found], passages) @ asked
        outside = {i: text for i, c in enumerate(found) if (text := unquoted(c.text))}
        if outside:
            rows = list(outside)
            sims[rows] = np.maximum(sims[rows], self._embed(list(outside.values())) @ asked)
        return sims

    def _sentence_vectors(self, texts: list[str], passages: list[Passage]) -> np.ndarray:
        """The store's vectors of these sentences where retrieval brought them, else embedded."""
        stored = {t: v for p in passages for t, v in p.sentence_vectors.items()}
        rest = [t for t in texts if t not in stored]
        embedded = dict(zip(rest, self._embed(rest), strict=True)) if rest else {}
        return np.stack([stored[t] if t in stored else embedded[t] for t in texts])

    def _embed(self, texts: list[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if missing:
            if len(self._vectors) > 20_000:
                self._vectors.clear()
            self._vectors.update(zip(missing, self.embedder.embed(missing), strict=True))
        return np.stack([self._vectors[t] for t in texts])


def _documents(passages: list[Passage]) -> dict[str, str]:
    """Each document's title and retrieved passages, as one text, by the document's identity."""
    joined: dict[str, list[str]] = {}
    for p in passages:
        joined.setdefault(p.path or p.source, [p.title or ""]).append(p.text)
    return {doc: " ".join(texts) for doc, texts in joined.items()}


def _spans(cand: Candidate, question: str, passages: list[Passage]) -> list[str]:
    """The unit's sentences, each trimmed to the clause that answers; a pair's lead to its
    opening when the "They ..." sentence after it holds all it answers (spans.lead_span)."""
    passage = passages[cand.passage - 1].text
    sentences = split_sentences(cand.text)
    leads = len(split_sentences(cand.lead)) if cand.lead else 0
    after = " ".join(sentences[leads : leads + 1])
    return [
        lead_span(s, question, passage, cand.date, after)
        if i < leads
        else answer_span(s, question, passage, cand.date)
        for i, s in enumerate(sentences)
    ]


def _units(n: int, passage: Passage, seen: set[str], who: bool = False) -> Iterator[Candidate]:
    """The passage's answer units not `seen` yet (adding them): its sentences, a "They ..."
    sentence with the one before it (asked `who`, also a "... named them as ..." one), and each
    table row under its header row."""
    previous, header = "", ""
    quoting: Candidate | None = None  # the unit that names the speaker of a running quotation
    rank = min(n, passage.ranks.get("sentence", n))
    for raw, piece in sentence_pieces(defuse_markers(passage.text)):
        sentence = raw.strip()  # a document's own "[9]" is now "(9)": not ours
        if quoting and continues_quotation(sentence):
            quoting.more += (sentence,)
        else:
            quoting = None
        if is_row(sentence):  # the first row of a table is its header
            previous = ""  # no "They ..." sentence leans on a row
            if not header:
                header = sentence
                continue
            row = under_header(header, sentence)
            if fold(row) not in seen:
                seen.add(fold(row))
                yield Candidate(row, n, passage.source, date=passage.date, rank=rank)
            continue
        header = ""
        leans = LEANS_BACK.match(sentence) or who and _NAMES_THEM.match(sentence)
        lead = previous if previous and leans else ""
        text = f"{lead} {sentence}" if lead else sentence
        previous = sentence
        # a quoted sentence opens with a quote mark, not a capital
        cut = not piece and (
            not sentence.lstrip(OPENERS)[:1].isupper() or is_fragment(sentence)
        )  # text without punctuation has no sentences to cut: its pieces answer
        if fold(text) in seen or len(sentence.split()) < 5 or cut:
            continue  # skip repeats from overlapping chunks and pieces cut at chunk edges
        seen.add(fold(text))
        cand = Candidate(text, n, passage.source, date=passage.date, rank=rank, lead=lead)
        if quotes_someone(sentence):
            quoting = cand
        yield cand


def eligible(candidates: list[Candidate], question: str, w: Weights) -> list[Candidate]:
    """The candidates that hold the asked type and focus, best score first."""
    for cand in candidates:
        cand.rescore(w)
    if w.type_gate and question_type(question):
        candidates = [c for c in candidates if c.typed >= 0.5]
    candidates = [c for c in candidates if c.has_focus]
    # "besides cars, what ...": a sentence that lists what is set aside lists the answer, when
    # one that answers does
    if aside := set_aside(question):
        listing = [c for c in candidates if aside & set(terms(c.text))]
        if any(c.score >= w.min_score for c in listing):
            candidates = listing
    return sorted(candidates, key=lambda c: -c.score)


def choose(candidates: list[Candidate], question: str, w: Weights) -> list[Candidate]:
    """The units that answer, best first; empty when none clears the threshold."""
    chosen = _choose(candidates, question, w)
    chosen = _unpaired(chosen, eligible(candidates, question, w), set(terms(question)))
    return _quoted_on(chosen, question, w.quote_words)


def _quoted_on(chosen: list[Candidate], question: str, budget: int) -> list[Candidate]:
    """The best unit with the rest of the quotation it attributes, as far as fits in `budget`
    words, when the question asks what, how or why (not who, when or how many: the
    attribution holds that) and the unit answers alone (an answer in parts keeps each part to
    its unit). Asked what an analyst said, the sentence naming him often holds only the
    quotation's lead-in ("... wasn't just to emphasize the closeness ..."), its point the next
    one ("There was also a touch of disdain ...")."""
    if len(chosen) != 1 or not chosen[0].more or question_type(question):
        return chosen
    best, words = chosen[0], len(chosen[0].text.split())
    added = []
    for sentence in best.more:
        words += len(sentence.split())
        if words > budget:
            break
        added.append(sentence)
    if not added:
        return chosen
    whole = replace(best, text=" ".join([best.text, *added]), more=())
    return [whole, *(c for c in chosen[1:] if not repeats(c, [whole]))]


def _unpaired(chosen: list[Candidate], ranked: list[Candidate], asked: set[str]) -> list[Candidate]:
    """A pair ("X traveled with a delegation. They included ...") stands as its lead sentence
    alone when that holds as much of the question's terms and asked type: the "They ..." after
    it then adds words, not an answer. It stands as its "They ..." sentence alone when the lead
    holds none of the question's terms and names no one the pronoun could mean ("Our
    cooperation ... he added. The two leaders, who have met more than 40 times, ...")."""
    alone = {c.text: c for c in ranked if not c.lead}
    kept: list[Candidate] = []
    for cand in chosen:
        cand = _stands_as(cand, alone, asked)
        if cand not in kept:
            kept.append(cand)
    return kept


def _stands_as(cand: Candidate, alone: dict[str, Candidate], asked: set[str]) -> Candidate:
    """The unit a chosen pair stands as in the answer (see `_unpaired`); any other as it is."""
    lead = alone.get(cand.lead)
    if lead and lead.lex >= cand.lex and lead.typed >= cand.typed:
        return lead
    if cand.lead and not asked & set(terms(cand.lead)) and not _NAMED.search(cand.lead):
        return replace(cand, text=cand.text[len(cand.lead) :].lstrip(), lead="")
    return cand


def _choose(candidates: list[Candidate], question: str, w: Weights) -> list[Candidate]:
    ranked = _by_likelihood(eligible(candidates, question, w), w)
    if not ranked or ranked[0].score < w.min_score:
        return []
    best = ranked[0]
    if (parts := question_parts(question)) and best.parts:
        return _by_part(ranked, parts, w)
    kind = question_type(question)
    counting, timing = kind == "count", kind == "when"
    if years := asked_years(question):
        chosen = _by_year(ranked, years, w)
        # the other year's count may stand in an undated document, and may read little like
        # the question: asked for each report's count, any other count of the asked thing is it
        if counting and len(chosen) == 1:
            chosen += _rival_count(best, ranked[1:], replace(w, rival_floor=0.0), question)
        return chosen
    multi, sides = is_multi_part(question), asks_yes_no(question)
    near, most, budget = (
        (w.multi_near, w.multi_sentences, w.sides_words if sides else w.multi_words)
        if multi
        else (w.near_best, w.max_sentences, w.max_words)
    )
    named = each_named(question)
    several = multi and asks_several(question)
    # a pair counts the words it will stand as: "X. They included ..." may be X alone
    alone, asked = {c.text: c for c in ranked if not c.lead}, set(terms(question))
    chosen, words = [best], len(_stands_as(best, alone, asked).text.split())
    for cand in ranked[1:]:
        if len(chosen) == most:
            break
        # to a yes/no question, a counterpoint that would answer alone is the other side
        against = sides and cand.score >= w.min_score and counterpoint(cand.text)
        if not (best.score - cand.score <= near or multi and _holds_as_much(cand, best) or against):
            continue
        size = len(_stands_as(cand, alone, asked).text.split())
        # the other side, set against the first, is no extra to leave out for want of room
        room = w.source_words if against else budget
        if words + size > room or repeats(cand, chosen):
            continue
        if named:  # "did A and B each ...": a part is a sentence on one not spoken of yet
            if _names_another(cand, chosen, named):
                chosen.append(cand)
                words += size
            continue
        new_source = all(cand.source != c.source for c in chosen)
        new_number = counting and all(numbers(cand.text) != numbers(c.text) for c in chosen)
        # asked which ones of a kind, one report may name two of them in close sentences
        new_name = several and best.score - cand.score <= w.near_best and _names_new(cand, chosen)
        # to "when", another report's close sentence that dates it otherwise ("Thursday
        # evening" against "Thursday afternoon") is a rival time, stated beside the best
        rival = new_number or timing and new_source and _dates_otherwise(cand, chosen)
        if not (multi or rival or cand.lex >= best.lex):
            continue  # reads like the question but holds less of what it asks: another topic
        if new_source or new_number or new_name:
            chosen.append(cand)
            words += size
    if counting and len(chosen) == 1:
        chosen += _rival_count(best, ranked[1:], w, question) or _reworded_count(best, candidates)
    if sides and len(chosen) == 1:
        chosen += _other_side(_stands_as(best, alone, asked), ranked[1:], w.min_score, budget)
    if counting:
        chosen = _corrected(chosen, ranked, w.rival_floor, budget, counted(question))
    if not (multi or counting) and any(_outdoes(c, best) for c in chosen[1:]):
        chosen.remove(best)
    elif not (multi or counting):
        common = _common_terms(question)
        for cand in ranked[1:]:
            if best.score - cand.score > near:
                break
            if (
                cand.source == best.source
                and _outdoes(cand, best)
                and len(common & set(terms(cand.text))) > len(common & set(terms(best.text)))
            ):
                chosen = [cand, *(c for c in chosen[1:] if not repeats(c, [cand]))]
                break
    # "how has X responded to Y": the best may tell Y (the claims), X's response its runner-up
    if (who := asked_responder(question)) and len(chosen) < most:
        chosen += _response(chosen, ranked, who, w.min_score, budget)
    # asked at what time, against the unit that stands as the answer (a runner-up may outdo it)
    if timing and len(chosen) == 1 and asks_time(question):
        chosen += _rival_time(chosen[0], [c for c in ranked if c is not chosen[0]], w)
    # "what do the reports say", "which analysts commented", "why ...": each document's best
    # too (two reports may each give a part of the reason)
    if (sources := asks_sources(question)) or asks_several(question) or asks_why(question):
        budget = w.source_words if sources else w.multi_words
        # another document's best reads less like the question than the best: as close as a
        # part of a multi-part question must be, not as close as an answer alone
        floor = min(w.min_score, best.score - w.multi_near)
        # of a document's units that clear it, first one that holds as much of the asked terms
        # as the best: its sentence on the asked thing, not one that only reads like it
        pool = sorted(
            (c for c in ranked if c.score >= floor), key=lambda c: not _holds_as_much(c, best)
        )
        return each_source(chosen, pool, floor, w.multi_sentences, budget)
    # a name, a date or a number is one fact the best holds; what happened, how or why two
    # reports may each tell a part of
    if chosen == [best] and not kind and _twin(best, ranked[1:], w):
        chosen += _fit([best, ranked[1]], budget)[1:]
    return chosen


def _other_side(
    best: Candidate, others: list[Candidate], floor: float, budget: int
) -> list[Candidate]:
    """To a yes/no question that no other source's sentence answers near the best, the best's
    runner-up that clears `floor` and fits in `budget` words with it: one report often gives
    both sides itself ("trade is growing at a good pace, Putin said"; customs data show "a
    decline in trade"), and the side that reads less like the question holds fewer of its terms
    ("growing"), so it scores lower."""
    words = len(best.text.split())
    return _first_down_to(
        others, floor, lambda c: words + len(c.text.split()) <= budget and not repeats(c, [best])
    )


def _response(
    chosen: list[Candidate], ranked: list[Candidate], who: str, floor: float, budget: int
) -> list[Candidate]:
    """Asked how X responded to Y, when no chosen unit has X as its subject: the first unit down
    to `floor` that does and fits in `budget` words. The question spells Y out ("US claims that
    it is supplying Russia's war machine"), so the sentence on the claims reads most like it;
    X's answer to them ("Beijing has slammed the US as making groundless accusations") less."""
    if any(responds(c.text, who) for c in chosen):
        return []
    words = sum(len(c.text.split()) for c in chosen)
    found = _first_down_to(
        ranked, floor, lambda c: responds(c.text, who) and not repeats(c, chosen)
    )
    return found if words + sum(len(c.text.split()) for c in found) <= budget else []


def _names_another(cand: Candidate, chosen: list[Candidate], named: list[str]) -> bool:
    """Does it mention one of the named ones that no chosen sentence mentions?"""
    return any(
        mentions(cand.text, name) and not any(mentions(c.text, name) for c in chosen)
        for name in named
    )


_FULL_NAME = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+")  # "Daniel Osei", "Tallis Valley Water"


def _names_new(cand: Candidate, chosen: list[Candidate]) -> bool:
    """Does it name, in full, someone or something no chosen unit names?"""
    said = " ".join(c.text for c in chosen)
    return any(name.split()[-1] not in said for name in _FULL_NAME.findall(cand.text))


def _dates_otherwise(cand: Candidate, chosen: list[Candidate]) -> bool:
    """Does it state a date or time of day that no chosen unit states, of a kind one states
    (another time of day, another year)?"""
    said = set().union(*(stated_times(c.text) for c in chosen))
    kinds = {kind for kind, _ in said}
    return any(kind in kinds for kind, _ in stated_times(cand.text) - said)


def _twin(best: Candidate, others: list[Candidate], w: Weights) -> bool:
    """Does the runner-up, from another document, stand with the best apart from the rest? It
    clears `min_score`, holds most of the asked terms the best holds, and is closer to the best
    than to the candidate after it, though not within `near_best` (a near tie that holds less
    of the asked terms is another topic): two reports of the same event ("the line was closed", "the
    line reopened on Friday"), each with its part of what happened."""
    if not others or others[0].source == best.source or others[0].score < w.min_score:
        return False
    cand, after = others[0], others[1].score if len(others) > 1 else 0.0
    apart = w.near_best < best.score - cand.score < cand.score - after  # a near tie: see above
    return apart and cand.lex >= TWIN_SHARE * best.lex


def _common_terms(question: str) -> set[str]:
    """The question's terms of its lower-case words: what it asks about, not the names it is
    set among, which a sentence may say as "the company" or "he"."""
    return set(terms(" ".join(w for w in question.split()[1:] if not w[:1].isupper())))


def _outdoes(cand: Candidate, best: Candidate) -> bool:
    """Does a close runner-up hold more of the question's terms, and as much of the asked type?
    Then the best only read more like the question: the runner-up answers it, alone. (To "how
    many", another source's other count is a rival, quoted beside the best: not this.)"""
    return cand.lex > best.lex and cand.typed >= best.typed


def _by_likelihood(ranked: list[Candidate], w: Weights) -> list[Candidate]:
    """The top candidates re-ranked with their question likelihood, when they were scored."""
    top = ranked[: w.likelihood_top]
    if not top or any(c.loglik is None for c in top):
        return ranked
    best = max(c.loglik or 0.0 for c in top)
    for cand in top:
        cand.score += w.likelihood * ((cand.loglik or 0.0) - best)
    return sorted(top, key=lambda c: -c.score) + ranked[len(top) :]


def _by_part(ranked: list[Candidate], parts: list[str], w: Weights) -> list[Candidate]:
    """The best sentence for each sub-question that clears `part_min`; else the best overall."""
    chosen: list[Candidate] = []
    for j, part in enumerate(parts):
        period = asked_period(part)  # "..., and what did he say in 2024?": that year's sentences
        gated = [
            c
            for c in ranked
            if (not (w.type_gate and question_type(part)) or c.parts[j][2] >= 0.5)
            and (not period or in_period(c.text, c.date, period))
        ]
        scored = sorted(((c.combine(w, *c.parts[j]), i) for i, c in enumerate(gated)), reverse=True)
        if scored and scored[0][0] >= w.part_min and gated[scored[0][1]] not in chosen:
            chosen.append(gated[scored[0][1]])
    return _fit(sorted(chosen, key=lambda c: -c.score) or ranked[:1], w.multi_words)


def _by_year(ranked: list[Candidate], years: list[str], w: Weights) -> list[Candidate]:
    """The best sentence from each compared year's documents, near enough to the best; first
    one that holds as much of the asked terms as the best."""
    best = ranked[0]
    chosen = [best]
    for year in years:
        dated = [
            c
            for c in ranked
            if (c.date or "").startswith(year)
            and (best.score - c.score <= w.multi_near or _holds_as_much(c, best))
        ]
        dated.sort(key=lambda c: not _holds_as_much(c, best))  # its sentence on the asked terms
        if dated and dated[0] not in chosen:
            chosen.append(dated[0])
    return _fit(chosen, w.multi_words)


def _holds_as_much(cand: Candidate, best: Candidate) -> bool:
    """Does it hold as much of the asked terms as the best? Then, to a question in several
    parts, it is a part even when it reads less like the question (another source's wording)."""
    return cand.lex >= best.lex > 0


def _fit(chosen: list[Candidate], budget: int) -> list[Candidate]:
    """The first candidates, in order, that fit in the word budget (the first always)."""
    kept, words = chosen[:1], len(chosen[0].text.split())
    for cand in chosen[1:]:
        size = len(cand.text.split())
        if words + size <= budget and not repeats(cand, kept):
            kept.append(cand)
            words += size
    return kept


def _rival_count(
    best: Candidate, others: list[Candidate], w: Weights, question: str
) -> list[Candidate]:
    """Another source's different count of the same thing, so a disagreement is stated, not
    hidden (37 meetings in one article, more than 40 in another). Only typed candidates reach
    here: each counts what was asked. A count of the asked thing may be spelled out ("killed
    three people")."""
    things = counted(question)
    return _rival(best, others, w.rival_floor, lambda text: stated_counts(text, things))


def _rival_time(best: Candidate, others: list[Candidate], w: Weights) -> list[Candidate]:
    """Asked at what time, another source's other time of day ("4:30 p.m." in the first
    report, "11:50 a.m." in the follow-up): the times are stated side by side, as counts are."""
    return _rival(best, others, w.rival_floor, _times_of_day)


def _times_of_day(text: str) -> set[str]:
    return {value for kind, value in stated_times(text) if kind == "time"}


def _rival(
    best: Candidate, others: list[Candidate], floor: float, stated: Callable[[str], set[str]]
) -> list[Candidate]:
    """The first of the others, down to `floor`, from another source that states a value
    (`stated`) the best does not."""
    said = stated(best.text)
    return _first_down_to(
        others, floor, lambda c: c.source != best.source and bool(stated(c.text) - said)
    )


def _first_down_to(
    ranked: list[Candidate], floor: float, wanted: Callable[[Candidate], bool]
) -> list[Candidate]:
    """The first of the ranked candidates, down to `floor`, that is `wanted`; none past it."""
    for cand in ranked:
        if cand.score < floor:
            break
        if wanted(cand):
            return [cand]
    return []


def _corrected(
    chosen: list[Candidate], ranked: list[Candidate], floor: float, budget: int, things: set[str]
) -> list[Candidate]:
    """The chosen units with a sentence, down to `floor`, that states a chosen count and
    another one ("now says the notice covered around 61,000 households, not the 48,000 it
    announced"): a report correcting a figure states the disagreement itself. It comes second,
    in place of the chosen units whose counts it restates."""
    said = set().union(*(stated_counts(c.text, things) for c in chosen))
    for cand in ranked:
        if cand.score < floor:
            break
        own = stated_counts(cand.text, things)
        if repeats(cand, chosen) or not (own & said and own - said):
            continue
        rest = [c for c in chosen[1:] if not stated_counts(c.text, things) <= own]
        return _fit([chosen[0], cand, *rest], budget)
    return chosen


def _reworded_count(best: Candidate, candidates: list[Candidate]) -> list[Candidate]:
    """Another report's count of the asked thing in other words ("about 600 homes and
    businesses" against "more than 900 properties"): of the sentences the type gate left out,
    the best from another source that reads more like the question than the best, holds as much
    of its terms, and counts things."""
    for cand in sorted(candidates, key=lambda c: -c.score):
        if cand.score <= best.score:
            break
        if (
            cand.has_focus
            and cand.source != best.source
            and _holds_as_much(cand, best)
            and counts_things(cand.text)
        ):
            return [cand]
    return []


def _terms_as_asked(text: str, asked: set[str]) -> set[str]:
    """The text's terms, each as the question's term of the same base form when it has one:
    "fined" holds the asked "fine", "quitting" the asked "quit" (rag.text.base_form); an agent
    noun its verb: "owner" holds the asked "owns", "leader" the asked "lead"."""
    bases = {base_form(t): t for t in asked}
    return {_as_asked(t, bases) for t in terms(text)}


def _as_asked(term: str, bases: dict[str, str]) -> str:
    """The asked term of the term's base form; else the asked verb an agent noun names the doer
    of ("owner", "leader"); else the term."""
    if (same := bases.get(base_form(term))) is not None:
        return same
    if term.endswith("er") and len(term) > 4:
        return bases.get(base_form(term[:-2]), term)
    return term


def _idf(docs: list[set[str]]) -> dict[str, float]:
    """Smoothed IDF over the candidate sentences: names every sentence shares weigh little."""
    counts: dict[str, int] = {}
    for doc in docs:
        for term in doc:
            counts[term] = counts.get(term, 0) + 1
    return {t: math.log(1 + len(docs) / c) for t, c in counts.items()}
