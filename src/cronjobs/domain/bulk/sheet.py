"""Reading a bulk-upload CSV (spec §4.5): decoding, normalisation and header matching.

Pure text handling, no database: the bytes of the uploaded file become the rows that survive
normalisation, each reduced to the fields the per-row checks read, plus the `stats` of the
response.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from cronjobs.domain.errors import InvalidInput

# Header aliases per field, in priority order: the first alias with a non-blank cell wins.
ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("job name", "name"),
    "cron": ("cron schedule (jst)", "cron expression", "cron", "cron_expression"),
    "status": ("status", "is_active", "active"),
    "target_url": ("target url", "target_url", "url"),
    "owner": ("github owner", "owner", "github_owner"),
    "repo": ("repo", "github repo", "github_repo"),
    "workflow": ("workflow name", "github workflow name", "github_workflow_name"),
    "category": ("category", "job category", "job_category"),
    "end_date": ("end date", "end_date"),
    "pic_team": ("pic team", "pic_team", "pic team slug", "pic_team_slug"),
    "branch": ("branch", "ref"),
    "request_body": ("request body", "request_body", "metadata"),
}
INACTIVE_STATUSES = frozenset({"disable", "disabled", "inactive", "false", "0", "no", "n", "off"})
# The csv module refuses cells over 131,072 characters by default, with an error that would be
# a 500 (D1). Its limit guards streaming readers against unbounded memory; here the whole upload
# is already one string, so no cell can outgrow it. This is the largest limit every platform
# accepts (a C long): any upload the service can hold in memory parses.
CSV_FIELD_LIMIT = 2**31 - 1
EMPTY_CSV = "CSV is empty."
NO_USABLE_HEADER = "CSV header row has no usable column names."


@dataclass(frozen=True, slots=True)
class CsvRow:
    """One data row after normalisation: each field's trimmed value, "" when absent or blank."""

    name: str
    cron: str
    status: str
    target_url: str
    owner: str
    repo: str
    workflow: str
    category: str
    end_date: str
    pic_team: str
    branch: str
    request_body: str


@dataclass(frozen=True, slots=True)
class CsvTable:
    """The rows left after normalisation (row n of the spec is `rows[n - 2]`) and the stats."""

    rows: list[CsvRow]
    stats: dict[str, int]


def decode(content: bytes) -> str:
    """Decode the upload as UTF-8 without its BOM; undecodable bytes become U+FFFD."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("utf-8", errors="replace")


def is_inactive(status: str) -> bool:
    """Tell whether a status cell disables the job (blank and anything unknown mean active)."""
    return status.strip().lower() in INACTIVE_STATUSES


def _invalid_csv(message: str, expose_details: bool) -> InvalidInput:
    return InvalidInput("Invalid CSV", message if expose_details else "Invalid CSV")


def _pick(cells: dict[str, str], aliases: tuple[str, ...]) -> str:
    return next((cells[alias] for alias in aliases if cells.get(alias)), "")


def read_csv(content: bytes, *, expose_details: bool) -> CsvTable:
    """Parse and normalise an upload, or fail with the `Invalid CSV` 400 (§4.5)."""
    # The limit is process-wide state: set it here, where it is needed, so that it never depends
    # on which module happened to be imported first.
    csv.field_size_limit(CSV_FIELD_LIMIT)
    # newline="" lets the csv module see the file's own line endings, as its docs require, so
    # quoted cells keep their embedded line breaks whatever the platform that wrote the file.
    records = list(csv.reader(io.StringIO(decode(content), newline="")))
    if not records:
        raise _invalid_csv(EMPTY_CSV, expose_details)
    header, *data = records
    width = len(header)
    kept = [(index, title.strip().lower()) for index, title in enumerate(header) if title.strip()]
    if not kept:
        raise _invalid_csv(NO_USABLE_HEADER, expose_details)
    rows: list[CsvRow] = []
    for record in data:
        padded = record[:width] + [""] * (width - len(record))
        values = [(title, padded[index].strip()) for index, title in kept]
        if not any(value for _, value in values):
            continue
        # A later column overwrites an earlier one of the same name: the rightmost wins.
        cells = dict(values)
        rows.append(CsvRow(**{field: _pick(cells, names) for field, names in ALIASES.items()}))
    stats = {
        "original_column_count": width,
        "original_row_count": len(data),
        "removed_column_count": width - len(kept),
        "removed_empty_row_count": len(data) - len(rows),
    }
    return CsvTable(rows, stats)
