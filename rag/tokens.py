"""Token counting with tiktoken's cl100k_base, from the copy llama-index-core ships (offline)."""

from __future__ import annotations

import os
from functools import cache


@cache
def _encoding():
    if "TIKTOKEN_CACHE_DIR" not in os.environ:
        import importlib.util
        from pathlib import Path

        spec = importlib.util.find_spec("llama_index.core")
        if spec and spec.submodule_search_locations:
            root = Path(next(iter(spec.submodule_search_locations)))
            os.environ["TIKTOKEN_CACHE_DIR"] = str(root / "_static" / "tiktoken_cache")
    import tiktoken

    return tiktoken.get_encoding("cl100k_base")


def count_tokens(text: str) -> int:
    return len(_encoding().encode(text, disallowed_special=()))
