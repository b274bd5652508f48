"""Incremental ingestion of a directory into the store (``run_ingest``), its report and CLI commands.

The names below are imported on first use, so that a parser process (which imports ``scan.work``) does not
load SQLAlchemy and the models it never uses.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scan.report import IngestReport, NewArticle, list_quarantined
    from scan.runner import run_ingest

__all__ = ["IngestReport", "NewArticle", "list_quarantined", "run_ingest"]
_HOMES = {"IngestReport": "scan.report", "NewArticle": "scan.report", "list_quarantined": "scan.report",
          "run_ingest": "scan.runner"}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'scan' has no attribute {name!r}")
