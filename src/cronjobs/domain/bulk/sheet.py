"""Reading a bulk-upload CSV (spec §4.5): decoding, normalisation and header matching.

Pure text handling, no database. The uploaded file is read lazily, twice, never whole: `read_sheet`
checks the header and counts the rows for `stats`, refusing an upload beyond the row limit (D22)
at the first row past it; `CsvSheet.rows` then yields the rows that survive normalisation one at
a time, each reduced to the fields the per-row checks read.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from typing import IO

from cronjobs.domain.errors import InvalidInput, PayloadTooLarge

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
# a 500 (D1). Its limit guards a reader against unbounded memory; a cell here cannot outgrow the
# uploaded file, which the request body limit bounds, so this is the largest limit every platform
# accepts (a C long): any upload the service accepts parses.
CSV_FIELD_LIMIT = 2**31 - 1
# How much of the file the UTF-8 check reads at a time.
CHUNK_BYTES = 64 * 1024
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
class Columns:
    """The header's width and its kept columns: (index, trimmed lower-cased title)."""

    width: int
    kept: tuple[tuple[int, str], ...]

    @classmethod
    def of(cls, header: list[str]) -> Columns:
        """Keep the columns whose title is not blank."""
        kept = tuple(
            (index, title.strip().lower()) for index, title in enumerate(header) if title.strip()
        )
        return cls(len(header), kept)

    def is_blank(self, record: list[str]) -> bool:
        """Tell whether every kept cell of a record is blank (missing cells are blank)."""
        return not any(index < len(record) and record[index].strip() for index, _ in self.kept)

    def row(self, record: list[str]) -> CsvRow:
        """Reduce a record to its fields; cells beyond the header are ignored."""
        # A later column overwrites an earlier one of the same name: the rightmost wins.
        cells = {
            title: record[index].strip() if index < len(record) else ""
            for index, title in self.kept
        }
        return CsvRow(**{field: _pick(cells, names) for field, names in ALIASES.items()})


@dataclass(frozen=True, slots=True)
class CsvSheet:
    """A checked and counted upload: its `stats`, and its rows read again on demand."""

    source: IO[bytes]
    encoding: str
    columns: Columns
    stats: dict[str, int]

    def rows(self) -> Iterator[CsvRow]:
        """Yield the rows left after normalisation, in order (row n of the spec comes n-1st)."""
        with _records(self.source, self.encoding) as records:
            next(records)  # the header
            for record in islice(records, self.stats["original_row_count"]):
                if not self.columns.is_blank(record):
                    yield self.columns.row(record)


def utf8_encoding(source: IO[bytes]) -> str:
    """Name the codec that decodes the upload as §4.5 says; undecodable bytes become U+FFFD.

    The rule: UTF-8 without its BOM, or if that fails UTF-8 with replacement characters, which
    keeps a BOM as U+FEFF. Only a file that starts with a BOM needs the whole file checked.
    """
    source.seek(0)
    if source.read(len(codecs.BOM_UTF8)) != codecs.BOM_UTF8:
        return "utf-8"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := source.read(CHUNK_BYTES):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "utf-8"
    return "utf-8-sig"


@contextmanager
def _records(source: IO[bytes], encoding: str) -> Iterator[Iterator[list[str]]]:
    # The limit is process-wide state: set it here, where it is needed, so that it never depends
    # on which module happened to be imported first.
    csv.field_size_limit(CSV_FIELD_LIMIT)
    source.seek(0)
    # newline="" lets the csv module see the file's own line endings, as its docs require, so
    # quoted cells keep their embedded line breaks whatever the platform that wrote the file.
    text = io.TextIOWrapper(source, encoding=encoding, errors="replace", newline="")
    try:
        yield csv.reader(text)
    finally:
        # Leave the upload's file open for the next pass: the request that owns it closes it.
        text.detach()


def is_inactive(status: str) -> bool:
    """Tell whether a status cell disables the job (blank and anything unknown mean active)."""
    return status.strip().lower() in INACTIVE_STATUSES


def too_many_rows(limit: int) -> PayloadTooLarge:
    """Return the 413 of an upload with more rows than BULK_UPLOAD_MAX_ROWS (D22)."""
    return PayloadTooLarge("Payload too large", f"A bulk upload may have at most {limit} rows.")


def _invalid_csv(message: str, expose_details: bool) -> InvalidInput:
    return InvalidInput("Invalid CSV", message if expose_details else "Invalid CSV")


def _pick(cells: dict[str, str], aliases: tuple[str, ...]) -> str:
    return next((cells[alias] for alias in aliases if cells.get(alias)), "")


def read_sheet(source: IO[bytes], *, max_rows: int, expose_details: bool) -> CsvSheet:
    """Check the header and count the rows, or fail with the `Invalid CSV` 400 or the 413.

    Reading stops at the first row beyond `max_rows` (rows after the header, blank ones too).
    """
    encoding = utf8_encoding(source)
    with _records(source, encoding) as records:
        header = next(records, None)
        if header is None:
            raise _invalid_csv(EMPTY_CSV, expose_details)
        columns = Columns.of(header)
        if not columns.kept:
            raise _invalid_csv(NO_USABLE_HEADER, expose_details)
        count = blank = 0
        for record in records:
            count += 1
            if count > max_rows:
                raise too_many_rows(max_rows)
            blank += columns.is_blank(record)
    stats = {
        "original_column_count": columns.width,
        "original_row_count": count,
        "removed_column_count": columns.width - len(columns.kept),
        "removed_empty_row_count": blank,
    }
    return CsvSheet(source, encoding, columns, stats)
