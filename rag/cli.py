"""The `rag` command: a thin click layer over `rag.pipeline.Pipeline`.

Imports stay light at module level so `rag --help` is instant; each command loads what it needs.
Every known failure becomes one line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from rag.answering.registry import ANSWERERS, answerer_kind
from rag.readers import formats

if TYPE_CHECKING:
    from rag.pipeline import Pipeline


def _fail(message: str) -> NoReturn:
    from rag.display import safe

    click.secho(f"error: {safe(message, one_line=True)}", fg="red", err=True)
    sys.exit(1)


def _warn(message: str, label: str = "warning") -> None:
    from rag.display import safe

    color = "yellow" if label == "warning" else None
    click.secho(f"{label}: {safe(message, one_line=True)}", fg=color, err=True)


def friendly_errors(func):
    """Turn every exception into one line; RAG_DEBUG=1 shows the traceback for bug reports."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            _fail("interrupted")
        except BrokenPipeError:
            _reader_gone()
        except Exception as exc:
            if os.environ.get("RAG_DEBUG"):
                raise
            from rag.errors import describe

            _fail(describe(exc))

    return wrapper


def _reader_gone() -> NoReturn:
    """`rag sources | head -1`: the reader stopped reading. End quietly, as a tool that SIGPIPE
    ends (128 + 13); stdout goes to /dev/null so that the exit's flush fails no more."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(141)


def _pipeline() -> Pipeline:
    from rag.pipeline import Pipeline

    return Pipeline()


def _asking_pipeline(llm: str | None) -> Pipeline:
    """The pipeline for `ask` and `chat`, its answerer checked first. A data dir that was never
    built then gets the sample articles, said on stderr: a user whose own ingest failed would
    otherwise find their later files mixed with articles they never added."""
    pipeline = _pipeline()
    pipeline.answerer(llm)  # a missing key is the one line a user sees, before any indexing
    report = pipeline.ensure_index()
    if report is not None:
        seeds = pipeline.settings.seeds_dir
        click.echo(f"No index yet in {pipeline.settings.data_dir}: indexed the {report.files} "
                   f"sample article(s) in {seeds} first (`rag ingest --reset PATH` replaces "
                   f"them with yours).", err=True)  # fmt: skip
    return pipeline


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    from rag.filters import date_bound

    if value is None:
        return None
    try:
        return date_bound(value, end=param.name == "until")
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2024-05-17") from None


def retrieval_options(func):
    """Options shared by `ask`, `chat` and `eval`."""
    options = [
        click.option(
            "--k",
            "k",
            type=click.IntRange(1, 50),
            help="Passages to retrieve (plus up to 3 that hold the best-matching sentences).",
        ),
        click.option("--llm", help=f"Answerer: {', '.join(ANSWERERS)} (default: auto)."),
        click.option("--source", help="Only this document (name as `rag sources` shows it)."),
        click.option(
            "--since",
            callback=_date,
            help="Only documents dated on/after YYYY-MM-DD (YYYY-MM, YYYY: its start).",
        ),
        click.option(
            "--until",
            callback=_date,
            help="Only documents dated on/before YYYY-MM-DD (YYYY-MM, YYYY: its end).",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _filters(source: str | None, since: dt.date | None, until: dt.date | None):
    """The filters of `--source/--since/--until`; an empty date range is an error, as in the UI."""
    from rag.filters import Filters

    if source is not None and not source.strip():
        _fail("--source is empty: give a document's name as `rag sources` shows it")
    if since and until and since > until:
        _fail(f"--since {since} is after --until {until}, so no article can match")
    return Filters(source=source, since=since, until=until)


class _UsageLine(click.ClickException):
    """A usage error as one line (`error: ...`, exit 2) instead of click's Usage block."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        from rag.display import safe

        click.secho(f"error: {safe(self.message, one_line=True)}", fg="red", err=True)


