"""A scripted OpenAI-compatible chat server for tests: queue what each request gets back.

    with FakeOpenAI() as server:
        server.queue(status(429), reply("Xi hosted Putin. [1]"))
        settings = make_settings(..., openai_base_url=server.base_url)

Each request to `/v1/chat/completions` takes the next queued behaviour (the last one repeats once
the queue runs dry) and is recorded in `server.requests`, so tests can count retries and read the
prompt the model was sent. `reply` answers as JSON or as a server-sent-event stream, whichever the
request asked for, the way real servers do.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]

    @property
    def stream(self) -> bool:
        return bool(self.body.get("stream"))

    @property
    def prompt(self) -> str:
        """Every message's content, joined: what the model would read."""
        return "\n".join(str(m.get("content", "")) for m in self.body.get("messages", []))

    def message(self, role: str) -> str:
        return next(m["content"] for m in self.body["messages"] if m["role"] == role)


Behaviour = Callable[["_Handler", Request], None]


def _completion(text: str) -> dict[str, Any]:
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 0,
        "model": "fake",
        "choices": [
            {"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}
        ],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


def _chunk(text: str | None, finish: str | None = None) -> bytes:
    delta = {"role": "assistant", "content": text} if text is not None else {}
    event = {
        "id": "chatcmpl-fake",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": "fake",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
    return f"data: {json.dumps(event)}\n\n".encode()


def pieces_of(text: str) -> list[str]:
    """Split text into word-sized stream pieces that join back to it."""
    words = text.split(" ")
    return [w if i == 0 else " " + w for i, w in enumerate(words)]


# -- behaviours ------------------------------------------------------------------------------


def reply(text: str) -> Behaviour:
    """A normal completion: JSON, or SSE chunks ending in finish_reason and [DONE]."""
    return reply_with(lambda request: text)


def reply_with(make_text: Callable[[Request], str], every_s: float = 0.0) -> Behaviour:
    """A normal completion whose text is computed from the request (e.g. from its prompt); a
    stream waits `every_s` before each piece."""

    def behave(handler: _Handler, request: Request) -> None:
        text = make_text(request)
        if not request.stream:
            handler.send_json(200, _completion(text))
            return
        handler.start_chunked(200, "text/event-stream")
        for piece in pieces_of(text):
            if every_s and handler.server.stopping.wait(every_s):
                return
            handler.write_chunk(_chunk(piece))
        handler.write_chunk(_chunk(None, "stop") + b"data: [DONE]\n\n")
        handler.end_chunked()

    return behave


def status(code: int, message: str = "server error", retry_after_ms: int | None = 10) -> Behaviour:
    """An HTTP error with an OpenAI-style body; `retry-after-ms` keeps client retries fast."""

    def behave(handler: _Handler, request: Request) -> None:
        headers = {"retry-after-ms": str(retry_after_ms)} if retry_after_ms is not None else {}
        body = {"error": {"message": message, "type": "server_error", "code": code}}
        handler.send_json(code, body, headers)

    return behave


def slow(seconds: float, then: Behaviour | None = None) -> Behaviour:
    """Wait before answering (long past the client's timeout), then behave like `then`."""

    def behave(handler: _Handler, request: Request) -> None:
        handler.server.stopping.wait(seconds)
        (then or reply("Too late."))(handler, request)

    return behave


def trickle(text: str, every_s: float) -> Behaviour:
    """Like `reply`, but a streamed answer sends one word every `every_s` seconds, as a slow
    model would (a plain JSON request is answered at once)."""
    return reply_with(lambda request: text, every_s)


def dropped_stream(pieces: list[str]) -> Behaviour:
    """Start a chunked SSE stream, send some pieces, then close the connection mid-body."""

    def behave(handler: _Handler, request: Request) -> None:
        handler.start_chunked(200, "text/event-stream")
        for piece in pieces:
            handler.write_chunk(_chunk(piece))
        handler.wfile.flush()
        handler.close_connection = True
        handler.connection.shutdown(socket.SHUT_RDWR)

    return behave


def unfinished_stream(pieces: list[str]) -> Behaviour:
    """An SSE body that simply ends (connection close) with no finish_reason and no [DONE]."""

    def behave(handler: _Handler, request: Request) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/event-stream")
        handler.send_header("Connection", "close")
        handler.end_headers()
        for piece in pieces:
            handler.wfile.write(_chunk(piece))
        handler.close_connection = True

    return behave


def malformed(body: str = '{"choices": [{"message": ') -> Behaviour:
    """A 200 whose body is not valid JSON (as JSON, or as one SSE data line)."""

    def behave(handler: _Handler, request: Request) -> None:
        if not request.stream:
            data = body.encode()
            handler.send_response(200)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(data)))
            handler.end_headers()
            handler.wfile.write(data)
            return
        handler.start_chunked(200, "text/event-stream")
        handler.write_chunk(f"data: {body}\n\n".encode())
        handler.write_chunk(b"data: [DONE]\n\n")
        handler.end_chunked()

    return behave


# -- the server ------------------------------------------------------------------------------


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    fake: FakeOpenAI
    stopping: threading.Event

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # clients that time out and hang up are part of the script, not a failure


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        if self.path.rstrip("/").endswith("/models"):
            self.send_json(200, {"object": "list", "data": [{"id": "fake", "object": "model"}]})
        else:
            self.send_json(404, {"error": {"message": f"no route {self.path}"}})

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        try:
            body = json.loads(raw or b"{}")
        except json.JSONDecodeError:
            body = {}
        request = Request(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
        if not self.path.rstrip("/").endswith("/chat/completions"):
            self.send_json(404, {"error": {"message": f"no route {self.path}"}})
            return
        behaviour = self.server.fake.take(request)
        try:
            behaviour(self, request)
        except (BrokenPipeError, ConnectionResetError, OSError):
            self.close_connection = True  # the client gave up first (a timeout test)

    # -- writing helpers -------------------------------------------------------------------
    def send_json(self, code: int, body: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def start_chunked(self, code: int, content_type: str) -> None:
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()

    def write_chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()
        time.sleep(0.001)  # let the client see separate pieces, as from a real model

    def end_chunked(self) -> None:
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()


class FakeOpenAI:
    """The server, on a free loopback port in a background thread; a context manager."""

    def __init__(self) -> None:
        self.requests: list[Request] = []
        self._script: list[Behaviour] = [reply("Nothing was queued.")]
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.fake = self
        self._server.stopping = threading.Event()
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/v1"

    def queue(self, *behaviours: Behaviour) -> FakeOpenAI:
        """Replace the script: request i gets behaviours[i]; the last one repeats."""
        with self._lock:
            self._script = list(behaviours)
        return self

    def take(self, request: Request) -> Behaviour:
        with self._lock:
            self.requests.append(request)
            return self._script.pop(0) if len(self._script) > 1 else self._script[0]

    def __enter__(self) -> FakeOpenAI:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._server.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
