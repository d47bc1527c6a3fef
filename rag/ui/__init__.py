"""The web UI (`rag serve`): chat with cited answers beside their sources, and a Documents tab."""

from rag.ui.layout import build_app, launch

__all__ = ["build_app", "launch"]
