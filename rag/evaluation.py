"""Gold Q&A file -> per-question scores -> metrics table, thresholds gate and HTML report.

Every question goes through `Conversation.ask`, the same door as `rag chat` and the UI, in one
process: an item's optional `history` (the questions asked before it) is asked first, unscored,
so that a follow-up ("And what did they sign?") is scored after the turn it leans on.
"""

from __future__ import annotations

import json
import re
import statistics
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rag.citations import parse_sentences, supports
from rag.conversation import Conversation
from rag.documents import names_document
from rag.errors import GoldError, RagError
from rag.pipeline import Answer, Pipeline
from rag.text import fold

EVALS_DIR = Path(__file__).resolve().parent.parent / "evals"
KINDS = (
    "lookup",
    "paraphrase",
    "spun",
    "temporal",
    "multi",
    "conflict",
    "followup",
    "unanswerable",
)
FIELDS = ("id", "question", "answer", "facts", "sources", "answerable", "kind")


@dataclass(frozen=True)
class GoldItem:
    id: str
    question: str
    answer: str
    facts: list[list[str]]
    sources: list[str]
    answerable: bool
    kind: str
    history: list[str] = field(default_factory=list)  # questions asked before, in one chat


def load_gold(path: Path) -> list[GoldItem]:
    items = []
    seen: set[str] = set()
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            missing = [f for f in FIELDS if f not in row]
            if missing:
                raise GoldError(f"missing {', '.join(missing)}")
            if not isinstance(row["answerable"], bool):
                raise GoldError(f"answerable must be true or false, not {row['answerable']!r}")
            if not isinstance(row["kind"], str) or not row["kind"].strip():
                raise GoldError(f"kind must be a name such as {', '.join(KINDS[:3])}")
            if row["id"] in seen:
                raise GoldError(f"id {row['id']!r} is used twice")
            seen.add(row["id"])
            _check_facts(row)
            history = row.get("history", [])
            if not isinstance(history, list) or not all(isinstance(q, str) for q in history):
                raise GoldError("history must be a list of questions")
            items.append(GoldItem(**{f: row[f] for f in FIELDS}, history=history))
        except (json.JSONDecodeError, TypeError, GoldError) as exc:
            raise GoldError(f"{path}:{lineno}: {exc}") from None
    if not items:
        raise GoldError(f"{path}: no questions")
    return items


def _check_facts(row: dict[str, Any]) -> None:
    """Facts are a list of facts, each a list of spellings: a string would be read letter by
    letter, and an answerable question with no facts would count any answer correct."""
    facts = row["facts"]
    if not isinstance(facts, list) or not all(
        isinstance(f, list) and f and all(isinstance(v, str) and v.strip() for v in f)
        for f in facts
    ):
        raise GoldError('facts must be a list of lists of spellings, e.g. [["Ilse Brandt"]]')
    if row["answerable"] is True and not facts:
        raise GoldError("an answerable question needs at least one fact")
    sources = row["sources"]
    if not isinstance(sources, list) or not all(isinstance(s, str) and s for s in sources):
        raise GoldError('sources must be a list of document names, e.g. ["report.txt"]')


def check_sources(items: list[GoldItem], resolve: Callable[[str], str], file: Path) -> None:
    """Every gold source must name one indexed document, as `--source` would (`resolve`): a
    typo, or a name two documents now share, would score 0 in silence."""
    for item in items:
        for source in item.sources:
            try:
                resolve(source)
            except RagError as exc:
                raise GoldError(f"{file}: {item.id}: gold source {source!r}: {exc}") from None


def is_gold(sources: list[str], path: str) -> bool:
    """Whether a retrieved or cited document (its identity) is one the gold sources name: by
    display name, file name or a trailing part of its path, as `--source` names documents."""
    return any(names_document(source, path) for source in sources)


# -- scoring one answer ---------------------------------------------------------------------
def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", fold(text).replace('"', "").replace("'", "")).strip()