@contextlib.contextmanager
def _usage_in_one_line():
    try:
        yield
    except click.exceptions.NoArgsIsHelpError:
        raise  # a bare `rag` shows the help
    except click.UsageError as exc:
        where = f" (see `{exc.ctx.command_path} --help`)" if exc.ctx else ""
        raise _UsageLine(exc.format_message() + _dash_hint(exc) + where) from None


def _dash_hint(exc: click.UsageError) -> str:
    """`rag ask "-5 degrees in Oslo?"` reads as an option `-5`: say where such a question goes."""
    if not isinstance(exc, click.NoSuchOption) or exc.option_name.startswith("--"):
        return ""
    if exc.ctx is None or exc.ctx.command.name != "ask":
        return ""
    return ' A question that starts with "-" goes after --: rag ask -- "-5 degrees?"'


# What users call a command elsewhere -> ours
_OTHER_NAMES = {
    **dict.fromkeys(["list", "ls", "docs", "documents", "show", "status"], "sources"),
    **dict.fromkeys(["ui", "web", "server", "gui", "app", "start", "run"], "serve"),
    **dict.fromkeys(["rm", "delete", "del", "forget", "drop"], "remove"),
    **dict.fromkeys(["add", "index", "import", "load", "update"], "ingest"),
    **dict.fromkeys(["query", "search", "question", "q"], "ask"),
}


class _Group(click.Group):
    """The `rag` group: a mistyped command line is one line of error, as every other error."""

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        with _usage_in_one_line():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        with _usage_in_one_line():
            return super().invoke(ctx)

    def resolve_command(self, ctx: click.Context, args: list[str]) -> Any:
        """A command named as other tools name it (`rag list`, `rag ui`) is told the one that
        does it; click's own guess goes by spelling alone (`list`: "Did you mean 'ingest'?")."""
        name = click.utils.make_str(args[0]) if args else ""
        if name not in self.commands and name.lower() in _OTHER_NAMES:
            ours = _OTHER_NAMES[name.lower()]
            raise click.UsageError(f"No such command {name!r}: `rag {ours}` does that", ctx)
        return super().resolve_command(ctx, args)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="rag")
def main() -> None:
    """Ask questions of a collection of news articles; every answer cites its sources."""


def _holds_documents(path: Path, indexed: dict) -> bool:
    """Is some indexed document at or under this (missing) path?"""
    root = path.resolve()
    return any(p.startswith("/") and Path(p).is_relative_to(root) for p in indexed)


_EMPTY = 'an empty {} ("") was given: is a shell variable unset?'


