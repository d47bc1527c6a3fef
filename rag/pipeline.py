"""The one library API that the CLI, the UI and the evals share: ingest, ask, list sources.

`Pipeline.ask` returns an `Answer`: the text, its checked citations, what was retrieved and how
long each step took. One object, many readers (terminal, JSON, web page, eval scores).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rag.answering import ABSTAIN, Answerer, answerer_kind, is_abstention, make_answerer
from rag.answering.counterpoints import holds_counterpoint
from rag.answering.questions import asked_period, asked_years, asks_yes_no
from rag.citations import CheckedSentence, Citation, Verifier, check_answer
from rag.conflicts import Stated, compared, conflict_note, find_conflicts
from rag.decompose import decompose
from rag.documents import (
    UPLOAD_PREFIX,
    Document,
    file_name,
    load_upload,
    names_document,
    short_names,
    upload_name,
)
from rag.embedding import Embedder, make_embedder
from rag.errors import DocumentError, EmptyQuestion, QuestionError, QuestionTooLong, StoreError
from rag.filters import Filters, date_span, within_year
from rag.multipart import join_answers, split_questions
from rag.passages import Passage
from rag.readers import formats
from rag.reranking import make_reranker
from rag.retrieval import Retriever
from rag.scope import contest, within
from rag.settings import Settings
from rag.store import Store, ids_by_path
from rag.support.names import NO_LEXICON, Lexicon
from rag.text import ESCAPES, is_fragment
from rag.verify import make_verifier

if TYPE_CHECKING:  # rag.ingest is imported by the methods that write: `rag ask` never loads it
    from rag.ingest import IngestReport

INGEST_HINT = f"add articles with `rag ingest PATH ...` ({formats()} files, or folders)"


@dataclass
class Answer:
    question: str
    answer: str
    abstained: bool
    citations: list[Citation]
    retrieved: list[Passage]
    llm: str
    timings_ms: dict[str, float]
    sentences: list[CheckedSentence] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # e.g. sources that differ in date
    conflicts: list[Stated] = field(default_factory=list)  # figures the cited sources differ on

    def to_json(self) -> dict[str, Any]:
        """The `rag ask --json` object."""
        return {
            "question": self.question,
            "answer": self.answer,
            "abstained": self.abstained,
            "citations": [asdict(c) for c in self.citations],
            "retrieved": [
                {
                    "source": p.source,
                    "path": p.path,
                    "chunk_id": p.chunk_id,
                    "score": round(p.score, 5),
                    "ranks": p.ranks,
                    "also_in": list(p.also_in),
                }  # fmt: skip
                for p in self.retrieved
            ],
            "sentences": [asdict(s) for s in self.sentences],
            "notes": self.notes,
            "conflicts": [asdict(s) for s in self.conflicts],
            "llm": self.llm,
            "timings_ms": {k: round(v, 1) for k, v in self.timings_ms.items()},
        }


def clean_question(question: str, limit: int) -> str:
    """Strip terminal escape sequences whole and other control characters; refuse empty and
    over-long questions, and ones without a letter or digit, with a one-line reason; a sentence typed twice is asked once (see
    `said_once`), a "!" or "?!" ending is a "?". The limit applies to the cleaned question, so
    a pasted repeat does not count twice; past 10 times the limit nothing is cleaned at all."""
    if len(question) > _CLEANED_AT_MOST * limit:
        raise QuestionTooLong(
            f"the question is {len(question):,} characters; the limit is {limit:,}"
        )
    text = ESCAPES.sub("", question)  # `ESC[31m` whole, not as a stray `[31m`
    text = "".join(ch if ch.isprintable() else " " for ch in text).strip()
    if not text:
        raise EmptyQuestion("the question is empty")
    text = _EMOJI.sub(_gap, text).strip()
    if not text:
        raise QuestionError("the question has no words, only emoji")
    if not any(ch.isalnum() for ch in text):  # "??", "...": nothing to search for
        raise QuestionError("the question has no words, only punctuation")
    text = said_once(_EMPHASIS.sub("?", text))
    if len(text) > limit:
        raise QuestionTooLong(f"the question is {len(text):,} characters; the limit is {limit:,}")
    return text


_CLEANED_AT_MOST = 10  # times the limit: a longer input is refused before any cleaning

# Emoji (pictographs, flags, dingbats and their modifiers, with the spaces around them): a
# question's "🙂" or "Putin 🇷🇺?" searched for nothing and turned its answer to another passage.
_EMOJI = re.compile(
    r"(?:\s*[\U0001F000-\U0001FAFF\u2300-\u23FF\u2600-\u27BF\u2B00-\u2BFF\uFE0F"
    r"\U000E0020-\U000E007F])+\s*"
)


def _gap(match: re.Match[str]) -> str:
    """What an emoji leaves: a space between words, nothing at either end or before a mark."""
    text, end = match.string, match.end()
    return "" if match.start() == 0 or end == len(text) or text[end] in "?.!,;:" else " "


_AFTER_STOP = re.compile(r"(?<=[.!?…])\s+")
# "Who went with Putin!", "?!", "??": marks that end a sentence typed to a question box ask a
# question; as one "?" they retrieve and answer like it (MiniLM reads "!" as another sentence).
_EMPHASIS = re.compile(r"(?:[?!]{2,}|!)(?=\s+[\"“‘(\[]?[A-Z]|\s*$)", re.I)


def said_once(text: str) -> str:
    """The text with each sentence that repeats an earlier one (ignoring case, spacing and its
    closing mark) left out: "Who went? who went?" retrieved and answered unlike "Who went?",
    as its words counted twice. A full stop after an abbreviation (`Mr.`) ends no sentence."""
    sentences: list[str] = []
    for piece in _AFTER_STOP.split(text):
        if sentences and is_fragment(sentences[-1]):
            sentences[-1] += " " + piece
        else:
            sentences.append(piece)
    seen: set[str] = set()
    kept = []
    for sentence in sentences:
        key = " ".join(sentence.casefold().split()).rstrip(".!?… ")
        if key not in seen:
            seen.add(key)
            kept.append(sentence)
    return text if len(kept) == len(sentences) else " ".join(kept)


# An answerer's draft that the check rejected whole: the sources may still hold the answer.
WITHHELD = (
    "the answerer wrote an answer, but none of its sentences is supported by the passage it "
    "cites, so it is not shown"
)


def _final(events: Iterator[str | Answer]) -> Answer:
    """The checked `Answer` a stream of drafts ends with."""
    *_, answer = events
    assert isinstance(answer, Answer), "a stream ends with its Answer"
    return answer


def date_note(citations: list[Citation]) -> str | None:
    """Say so when the cited sources were published on different dates."""
    dated = {c.n: c.date for c in citations if c.date}
    if len(set(dated.values())) < 2:
        return None
    listed = ", ".join(f"[{n}] {d}" for n, d in sorted(dated.items()))
    return f"The cited sources differ in date: {listed}."


def _free_upload_name(doc: Document, taken: set[str]) -> Document:
    """The upload under the first `name (n).ext` no indexed document has, so both are kept."""
    stem, dot, suffix = doc.source.rpartition(".")
    n = 2
    while True:
        name = f"{stem} ({n}).{suffix}" if dot else f"{doc.source} ({n})"
        if name not in taken:
            return replace(doc, source=name, path=UPLOAD_PREFIX + name)
        n += 1


class Pipeline:
    """A loaded store, embedder and retriever; answerers are made on first use and kept."""

    def __init__(self, settings: Settings | None = None, embedder: Embedder | None = None) -> None:
        self.settings = settings or Settings()
        self.embedder = embedder or make_embedder(self.settings)
        self.store = Store(self.settings, self.embedder.name)
        self.retriever = Retriever(self.store, self.embedder, fold=self.settings.fold_copies)
        self.reranker = make_reranker(self.settings.reranker, self.embedder)
        self._answerers: dict[str, Answerer] = {}
        self._verifiers: dict[str, Verifier | None] = {}
        self._labels: dict[str, str] = {}
        self._labels_key: tuple | None = None
        self._names = NO_LEXICON
        self._names_key: tuple | None = None

    # -- indexing ---------------------------------------------------------------------------
    def ingest(
        self,
        paths: list[Path],
        reset: bool = False,
        progress: Callable[[int], None] | None = None,
        prune: bool = False,
    ) -> IngestReport:
        """Index files and folders; `reset` rebuilds aside, `prune` drops vanished files."""
        from rag.ingest import ingest

        report = ingest(paths, self.settings, self.store, self.embedder, reset, progress, prune)
        self._changed()
        return report

    def ingest_documents(
        self, docs: list[Document], progress: Callable[[int], None] | None = None
    ) -> IngestReport:
        """Index documents loaded elsewhere (UI uploads, benchmarks), replacing same identities."""
        from rag.ingest import write_documents

        report = write_documents(docs, self.settings, self.store, self.embedder, progress=progress)
        self._changed()
        return report

    def ingest_uploads(
        self,
        files: list[tuple[str, bytes]],
        replace: bool = True,
        progress: Callable[[int], None] | None = None,
    ) -> IngestReport:
        """Index uploaded (name, bytes) pairs from memory, keyed `upload:<name>`.

        An upload whose file name is already indexed (an earlier upload, or a file indexed from a
        folder, such as a seed) replaces every document of that name, once the upload is in; with
        `replace` off it is kept beside them as `name (2).ext`. Refused files go to
        `report.skipped`.
        """
        from rag.ingest import IngestReport, write_documents

        report, docs = IngestReport(), []
        taken = {file_name(path) for path in self.labels()}  # file names, as Keep both numbers
        for name, raw in files:
            try:
                doc = load_upload(name, raw, self.settings.max_file_bytes)
            except DocumentError as exc:
                report.skipped.append(str(exc))
                continue
            if not replace and doc.source in taken:
                doc = _free_upload_name(doc, taken)
            taken.add(doc.source)
            docs.append(doc)
        if docs:
            write_documents(docs, self.settings, self.store, self.embedder, report=report,
                            progress=progress)  # fmt: skip
            self._changed()
            others = self.named([d.source for d in docs]) - {d.path for d in docs}
            if replace and others:  # written first: a failed write keeps what was there
                self.remove(sorted(others))
        return report

    def named(self, names: list[str]) -> set[str]:
        """The identities of indexed documents with any of these file names, from any folder or
        upload (the UI asks before adding an upload beside them: replace or keep both?)."""
        wanted = {upload_name(name) for name in names}
        return {path for path in self.labels() if file_name(path) in wanted}

    def ensure_index(self) -> IngestReport | None:
        """Ingest the default corpus into a data dir that was never built, so a first `ask` works.

        Never after a build (a reset, or removing every document, does not bring the seeds back).
        """
        if self.store.built():
            return None
        from rag.ingest import ingest

        seeds = self.settings.seeds_dir
        if not seeds.is_dir():
            raise StoreError(f"the index at {self.store.location} is empty: {INGEST_HINT}")
        report = ingest([seeds], self.settings, self.store, self.embedder, only_if_unbuilt=True)
        self._changed()
        return report

    def remove(self, sources: list[str]) -> int:
        """Remove documents by display name, file name or path; the number of chunks removed.

        Every name is resolved first, so one unknown name removes nothing; a document named twice
        (twice by name, or by name and path) is removed once.
        """
        from rag.ingest import remove_documents

        paths = list(dict.fromkeys(self.resolve_source(name) for name in sources))
        with self.store.write_lock():
            removed = remove_documents(self.store, paths)
            self.store.remember_roots()
        self._changed()
        return removed

    def _changed(self) -> None:
        self.retriever.refresh()
        self._labels_key = None

    def read_only(self) -> bool:
        """Whether this process may only read the index (after it was opened, e.g. by `sources`):
        asking works, ingest and remove are refused in one line."""
        return self.store.read_only

    def index_key(self) -> tuple:
        """Changes whenever the indexed documents may have (written here or by another
        process): a key for caches of what the index holds, and for what a page last showed."""
        return self.store.version, self.store.count()

    def labels(self) -> dict[str, str]:
        """Document identity -> the shortest name unique in the index (what citations show)."""
        key = self.index_key()
        if key != self._labels_key:
            # after a retrieval, from the chunks its BM25 index holds (a new `rag ask` on 10,000
            # chunks would read every chunk's metadata again: 0.8 s)
            chunks = self.retriever.chunks_at(key)
            by_path = self.store.ids_by_path() if chunks is None else ids_by_path(chunks)
            self._labels = short_names(by_path)
            self._labels_key = key
        return self._labels

    def collection_names(self) -> Lexicon:
        """The names the whole collection writes, for the citation check (a name swapped into
        an answer is mostly one of them), read again when the index changes."""
        key = (self.store.version, self.store.count())
        if key != self._names_key:
            chunks = self.retriever.chunks_at(key)
            chunks = self.store.all_chunks() if chunks is None else chunks
            self._names = Lexicon(c.text for c in chunks)
            self._names_key = key
        return self._names

    def resolve_source(self, name: str) -> str:
        """A document's identity from its display name, its path, or any trailing part of its
        path that no other document shares (`report.txt`, `b/report.txt`). Display names grow
        and shrink as documents with the same file name come and go; any name once shown keeps
        working while it names one document."""
        labels = self.labels()
        if name in labels:
            return name
        here = Path(name).expanduser()
        if here.is_file() and str(here.resolve()) not in labels:
            # a file the user can see: another folder's document of that name is not the one meant
            others = sorted(p if p.startswith("/") else label
                            for p, label in labels.items() if names_document(name, p))  # fmt: skip
            elsewhere = f"; the index has {', '.join(others)} from elsewhere" if others else ""
            raise QuestionError(f"{here.resolve()} is not in the index{elsewhere}")
        from rag.display import safe

        for candidates in (
            # the name, or as a terminal shows it (`rag sources` drops escapes, shows `\n`)
            [p for p, label in labels.items() if name in (label, safe(label, one_line=True))],
            [p for p in labels if p.startswith("/") and Path(name).resolve() == Path(p)],
            [p for p in labels if names_document(name, p)],
        ):
            if len(candidates) == 1:
                return candidates[0]
            if candidates:
                listed = ", ".join(sorted(labels[p] for p in candidates))
                raise QuestionError(
                    f"{name!r} names several documents ({listed}); use one of those"
                )
        if here.is_dir() and (inside := self._documents_in(here)):
            more = len(inside) - 3
            shown = ", ".join(inside[:3]) + (f" and {more} more" if more > 0 else "")
            raise QuestionError(f"{name!r} is a folder, not a document: name one of its "
                                f"{len(inside)} indexed document(s): {shown}")  # fmt: skip
        raise QuestionError(f"no document named {name!r} in the index (see `rag sources`)")

    def _documents_in(self, folder: Path) -> list[str]:
        """The display names of the indexed documents under `folder`, for an error that names
        them when a folder was given where a document was asked for."""
        root = folder.resolve()
        return sorted(label for p, label in self.labels().items()
                      if p.startswith("/") and root in Path(p).parents)  # fmt: skip

    def searchable(self, filters: Filters | None) -> Filters | None:
        """The filters with `--source` resolved to its document; an error when nothing can be
        searched (an unknown source, one the date filter leaves out, an empty index), which
        `rag chat` says before its first question, as `rag ask` does."""
        if filters and filters.source:
            filters = replace(filters, source=self.resolve_source(filters.source))
            self._check_dates_admit(filters)
        if self.store.count() == 0:
            raise StoreError(f"the index at {self.store.location} is empty: {INGEST_HINT}")
        if filters and not filters.source and (filters.since or filters.until):
            self._check_dates_admit_any(filters)
        return filters

    def _check_dates_admit_any(self, filters: Filters) -> None:
        """A date filter that leaves out every article is an error that says so, with the dates
        the articles have, not an abstention whose note says the articles were searched."""
        if self.store.chunk_ids(filters, limit=1):
            return
        documents = self.sources()
        dates = sorted(d["date"] for d in documents if d["date"])
        undated = len(documents) - len(dates)
        have = f"the dated ones run from {dates[0]} to {dates[-1]}" if dates else "none is dated"
        if undated and dates:
            have += f"; {undated} undated ones are left out by any date filter"
        raise QuestionError(
            f"no indexed article is dated {date_span(filters.since, filters.until)} ({have}): "
            "nothing can be searched; widen or clear the date filter"
        )

    def _check_dates_admit(self, filters: Filters) -> None:
        """A source filter and a date filter that rule each other out are an error, not an
        abstention whose notes would say the article was searched."""
        if not (filters.since or filters.until) or self.store.chunk_ids(filters):
            return
        ids = self.store.chunk_ids(Filters(source=filters.source))
        if not ids:
            return
        date = self.store.get_chunks(ids[:1])[0].meta.get("date")
        name = self.labels().get(filters.source or "", filters.source)
        span = date_span(filters.since, filters.until)
        said = (
            f"is dated {date}, outside"
            if date
            else "is undated, and undated articles are left out by"
        )
        raise QuestionError(f"{name} {said} the date filter ({span}): nothing can be searched; "
                            "clear one of the two filters")  # fmt: skip

    def sources(self, opening: int = 0) -> list[dict[str, Any]]:
        """The indexed documents: display name, identity path, title, date and chunk count;
        with `opening`, also the first that many characters of each one's first passage (the
        UI's preview; read with the rest, so it costs no extra query)."""
        labels = self.labels()
        docs: dict[str, dict[str, Any]] = {}
        for chunk in self.store.all_chunks():
            doc = docs.setdefault(
                chunk.path,
                {"source": labels.get(chunk.path, chunk.source), "path": chunk.path,
                 "title": chunk.meta.get("title", ""), "date": chunk.meta.get("date"),
                 "chunks": 0},
            )  # fmt: skip
            doc["chunks"] += 1
            if opening and chunk.meta.get("position") == 0:
                doc["opening"] = chunk.text[:opening]
        return sorted(docs.values(), key=lambda d: (d["source"], d["path"]))

    # -- answering --------------------------------------------------------------------------
    def answerer(self, name: str | None = None) -> Answerer:
        name = name or self.settings.resolved_llm()
        if name not in self._answerers:
            self._answerers[name] = make_answerer(name, self.settings, self.embedder)
        return self._answerers[name]

    def ask(
        self,
        question: str,
        k: int | None = None,
        llm: str | None = None,
        filters: Filters | None = None,
        verify: str | None = None,
    ) -> Answer:
        """Retrieve, answer and check: the call every front end makes.

        `verify` is "rule" or "llm" (default: `settings.verify`); see `rag.verify`.
        """
        return _final(self.stream(question, k, llm, filters, verify))

    def stream(
        self,
        question: str,
        k: int | None = None,
        llm: str | None = None,
        filters: Filters | None = None,
        verify: str | None = None,
        whole: bool = False,
    ) -> Iterator[str | Answer]:
        """Yield answer text as the answerer produces it, then the checked `Answer`. A line of
        several full questions, or a compound question (`rag.decompose`), is answered part by
        part and joined (`rag.multipart`), unless `whole` (a follow-up joined to the question it
        leans on is one question)."""
        question = clean_question(question, self.settings.max_question_chars)
        lines = [question] if whole else split_questions(question)
        parts = [sub for line in lines for sub in decompose(line)]
        if len(parts) == 1:
            yield from self._stream_one(question, k, llm, filters, verify)
            return
        # the parts' drafts are not streamed: each numbers its citations from [1]
        answers = [_final(self._stream_one(part, k, llm, filters, verify)) for part in parts]
        yield join_answers(question, answers)

    def _stream_one(
        self,
        question: str,
        k: int | None,
        llm: str | None,
        filters: Filters | None,
        verify: str | None,
    ) -> Iterator[str | Answer]:
        answerer = self.answerer(llm)
        verifier = self.verifier(verify)
        start = time.perf_counter()
        self.ensure_index()  # first: a first ask's `--source` names a seed
        filters = self.searchable(filters)
        k = k or self.settings.top_k
        passages = self._retrieve(question, k, filters)
        retrieved = time.perf_counter()
        pieces: list[str] = []
        if passages and filters and answerer_kind(answerer.name).scored:
            pool = contest(question, passages, self._retrieve(question, k))
            pieces = [within("".join(answerer.stream(question, pool)), pool, passages)]
            yield pieces[0]
        elif passages:
            for piece in answerer.stream(question, passages):
                pieces.append(piece)
                yield piece
        draft = "".join(pieces).strip()
        answered = time.perf_counter()
        yield self._finish(question, draft, passages, answerer.name,
                           {"retrieve": retrieved - start, "answer": answered - retrieved},
                           verifier)  # fmt: skip

    def _retrieve(self, question: str, k: int, filters: Filters | None = None) -> list[Passage]:
        """Retrieved, reranked (when a reranker is set) and labelled with display names."""
        # a yes/no question may be answered both ways: each report's best passage that sets a
        # sentence against the rest ("Even so, there are limits ...") may be the other side
        spread = k // 2 if asks_yes_no(question) and not self.retriever.exact_k else 0
        passages = self.retriever.retrieve(question, k, filters, spread, holds_counterpoint)
        if self.reranker:
            passages = self.reranker.rerank(question, passages)
        extra = self._compared_years(question, filters, passages)
        if extra and self.retriever.exact_k:  # k passages means k: they take the last places
            passages = passages[: max(1, len(passages) - len(extra))]
        return self._labelled(passages + extra)

    def _compared_years(
        self, question: str, filters: Filters | None, passages: list[Passage]
    ) -> list[Passage]:
        """To a question comparing years ("in 2021 compared with May 2024"), the best passage of
        each year's documents that retrieval left out: the answerer takes a sentence from each
        year, and one year's many chunks may outrank every chunk of the other. To a question
        about one year ("How did X describe it in 2021?"), that year's best three passages: the
        answerer keeps only sentences of that year, and other years' chunks may outrank them."""
        have = {(p.date or "")[:4] for p in passages}
        ids = {p.chunk_id for p in passages}
        extra: list[Passage] = []
        period = asked_period(question)
        for year in asked_years(question) or ([period[0]] if period else []):
            span = within_year(filters, int(year))
            if span is not None and (period or year not in have):
                found = self.retriever.retrieve(question, 3 if period else 1, span)
                extra += [p for p in found if p.chunk_id not in ids]
        return extra

    def _labelled(self, passages: list[Passage]) -> list[Passage]:
        labels = self.labels()
        return [replace(p, source=labels.get(p.path, p.source),
                        also_in=tuple(labels.get(d, d) for d in p.also_in)) for p in passages]  # fmt: skip

    def answer_passages(
        self,
        question: str,
        passages: list[Passage],
        llm: str | None = None,
        verify: str | None = None,
    ) -> Answer:
        """Answer from passages retrieved elsewhere (the llama-index baseline uses this)."""
        answerer = self.answerer(llm)
        verifier = self.verifier(verify)
        start = time.perf_counter()
        draft = "".join(answerer.stream(question, passages)).strip() if passages else ""
        elapsed = time.perf_counter() - start
        return self._finish(question, draft, passages, answerer.name, {"answer": elapsed},
                            verifier)  # fmt: skip

    def verifier(self, mode: str | None = None) -> Verifier | None:
        """The second opinion for `verify` mode "llm"; None for the rule alone."""
        mode = mode or self.settings.verify
        if mode not in self._verifiers:
            self._verifiers[mode] = make_verifier(mode, self.settings)
        return self._verifiers[mode]

    def _finish(
        self,
        question: str,
        draft: str,
        passages: list[Passage],
        llm: str,
        times: dict,
        verifier: Verifier | None = None,
    ) -> Answer:
        checked = check_answer(draft, passages, self.embedder, verifier, self.collection_names(),
                               question)  # fmt: skip
        abstained = is_abstention(draft) or not any(s.supported for s in checked.sentences)
        notes: list[str] = []
        conflicts: list[Stated] = []
        if abstained:
            text, citations, sentences = ABSTAIN, [], []
            if draft and not is_abstention(draft):  # the sources may hold it: say what happened
                notes.append(WITHHELD)
        else:
            text, citations, sentences = checked.text, checked.citations, checked.sentences
            if compared(question):
                conflicts = find_conflicts(question, sentences, citations)
            if conflicts:
                notes.append(conflict_note(conflicts))
            elif note := date_note(citations):
                notes.append(note)
        timings = {k: v * 1000 for k, v in times.items()}
        timings["total"] = sum(timings.values())
        return Answer(question, text, abstained, citations, passages, llm, timings, sentences,
                      notes, conflicts)  # fmt: skip
