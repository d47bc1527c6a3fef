"""`rag eval --copies N`: the questions over the seeds (or `--corpus`) plus N re-labelled copies of
each article.

One wire story in many outlets must not crowd the passages an answer reads: this runs the same
questions on the seeds alone and on the seeds with copies, each in a fresh index of its own, so
the two rows of the table differ only by the copies. A copy cites as well as its original: gold
sources are extended with their copies' names.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from rag.evaluation import EvalRun, GoldItem
from rag.pipeline import Pipeline

#: (pipeline, questions, run name) -> the scored run
RunFn = Callable[[Pipeline, list[GoldItem], str], EvalRun]


def copy_name(n: int, name: str) -> str:
    return f"copy{n:02d}_{name}"


def copies_of_seeds(seeds: Path, copies: int, out: Path, distinct: bool = False) -> Path:
    """`copies` re-labelled copies of every seed article: new names, so new documents.

    `distinct` also numbers every sentence of a copy ("... (copy 7)."), so that no text repeats
    across copies and each is embedded: the cost of 200 articles that share nothing (the bench).
    """
    out.mkdir(parents=True)
    for n in range(copies):
        for path in sorted(seeds.iterdir()):
            target = out / copy_name(n, path.name)
            if distinct:
                target.write_text(re.sub(r"\.(?=\s)", f" (copy {n}).", path.read_text()))
            else:
                shutil.copy(path, target)
    return out


def with_copies(item: GoldItem, copies: int) -> GoldItem:
    """The question with its gold sources' copies counted as gold too."""
    extra = [copy_name(n, s) for s in item.sources for n in range(copies)]
    return replace(item, sources=[*item.sources, *extra])


def runs_with_copies(base: Pipeline, items: list[GoldItem], copies: int, name: str,
                     run: RunFn) -> list[EvalRun]:  # fmt: skip
    """The questions on the base pipeline's default documents (the seeds, or `--corpus`) plus
    `copies` copies of each, then on those alone; in local indexes of their own."""
    settings = base.settings
    runs = []
    with tempfile.TemporaryDirectory(prefix="rag-copies-") as tmp:
        for n in (copies, 0):
            own = {"data_dir": Path(tmp) / f"data{n}", "chroma_host": None}
            pipeline = Pipeline(settings.model_copy(update=own), embedder=base.embedder)
            paths = [settings.seeds_dir]
            if n:
                paths.append(copies_of_seeds(settings.seeds_dir, n, Path(tmp) / "copies"))
            pipeline.ingest(paths)
            label = f"{name}+{n}copies" if n else f"{name}+{settings.seeds_dir.name}"
            runs.append(run(pipeline, [with_copies(i, n) for i in items], label))
    return runs
