"""What the bulk-upload cases (spec §4.5) need around a request: rows, CSV texts, bodies, checks.

Every case starts from `catalogue`: the PIC teams of the realistic export (its generator,
`test/data/make_bulk_csv.py`, is loaded here), two categories and one existing job. Sheets are
built on `BASE_ROW`, a row that passes every check.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any
from zoneinfo import ZoneInfo

from cronjobs.models import Job, JobCategory, Notification, PicTeam
from tests_support.kit.case import ANY_ID, Case, Check, Reply
from tests_support.kit.multipart import CONTENT_TYPE, multipart
from tests_support.kit.worlds.base import World

Setup = Callable[[World], None]
DATA_DIR = Path(__file__).resolve().parents[3] / "test" / "data"
PATH = "/jobs/bulk-upload"


def _load_generator() -> ModuleType:
    # `test` is also the standard library's package name, so the script is loaded by path.
    spec = importlib.util.spec_from_file_location("make_bulk_csv", DATA_DIR / "make_bulk_csv.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


EXPORT = _load_generator()
EXPORT_BYTES = EXPORT.CSV_PATH.read_bytes()
# "Today" in the default SCHEDULER_TIMEZONE, for the end_date boundary cases.
TODAY = datetime.now(ZoneInfo("Asia/Tokyo")).date()
YESTERDAY = TODAY - timedelta(days=1)


# --- setups -----------------------------------------------------------------------------------


def catalogue(world: World) -> None:
    """Insert the export's PIC teams, two categories and a job whose name the export reuses."""
    with world.session() as session:
        for slug, name, active in EXPORT.TEAMS:
            session.add(PicTeam(slug=slug, name=name, is_active=active))
        session.add(JobCategory(slug="nightly", name="Nightly Runs", is_active=True))
        session.add(JobCategory(slug="archived", name="Archived", is_active=False))
        session.add(
            Job(
                name=EXPORT.EXISTING_JOB,
                cron_expression="0 1 * * *",
                pic_team="qa",
                github_owner="acme",
                github_repo="nightly",
                github_workflow_name="nightly.yml",
            )
        )
        session.commit()


def refuse_insert_of(name: str) -> Setup:
    """Make the database itself refuse to insert a job of this name (a trigger).

    The refusal comes in the middle of the insert, after the rows before it: a real crash.
    """

    def setup(world: World) -> None:
        catalogue(world)
        with world.engine.begin() as connection:
            if connection.dialect.name == "sqlite":
                connection.exec_driver_sql(
                    "CREATE TRIGGER refuse_job BEFORE INSERT ON jobs "
                    f"WHEN NEW.name = '{name}' BEGIN SELECT RAISE(ABORT, 'job refused'); END"
                )
                return
            if connection.dialect.name in {"mysql", "mariadb"}:
                connection.exec_driver_sql(
                    "CREATE TRIGGER refuse_job BEFORE INSERT ON jobs FOR EACH ROW "
                    f"IF NEW.name = '{name}' THEN "
                    "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'job refused'; END IF"
                )
                return
            connection.exec_driver_sql(
                "CREATE FUNCTION refuse_job() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                f"IF NEW.name = '{name}' THEN RAISE EXCEPTION 'job refused'; END IF; "
                "RETURN NEW; END $$"
            )
            connection.exec_driver_sql(
                "CREATE TRIGGER refuse_job BEFORE INSERT ON jobs "
                "FOR EACH ROW EXECUTE FUNCTION refuse_job()"
            )

    return setup


# --- requests ---------------------------------------------------------------------------------

BASE_ROW = {
    "Job Name": "Nightly smoke",
    "Repo": "acme/web",
    "Workflow Name": "smoke.yml",
    "Cron schedule (JST)": "0 9 * * *",
    "End Date": "2099-12-31",
    "PIC Team": "QA Team",
}


def sheet(*rows: dict[str, str]) -> str:
    """Write rows as CSV text: each row is BASE_ROW with its own cells over it."""
    full = [BASE_ROW | row for row in rows]
    header = list(dict.fromkeys(key for row in full for key in row))
    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([row.get(key, "") for key in header] for row in full)
    return text.getvalue()


def upload(
    name: str,
    data: str | bytes | None,
    *,
    dry_run: str | None = None,
    owner: str | None = None,
    filename: str | None = "jobs.csv",
    setup: Setup | None = catalogue,
    kind: type[Case] = Case,
    **fields: Any,
) -> Case:
    """A POST /jobs/bulk-upload case sending `data` as the `file` part (None: no such part).

    `kind=AppCase` (with its `settings`, `environ`, `scheduler`) starts the app differently.
    """
    form = {"dry_run": dry_run, "default_github_owner": owner}
    content = data.encode() if isinstance(data, str) else data
    files = {} if content is None else {"file": (filename, content)}
    raw = multipart({key: value for key, value in form.items() if value is not None}, files)
    return kind(
        name=f"bulk_{name}",
        method="POST",
        path=PATH,
        raw=raw,
        content_type=CONTENT_TYPE,
        setup=setup,
        **fields,
    )


