"""Whether `rag serve` can listen where it was told to, asked before Gradio loads (seconds), so
a busy port is one plain line rather than Gradio's 'cannot find empty port' naming its own
variable.
"""

from __future__ import annotations

import errno
import socket

from rag.errors import ConfigError


def check_port(host: str, port: int) -> None:
    """A ConfigError when `host:port` cannot be listened on: a port in use, a privileged port, a
    host that is not this machine's."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise ConfigError(f"cannot listen on {host!r}: {exc.strerror}") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server itself does
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise ConfigError(f"port {port} is in use; choose another with --port") from None
            if exc.errno == errno.EACCES:
                raise ConfigError(f"no permission to listen on port {port}; choose another "
                                  f"with --port") from None  # fmt: skip
            raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