class _GivenPath(click.Path):
    """A path argument that refuses "" (`rag ingest "$DIR"` with DIR unset), which click would
    read as the current folder."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if value == "":
            self.fail(_EMPTY.format("path"), param, ctx)
        return super().convert(value, param, ctx)


def _refuse_to_reset_to_the_samples(pipeline: Pipeline, seeds: Path) -> None:
    """A bare `rag ingest --reset` rebuilds from the bundled samples alone: over an index that
    holds documents from elsewhere it would replace them. Ask for the paths instead."""
    from rag.roots import reset_command

    if not pipeline.store.built():
        return
    indexed = list(pipeline.store.ids_by_path())
    home = seeds.resolve()
    elsewhere = [p for p in indexed if not (p.startswith("/") and Path(p).is_relative_to(home))]
    if elsewhere:
        _fail(
            f"`--reset` without PATH rebuilds from {seeds} alone and would drop the "
            f"{len(elsewhere)} document(s) indexed from elsewhere: to rebuild them run "
            f"{reset_command(indexed)}; for the samples alone, `rag ingest --reset {seeds}`"
        )


def _given_names(ctx: click.Context, param: click.Parameter, names: tuple[str, ...]):
    if "" in names:
        raise click.BadParameter(_EMPTY.format("name"), ctx, param)
    return names


@main.command("ingest", help=f"Index {formats('and')} files or folders (default: seeds/).")
@click.argument("paths", nargs=-1, type=_GivenPath(path_type=Path))
@click.option(
    "--reset", is_flag=True,
    help="Rebuild the index from PATHS alone (built aside; the old one answers until it is done).",
)  # fmt: skip
@click.option(
    "--prune", is_flag=True,
    help="Also drop documents under PATHS whose files are gone (a PATH may be a deleted folder).",
)  # fmt: skip
@friendly_errors
def ingest_cmd(paths: tuple[Path, ...], reset: bool, prune: bool) -> None:
    from rag.errors import IngestError
    from rag.ingest import other_types

    pipeline = _pipeline()
    targets = list(paths) or [pipeline.settings.seeds_dir]
    if not paths and not targets[0].is_dir():
        _fail(
            "no bundled articles outside a checkout: give files or folders, `rag ingest PATH ...`"
        )
    if reset and not paths:
        _refuse_to_reset_to_the_samples(pipeline, targets[0])
    indexed = pipeline.store.ids_by_path() if prune and pipeline.store.built() else {}
    for path in targets:
        # with --prune, a deleted folder or file is how its documents get dropped
        if not path.exists() and not _holds_documents(path, indexed):
            _fail(
                f"{path}: no such file or folder" + (" (and none indexed there)" if prune else "")
            )
    with contextlib.ExitStack() as stack:
        bars: list = []

        def advance(n: int) -> None:
            if not bars:  # shown once something is embedded, so an error stays one line
                bars.append(stack.enter_context(
                    click.progressbar(length=0, label="Embedding chunks", file=sys.stderr)))  # fmt: skip
            bars[0].length = (bars[0].length or 0) + n
            bars[0].update(n)

        try:
            report = pipeline.ingest(targets, reset=reset, progress=advance, prune=prune)
        except IngestError as exc:
            for reason in exc.skipped:
                _warn(f"skipped {reason}")
            raise
    for reason in report.skipped:
        _warn(f"skipped {reason}")
    for note in report.notes:
        _warn(note, "note")
    if others := other_types(report):
        _warn(f"skipped {others}")
    for gone in report.pruned:
        _warn(f"removed {gone} (the file is gone)")
    if report.gone:
        shown = ", ".join(report.gone[:3]) + (", ..." if len(report.gone) > 3 else "")
        _warn(f"{len(report.gone)} indexed document(s) under these paths have no file any more "
              f"({shown}); they still answer until `rag ingest PATH --prune` removes them")  # fmt: skip
    if report.files == 0 and not report.pruned:
        from rag.ingest import nothing_to_index

        _fail(nothing_to_index(report))
    click.echo(
        f"Indexed {report.files} file(s): {report.added} chunk(s) written, "
        f"{report.removed} removed, {report.unchanged} file(s) unchanged."
        + (" The new index is live." if report.rebuilt else "")
    )
    if report.replaced is not None:
        dropped = f"; dropped: {', '.join(report.dropped)}" if report.dropped else "; none dropped"
        click.echo(f"Replaced {report.replaced} document(s) with {report.files}{dropped}.")


@main.command()
@click.argument("sources", nargs=-1, required=True, callback=_given_names)
@friendly_errors
def remove(sources: tuple[str, ...]) -> None:
    """Remove documents from the index by name (as `rag sources` shows it) or path."""
    pipeline = _pipeline()
    documents = {pipeline.resolve_source(name) for name in sources}
    chunks = pipeline.remove(list(sources))
    click.echo(f"Removed {len(documents)} document(s), {chunks} chunk(s).")


@main.command()
@click.argument("question")
@retrieval_options
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option(
    "--verify", is_flag=True, help="Also ask the configured model to confirm each cited sentence."
)
@friendly_errors
def ask(question: str, k, llm, source, since, until, as_json: bool, verify: bool) -> None:
    """Answer QUESTION from the indexed articles, with citations."""
    filters = _filters(source, since, until)
    pipeline = _asking_pipeline(llm)
    mode = "llm" if verify else None
    if as_json:
        from rag.display import answer_notes

        answer = pipeline.ask(question, k=k, llm=llm, filters=filters, verify=mode)
        data = answer.to_json() | {"notes": answer_notes(answer, source, (since, until))}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    from rag.display import render_text, safe
    from rag.pipeline import Answer

    # A model's draft is shown as it comes only to a person at a terminal, marked as a draft:
    # the checked answer follows it. A pipe or a file gets the checked answer alone.
    live = sys.stdout.isatty() and answerer_kind(pipeline.answerer(llm).name).streams
    streamed = False
    for event in pipeline.stream(question, k=k, llm=llm, filters=filters, verify=mode):
        if isinstance(event, Answer):
            click.echo(render_text(event, streamed, source, (since, until)))
        elif live:
            if not streamed:
                click.echo(click.style("Draft, not yet checked:", dim=True))
            click.echo(click.style(safe(event), dim=True), nl=False)
            streamed = True


@main.command()
@retrieval_options
@friendly_errors
def chat(k, llm, source, since, until) -> None:
    """Ask several questions in a row; follow-ups are rewritten to stand alone."""
    from rag.conversation import Conversation
    from rag.display import render_text

    filters = _filters(source, since, until)
    pipeline = _asking_pipeline(llm)
    pipeline.searchable(filters)
    conversation = Conversation(pipeline)
    click.echo("Ask a question (empty line or Ctrl-D to quit).")
    while True:
        try:
            question = click.prompt("?", default="", show_default=False, prompt_suffix=" ")
        except (EOFError, click.Abort):
            click.echo()  # Ctrl-D echoes no newline: the shell's prompt would follow `? `
            break
        if not question.strip():
            break
        try:
            answer = conversation.ask(question, k=k, llm=llm, filters=filters)
        except Exception as exc:  # keep the session alive after a bad question
            from rag.display import safe
            from rag.errors import describe

            click.secho(f"error: {safe(describe(exc), one_line=True)}", fg="red", err=True)
            continue
        if answer.question != question.strip():
            from rag.display import safe

            click.secho(f"(searching for: {safe(answer.question, one_line=True)})", dim=True)
        click.echo(render_text(answer, source=source, dates=(since, until)) + "\n")


@main.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list.")
@friendly_errors
def sources(as_json: bool) -> None:
    """List the indexed documents with title, date and chunk count."""
    from rag.display import safe

    docs = _pipeline().sources()
    if as_json:
        click.echo(json.dumps(docs, ensure_ascii=False, indent=2))
        return
    if not docs:
        click.echo("The index is empty: run `rag ingest`.")
    names = [safe(doc["source"], one_line=True) for doc in docs]
    wide = max(map(len, names), default=0)
    for name, doc in zip(names, docs, strict=True):
        date, title = doc["date"] or "undated", safe(doc["title"], one_line=True)
        click.echo(f"{name:{wide}}  {date:10}  {doc['chunks']:3} chunks  {title}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind.")
@click.option("--port", default=7860, show_default=True, type=click.IntRange(1, 65535))
@click.option("--auth", help="USER:PASS to require a login (or RAG_UI_AUTH).")
@friendly_errors
def serve(host: str, port: int, auth: str | None) -> None:
    """Start the web UI (binds to loopback unless told otherwise)."""
    from rag.listening import check_port

    check_port(host, port)
    from rag.ui import launch

    launch(_pipeline(), host=host, port=port, auth=auth)


def _eval_pipeline(corpus: Path | None) -> Pipeline:
    """The usual pipeline, or one over the folder `corpus` alone (`rag eval --corpus`)."""
    if corpus is None:
        return _pipeline()
    from rag.corpora import corpus_pipeline

    return corpus_pipeline(corpus)


@main.command("eval")
@click.argument("file", required=False, type=_GivenPath(exists=True, path_type=Path))
@click.option("--out", type=_GivenPath(path_type=Path), help="Write one JSON line per question.")
@click.option("--report", type=_GivenPath(path_type=Path), help="Write an HTML report.")
@click.option("--llm", help=f"Answerer to evaluate: {', '.join(ANSWERERS)} (default: auto).")
@click.option(
    "--k", "k", type=click.IntRange(1, 50),
    help="Passages to retrieve (plus up to 3 that hold the best-matching sentences).",
)  # fmt: skip
@click.option("--baseline", is_flag=True, help="Also run a plain llama-index pipeline beside it.")
@click.option("--judge", is_flag=True, help="Add an LLM faithfulness score (needs an endpoint).")
@click.option("--thresholds", type=_GivenPath(path_type=Path), help="Gate file (TOML).")
@click.option("--checker", is_flag=True, help="Benchmark the citation checker instead.")
@click.option(
    "--stress", is_flag=True,
    help="With --checker: also list its misses and try each cited sentence with its dates, "
    "names and roles altered in every way it knows, and with unrelated sentences.",
)  # fmt: skip
@click.option(
    "--corpus", type=_GivenPath(path_type=Path),
    help="Answer from this folder of articles alone, in its own index (default: the usual one).",
)  # fmt: skip
@click.option(
    "--copies", type=click.IntRange(1, 100),
    help="Run on new indexes of the seeds (or --corpus) plus N re-labelled copies of each, and "
    "of them alone.",
)  # fmt: skip
@friendly_errors
def eval_cmd(file, out, report, llm, k, baseline, judge, thresholds, checker, stress, corpus,
             copies) -> None:  # fmt: skip
    """Score answers against a gold file (default: evals/gold.jsonl); non-zero exit below gates.

    The gates are the thresholds.toml beside FILE if there is one, else evals/thresholds.toml.
    With --checker, score the citation check itself: correct cited answers it must accept and
    perturbed copies it must reject (see rag/checker_eval.py). With --copies N, the gate applies
    to the run with copies (see rag/copies_eval.py).
    """
    if checker:
        from rag.checker_eval import run_checker_command

        sys.exit(0 if run_checker_command(_eval_pipeline(corpus), file, thresholds, stress) else 1)
    from rag.evaluation import (
        EVALS_DIR,
        EvalRun,
        GateResult,
        GoldItem,
        check_sources,
        check_thresholds,
        conversation_asker,
        format_table,
        load_gold,
        run_eval,
    )

    file = file or EVALS_DIR / "gold.jsonl"
    if not file.is_file():
        _fail(f"no gold file at {file}: give one, `rag eval FILE`")
    items = load_gold(file)
    pipeline = _eval_pipeline(corpus)
    name = pipeline.answerer(llm).name
    if copies:
        from rag.copies_eval import runs_with_copies

        def scored(p: Pipeline, questions: list[GoldItem], label: str) -> EvalRun:
            check_sources(questions, p.resolve_source, file)
            return run_eval(questions, conversation_asker(p, k=k, llm=llm), label)

        runs = runs_with_copies(pipeline, items, copies, name, scored)
    else:
        pipeline.ensure_index()
        check_sources(items, pipeline.resolve_source, file)
        judge_fn = None
        if judge:
            from rag.judge import make_judge

            judge_fn = make_judge(pipeline)
        runs = [run_eval(items, conversation_asker(pipeline, k=k, llm=llm), name, judge_fn)]
    if baseline and not copies:
        from rag.baseline import LlamaIndexBaseline

        plain = LlamaIndexBaseline(pipeline, llm=llm).ask  # no chat: a follow-up joins its turn
        runs.append(run_eval(items, lambda q, h: plain(" ".join([*h[-1:], q])), "llama-index"))
    click.echo(format_table(runs))
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8") as handle:
            for row in runs[0].rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    if report:
        from rag.evaluation import LABELS
        from rag.report import write_report

        write_report(report, runs, LABELS)
        click.echo(f"Report: {report}")
    beside = file.parent / "thresholds.toml"
    gate = thresholds or (beside if beside.is_file() else EVALS_DIR / "thresholds.toml")
    gates = check_thresholds(runs[0].table, gate) if gate.is_file() else GateResult([], [])
    for skipped in gates.skipped:
        click.secho(skipped, fg="yellow", err=True)
    for failure in gates.failures:
        click.secho(failure, fg="red", err=True)
    sys.exit(1 if gates.failures else 0)


if __name__ == "__main__":
    main()
