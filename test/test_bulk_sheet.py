"""Reading a bulk-upload CSV (spec §4.5, D22) reads the file lazily: never more than it needs."""

from __future__ import annotations

import io

import pytest

from cronjobs.domain.bulk.sheet import CsvSheet, read_sheet
from cronjobs.domain.errors import PayloadTooLarge

ROW = b"Nightly smoke %05d,0 9 * * *,2099-12-31,QA Team,acme/web,smoke.yml," + b"x" * 150 + b"\n"
HEAD = b"Job Name,Cron,End Date,PIC Team,Repo,Workflow Name\n"
# Reading ahead is allowed (the text layer reads in chunks), but far less than the file.
READ_AHEAD = 64 * 1024


def upload(rows: int) -> io.BytesIO:
    """A CSV file of `rows` rows of about 200 bytes after the header."""
    return io.BytesIO(HEAD + b"".join(ROW % number for number in range(rows)))


@pytest.fixture
def file_over_the_limit() -> io.BytesIO:
    """A 2 MB file: 10,000 rows where at most 100 are allowed."""
    return upload(10_000)


@pytest.fixture
def sheet_of_10000_rows() -> CsvSheet:
    """A 2 MB file of 10,000 rows, checked and counted."""
    return read_sheet(upload(10_000), max_rows=10_000, expose_details=True)


def test_reading_stops_at_the_first_row_beyond_the_limit(file_over_the_limit: io.BytesIO) -> None:
    with pytest.raises(PayloadTooLarge):
        read_sheet(file_over_the_limit, max_rows=100, expose_details=True)
    assert file_over_the_limit.tell() < 101 * len(ROW) + READ_AHEAD


def test_rows_are_read_one_at_a_time(sheet_of_10000_rows: CsvSheet) -> None:
    rows = sheet_of_10000_rows.rows()
    assert next(rows).name == "Nightly smoke 00000"
    assert sheet_of_10000_rows.source.tell() < READ_AHEAD


def test_rows_are_read_to_the_end_leaving_the_file_open(sheet_of_10000_rows: CsvSheet) -> None:
    assert [row.name for row in sheet_of_10000_rows.rows()][-1] == "Nightly smoke 09999"
    assert not sheet_of_10000_rows.source.closed
