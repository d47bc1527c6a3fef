"""The official `openai` client, configured once for every part that talks to an endpoint.

The answerer (chat), the embedder (embeddings) and the judge all use `make_client`; none reaches
into another for it. The client itself retries 429, 5xx, timeouts and dropped connections with
exponential backoff, `RAG_MAX_RETRIES` times; after that its error becomes one line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rag.errors import AnswerError, ConfigError, RagError, redact

if TYPE_CHECKING:
    import openai

    from rag.settings import Settings


def make_client(settings: Settings, purpose: str) -> openai.OpenAI:
    """A configured client; `purpose` ("the openai answerer", "OpenAI embeddings") names who
    needs it when the key and endpoint are missing."""
    if not (settings.openai_api_key or settings.openai_base_url):
        raise ConfigError(
            f"{purpose} needs OPENAI_API_KEY, or OPENAI_BASE_URL for a local OpenAI-compatible "
            "server"
        )
    import openai

    return openai.OpenAI(
        api_key=settings.openai_api_key or "not-needed",  # local servers ignore the key
        base_url=settings.openai_base_url,
        timeout=settings.timeout_s,
        max_retries=settings.max_retries,
    )


def describe_api_error(
    exc: Exception, mid_stream: bool = False, error: type[RagError] = AnswerError
) -> RagError:
    """A one-line, key-free `error` for whatever the client raised.

    `mid_stream`: the failure came after the answer had started, which the client never retries.
    """
    import openai

    retried = not mid_stream
    server = f"the model server{_address(exc)}"
    if isinstance(exc, openai.APITimeoutError):
        reason = f"{server} timed out" + (" mid-answer" if mid_stream else "")
    elif isinstance(exc, openai.APIConnectionError):
        reason = (
            f"the connection to {server} dropped mid-answer"
            if mid_stream
            else f"cannot reach {server}"
        )
    elif isinstance(exc, openai.APIStatusError):
        reason = f"{server} answered HTTP {exc.status_code}"
        retried = exc.status_code in (408, 409, 429) or exc.status_code >= 500
    else:
        reason = f"{server} sent a response that could not be read ({type(exc).__name__})"
        retried = False
    return error(redact(f"{reason}; gave up after retries" if retried else reason))


def _address(exc: Exception) -> str:
    """` at http://127.0.0.1:9`: which server failed (a mistyped OPENAI_BASE_URL port, a server
    that is down), without the request's path."""
    import openai

    if not isinstance(exc, openai.APIError) or not exc.request.url.host:
        return ""
    url = exc.request.url
    return f" at {url.scheme}://{url.host}" + (f":{url.port}" if url.port else "")
