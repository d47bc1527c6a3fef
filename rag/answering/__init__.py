"""Answerers turn a question and numbered passages into text that cites them as `[n]`.

`base.py` holds the protocol and the abstention phrase, `registry.py` every answerer by name;
each backend implements one method.
"""

from __future__ import annotations

from rag.answering.base import ABSTAIN, Answerer, is_abstention
from rag.answering.registry import ANSWERERS, answerer_kind, make_answerer, usable_answerers

__all__ = ["ABSTAIN", "ANSWERERS", "Answerer", "answerer_kind", "usable_answerers",
           "is_abstention", "make_answerer"]  # fmt: skip