def fact_found(variants: Iterable[str], answer: str) -> bool:
    """A fact is present when any spelling appears; numbers only as whole tokens."""
    text = normalise(answer)
    for variant in variants:
        v = normalise(variant)
        pattern = re.escape(v)
        if v[:1].isdigit():
            pattern = r"(?<![\d.,])" + pattern
        if v[-1:].isdigit():
            pattern += r"(?![\d]|[.,]\d)"
        if v and re.search(pattern, text):
            return True
    return False


def rank_of_gold(answer: Answer, sources: list[str]) -> int | None:
    for rank, passage in enumerate(answer.retrieved, start=1):
        if is_gold(sources, passage.path or passage.source):
            return rank
    return None


def score_answer(item: GoldItem, answer: Answer) -> dict[str, Any]:
    """The scores of one question; None where a metric does not apply."""
    scores: dict[str, Any] = {}
    answered = not answer.abstained
    if item.answerable:
        rank = rank_of_gold(answer, item.sources)
        scores["hit@1"] = rank == 1
        scores["hit@5"] = rank is not None and rank <= 5
        scores["mrr"] = 1.0 / rank if rank else 0.0
        scores["correct"] = answered and all(fact_found(f, answer.answer) for f in item.facts)
        scores["false_abstain"] = not answered
        if answer.citations:
            good = sum(is_gold(item.sources, c.path or c.source) for c in answer.citations)
            scores["citation_precision"] = good / len(answer.citations)
    else:
        scores["abstained"] = not answered
    if answered:
        cited_passages = {c.n: c for c in answer.citations}
        sentences = parse_sentences(answer.answer)
        if sentences:
            supported = [any(n in cited_passages and supports(t, cited_passages[n].text, None,
                                                             cited_passages[n].date)
                             for n in cited) for t, cited in sentences]  # fmt: skip
            scores["citation_recall"] = sum(supported) / len(sentences)
        scores["words"] = len(re.sub(r"\[\d+\]", "", answer.answer).split())
    scores["latency_ms"] = answer.timings_ms["total"]
    return scores


# -- aggregating ----------------------------------------------------------------------------
METRICS = (
    ("hit@1", "mean"), ("hit@5", "mean"), ("mrr", "mean"), ("correct", "mean"),
    ("abstained", "mean"), ("false_abstain", "mean"), ("citation_precision", "mean"),
    ("citation_recall", "mean"), ("words", "median"), ("words", "p90"),
    ("latency_ms", "p50"), ("latency_ms", "p95"), ("faithfulness", "mean"),
)  # fmt: skip
NAMES = {  # metric key -> (label in reports, short column name in the terminal table)
    "hit@1": ("hit@1", "hit@1"), "hit@5": ("hit@5", "hit@5"), "mrr": ("MRR", "MRR"),
    "correct": ("correctness", "correct"), "abstained": ("abstention", "abstain"),
    "false_abstain": ("false abstention", "false_abst"),
    "citation_precision": ("citation precision", "cite_prec"),
    "citation_recall": ("citation recall", "cite_rec"),
    "words.median": ("median words", "words_med"), "words.p90": ("p90 words", "words_p90"),
    "latency_ms.p50": ("latency p50 ms", "ms_p50"), "latency_ms.p95": ("latency p95 ms", "ms_p95"),
    "faithfulness": ("LLM-judged faithfulness", "judge"),
}  # fmt: skip
LABELS = {key: label for key, (label, _) in NAMES.items()}
SHORT = {key: short for key, (_, short) in NAMES.items()}


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summarise(rows: list[dict[str, Any]]) -> dict[str, float | None]:
    """Metric name -> value over the rows that the metric applies to."""
    out: dict[str, float | None] = {"n": len(rows)}
    for metric, how in METRICS:
        values = [float(r["scores"][metric]) for r in rows if r["scores"].get(metric) is not None]
        key = metric if how == "mean" else f"{metric}.{how}"
        if not values:
            out[key] = None
        elif how == "mean":
            out[key] = sum(values) / len(values)
        elif how == "median":
            out[key] = statistics.median(values)
        else:
            out[key] = _percentile(values, {"p90": 0.9, "p50": 0.5, "p95": 0.95}[how])
    return out


