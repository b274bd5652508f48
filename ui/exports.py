"""The project export as CSV or JSON bytes (/export sends the CSV as a document; ``energybridge export``).

CSV: UTF-8 with a byte-order mark, so spreadsheet applications (Excel in particular) read Cyrillic and the
Azerbaijani and Kazakh Latin letters correctly; one row per article; list columns (countries, people, figures)
joined with "; ". The column names are fixed English identifiers in every language, so a sheet built on one export
keeps working with the next. JSON: a list of objects with the same keys, lists as lists.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict
from typing import Any

from storage.exports import ExportRow

COLUMNS = ("id", "date", "title", "language", "outlet", "url", "countries", "people", "figures")
LIST_SEPARATOR = "; "


def _record(row: ExportRow) -> dict[str, Any]:
    record = asdict(row)
    record["date"] = row.date.isoformat() if row.date else None
    return {key: record[key] for key in COLUMNS}


def export_csv(rows: list[ExportRow]) -> bytes:
    """One row per article, a header first; UTF-8 with BOM, CRLF line ends (RFC 4180)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        record = _record(row)
        writer.writerow([LIST_SEPARATOR.join(v) if isinstance(v, list) else ("" if v is None else v)
                         for v in record.values()])
    return buffer.getvalue().encode("utf-8-sig")


def export_json(rows: list[ExportRow]) -> bytes:
    """A JSON list of article objects (UTF-8, letters unescaped)."""
    return (json.dumps([_record(r) for r in rows], ensure_ascii=False, indent=1) + "\n").encode("utf-8")
