"""Incremental ingestion of a directory into the store (``run_ingest``), its report and CLI commands."""

from scan.report import IngestReport, NewArticle, list_quarantined
from scan.runner import run_ingest

__all__ = ["IngestReport", "NewArticle", "list_quarantined", "run_ingest"]
