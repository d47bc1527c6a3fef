"""An evaluation corpus: a folder of articles indexed on its own, beside the usual index.

`rag eval --corpus DIR` answers from DIR alone, so the same questions format can measure the
product on articles it was never tuned on (evals/corpus2/). The corpus gets its own embedded
data dir under the usual one, kept between runs and brought in line with the folder each time,
so a rerun re-embeds only what changed; the usual index is never touched.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from rag.errors import IngestError
from rag.readers import formats

if TYPE_CHECKING:
    from rag.pipeline import Pipeline
    from rag.settings import Settings


def corpus_settings(corpus: Path, settings: Settings) -> Settings:
    """`settings` moved to the corpus's own data dir, with the corpus as the default documents
    (so `ensure_index` and the llama-index baseline read it, not the seeds)."""
    folder = corpus.resolve()
    key = hashlib.sha256(str(folder).encode()).hexdigest()[:10]
    return settings.model_copy(
        update={
            "data_dir": settings.data_dir / "corpora" / f"{folder.name}-{key}",
            "seeds_dir": folder,
            "chroma_host": None,  # a local index even when the usual one is on a server
        }
    )


def corpus_pipeline(corpus: Path) -> Pipeline:
    """A pipeline over the files of `corpus` alone (new, changed and removed files synced)."""
    from rag.documents import find_files
    from rag.embedding import make_embedder
    from rag.pipeline import Pipeline
    from rag.settings import Settings

    if not corpus.is_dir():
        raise IngestError(f"no corpus folder at {corpus}: give a folder of articles")
    if next(find_files([corpus]), None) is None:
        raise IngestError(f"no {formats('or')} files in the corpus folder {corpus}")
    base = Settings()
    pipeline = Pipeline(corpus_settings(corpus, base), embedder=make_embedder(base))
    pipeline.ingest([corpus], prune=True)
    return pipeline