# --- bodies -----------------------------------------------------------------------------------


def stats(columns: int, rows: int, dropped_columns: int = 0, dropped_rows: int = 0) -> Any:
    """The `stats` object of a response."""
    return {
        "original_column_count": columns,
        "original_row_count": rows,
        "removed_column_count": dropped_columns,
        "removed_empty_row_count": dropped_rows,
    }


def entry(row: int, error: str, message: str | None = None, name: Any = "Nightly smoke") -> Any:
    """A row's error entry (`name=...` leaves `job_name` out, as check 6 does)."""
    found: dict[str, Any] = {"row": row, "job_name": name, "error": error}
    if name is ...:
        del found["job_name"]
    return found if message is None else found | {"message": message}


def preview(**changes: Any) -> dict[str, Any]:
    """A dry run's job entry for BASE_ROW, with `changes`."""
    job = {"name": "Nightly smoke", "is_active": True, "cron_expression": "0 9 * * *"}
    return job | {"end_date": "2099-12-31", "pic_team": "qa"} | changes


def _body(
    dry_run: bool,
    counts: dict[str, int],
    jobs: list[Any],
    errors: list[Any],
    error_count: int | None,
) -> Any:
    message = "CSV validated successfully" if dry_run else "Bulk upload processed"
    return {
        "message": message,
        "dry_run": dry_run,
        "stats": counts,
        "created_count": len(jobs),
        "error_count": len(errors) if error_count is None else error_count,
        "errors": errors,
        "jobs": jobs,
    }


def validated(
    counts: dict[str, int],
    jobs: list[Any],
    errors: list[Any] | None = None,
    *,
    error_count: int | None = None,
) -> Any:
    """The dry-run body; `error_count` when `errors` lists only the first of them (D22)."""
    return _body(True, counts, jobs, errors or [], error_count)


def processed(
    counts: dict[str, int],
    names: list[tuple[str, bool]],
    errors: list[Any] | None = None,
    *,
    error_count: int | None = None,
) -> Any:
    """The real-run body: created jobs as (name, is_active), with new ids."""
    jobs = [{"id": ANY_ID, "name": name, "is_active": active} for name, active in names]
    return _body(False, counts, jobs, errors or [], error_count)


def one_row(*errors: dict[str, Any], columns: int = 6, jobs: list[Any] | None = None) -> Any:
    """The dry-run body of a one-row sheet (BASE_ROW's 6 columns): the row's error, or its job."""
    return validated(stats(columns, 1), jobs or [], list(errors))


# --- checks -----------------------------------------------------------------------------------


def stored(name: str, *, creator: str | None = None, **columns: Any) -> Check:
    """The job `name` exists with these column values (`metadata` compares the parsed JSON)."""

    def check(world: World, _reply: Reply) -> None:
        job = world.row(Job, name=name)
        assert job is not None, name
        if creator is not None:
            assert job.created_by == world.ids[creator]
        for column, expected in columns.items():
            if column == "metadata":
                actual = json.loads(job.job_metadata) if job.job_metadata else None
            else:
                actual = getattr(job, column)
            assert actual == expected, (column, actual, expected)

    return check


def job_count(expected: int) -> Check:
    """The jobs table holds exactly `expected` rows, and nobody was notified (§4.5)."""

    def check(world: World, _reply: Reply) -> None:
        assert world.count(Job) == expected
        assert world.count(Notification) == 0

    return check


def crashed(world: World, reply: Reply) -> None:
    """A 500 in the legacy envelope, and the jobs table as the setup left it (one job)."""
    assert reply.json()["error"] == "Internal server error"
    job_count(1)(world, reply)


UNCHANGED = job_count(1)  # only the job `catalogue` inserted, and no notification


def row(name: str, cells: dict[str, str], *errors: Any, **fields: Any) -> Case:
    """A dry run of a one-row sheet: the row fails with `errors`, or `jobs=` lists its job."""
    body = one_row(*errors, columns=len(BASE_ROW | cells), jobs=fields.pop("jobs", None))
    return upload(
        f"row_{name}",
        sheet(cells),
        dry_run="true",
        status=200,
        body=body,
        check=UNCHANGED,
        **fields,
    )


def rows(name: str, sheet_rows: list[dict[str, str]], jobs: list[Any], *errors: Any) -> Case:
    """A dry run of a sheet of several rows built on BASE_ROW."""
    body = validated(stats(6, len(sheet_rows)), jobs, list(errors))
    return upload(
        f"rows_{name}", sheet(*sheet_rows), dry_run="true", status=200, body=body, check=UNCHANGED
    )
