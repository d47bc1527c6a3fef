"""Documents -> token-sized chunks with stable ids and their document's metadata.

Chunks are sized in `cl100k_base` tokens (rag.splitting, which never cuts mid-sentence unless a
sentence alone is too long) so that they stay under MiniLM's 256 word pieces.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from rag.documents import Document
from rag.splitting import split_text


@dataclass(frozen=True)
class Chunk:
    id: str
    text: str
    source: str
    title: str
    date: str | None  # ISO date of the document, if it states one
    position: int
    path: str  # the document's identity (see Document.path)

    def metadata(self) -> dict[str, str | int]:
        """Flat metadata as Chroma stores it (no None values; dates also as sortable ints)."""
        meta: dict[str, str | int] = {
            "source": self.source,
            "path": self.path,
            "title": self.title,
            "position": self.position,
        }
        if self.date:
            meta["date"] = self.date
            meta["date_int"] = int(self.date.replace("-", ""))
        return meta


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def chunk_document(doc: Document, chunk_tokens: int = 224, overlap: int = 44) -> list[Chunk]:
    """Split one document; ids are `pathhash#position-hash` so re-ingesting is idempotent.

    The hash covers the chunk's text and the document's title, date and file name: everything a
    chunk stores is fixed by its id, so an edit to the front matter alone is a change (new ids),
    and a cache keyed by ids (`rag/bm25.py`) never holds metadata the store does not."""
    path = doc.path or doc.source
    key = content_hash(path)[:12]
    date = doc.date.isoformat() if doc.date else None
    texts = split_text(doc.text, chunk_tokens, overlap)
    about = "\0".join(("", doc.title, date or "", doc.source))
    return [
        Chunk(
            id=f"{key}#{i}-{content_hash(text + about)[:10]}",
            text=text,
            source=doc.source,
            title=doc.title,
            date=date,
            position=i,
            path=path,
        )
        for i, text in enumerate(t for t in texts if t)
    ]