def by_kind(rows: list[dict[str, Any]]) -> dict[str, dict[str, float | None]]:
    """Overall, then every kind present: the known ones in their order, then a file's own kinds
    ("numeric", "opinion": users write their own eval files) as they first appear."""
    present = dict.fromkeys(r["kind"] for r in rows)
    table = {"overall": summarise(rows)}
    for kind in [*(k for k in KINDS if k in present), *(k for k in present if k not in KINDS)]:
        table[kind] = summarise([r for r in rows if r["kind"] == kind])
    return table


# -- running --------------------------------------------------------------------------------
AskFn = Callable[[str, list[str]], Answer]  # (question, the questions asked before it) -> answer


def conversation_asker(pipeline: Pipeline, **options: Any) -> AskFn:
    """Each item in a fresh `Conversation`: its history asked first (unscored), then the question."""

    def ask(question: str, history: list[str]) -> Answer:
        conversation = Conversation(pipeline)
        for previous in history:
            conversation.ask(previous, **options)
        return conversation.ask(question, **options)

    return ask


@dataclass
class EvalRun:
    name: str
    rows: list[dict[str, Any]] = field(default_factory=list)

    @property
    def table(self) -> dict[str, dict[str, float | None]]:
        return by_kind(self.rows)


def run_eval(items: list[GoldItem], ask: AskFn, name: str, judge=None) -> EvalRun:
    run = EvalRun(name)
    for item in items:
        answer = ask(item.question, item.history)
        row = {"id": item.id, "kind": item.kind, **answer.to_json()}
        row["scores"] = score_answer(item, answer)
        if judge is not None and not answer.abstained:
            row["scores"]["faithfulness"] = judge(answer)  # None when the reply has no score
        run.rows.append(row)
    return run


# Why a metric has no value: the questions it is measured on are missing from the file.
_UNMEASURED = {
    "abstained": "no unanswerable questions",
    **dict.fromkeys(("hit@1", "hit@5", "mrr", "correct", "false_abstain"),
                    "no answerable questions"),
    "citation_precision": "no answerable question was answered with citations",
    "citation_recall": "no question was answered", "words": "no question was answered",
    "faithfulness": "no judge scores: run with --judge",
}  # fmt: skip


@dataclass(frozen=True)
class GateResult:
    """Crossed gates and skipped ones (metric not measured), one line each for the terminal."""

    failures: list[str]
    skipped: list[str]


def check_thresholds(table: dict[str, dict[str, float | None]], path: Path) -> GateResult:
    """`min`/`max` sections in the TOML name metric keys of the table; a gate whose metric was
    not measured (abstention with no unanswerable questions) is skipped, not failed."""
    gates = tomllib.loads(path.read_text(encoding="utf-8"))
    result = GateResult([], [])
    overall = table["overall"]
    for bound, op, side in (("min", float.__ge__, "below"), ("max", float.__le__, "above")):
        for key, limit in gates.get(bound, {}).items():
            label = LABELS.get(key, key)
            if key not in overall:
                known = ", ".join(k for k in overall if k != "n")
                result.failures.append(f"unknown metric {key!r} in {path} (known: {known})")
            elif (value := overall[key]) is None:
                why = _UNMEASURED.get(key.split(".")[0], "no questions it applies to")
                result.skipped.append(f"{label}: not measured ({why}), gate skipped")
            elif not op(float(value), float(limit)):
                result.failures.append(
                    f"{side} threshold: {label} = {round(value, 3)} ({bound} {limit})"
                )
    return result


def format_table(runs: list[EvalRun]) -> str:
    """One block per run: kinds as rows, metrics as columns."""
    header = ["run", "kind", "n", *SHORT.values()]
    lines = [header]
    for run in runs:
        for kind, row in run.table.items():
            lines.append([run.name, kind, _fmt(row["n"]), *(_fmt(row.get(k)) for k in SHORT)])
    widths = [max(len(row[i]) for row in lines) for i in range(len(header))]
    return "\n".join(
        "  ".join(
            c.ljust(w) if i < 2 else c.rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in lines
    )


def _fmt(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.0f}" if value >= 10 or float(value).is_integer() else f"{value:.2f}"
