"""Helpers tests import: the seed folder, settings that ignore the environment, a free port.

Fixtures stay in `conftest.py`; plain functions live here, so tests import them by name.
"""

from __future__ import annotations

import socket
from pathlib import Path

from rag.settings import REPO_ROOT, Settings

SEEDS = REPO_ROOT / "seeds"


def make_settings(data_dir: Path, **overrides) -> Settings:
    """Settings for a test: this data dir, no `.env`, the given overrides."""
    return Settings(_env_file=None, data_dir=data_dir, **overrides)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_pdf(pages: list[list[str]], title: str | None = None) -> bytes:
    """A minimal, valid PDF written by hand: one text line per string, Helvetica, a real text
    layer. A page with no lines only draws a filled square, like a scan with no text."""

    def escape(line: str) -> str:
        return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    font = 3 + 2 * len(pages)
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{' '.join(f'{3 + 2 * i} 0 R' for i in range(len(pages)))}] "
        f"/Count {len(pages)} >>",
    ]
    for i, lines in enumerate(pages):
        text = " 0 -16 Td ".join(f"({escape(line)}) Tj" for line in lines)
        content = f"BT /F1 12 Tf 72 720 Td {text} ET" if lines else "0 0 0 rg 72 500 200 200 re f"
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents "
                       f"{4 + 2 * i} 0 R /Resources << /Font << /F1 {font} 0 R >> >> >>")  # fmt: skip
        objects.append(f"<< /Length {len(content)} >>\nstream\n{content}\nendstream")
    objects.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    info = f" /Info {len(objects) + 1} 0 R" if title else ""
    if title:
        objects.append(f"<< /Title ({escape(title)}) >>")
    out, offsets = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\x00\n"), []  # binary, as real PDFs
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R{info} >>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
