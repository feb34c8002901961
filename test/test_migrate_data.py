"""scripts/migrate_data.py: copies the Flask database into the FastAPI one, safely (issue 6)."""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, update

from cronjobs.datacopy.progress import Progress
from cronjobs.datacopy.tables import copyable_tables
from cronjobs.datacopy.verify import compare_table
from cronjobs.domain.common.lengths import install_text_checks
from cronjobs.models import Base, Job, JobCategory, JobExecution, User
from cronjobs.storage.engines import create_sync_engine
from tests_support.kit.copy_runs import CopyRun, copy, run_script, script
from tests_support.kit.databases import mysql_url, postgres_url, sibling_database, sqlite_url
from tests_support.kit.worlds.copy import (
    EXECUTION_ID,
    FULL_JOB_ID,
    JOB_METADATA,
    OWNER_ID,
    STAMP,
    add_executions,
    add_user,
    empty_target,
    fill_source,
    prepared,
)

BOTH_SERVERS = [pytest.mark.postgres, pytest.mark.mysql]
PAIRS = [
    "sqlite-sqlite",
    pytest.param("sqlite-postgres", marks=pytest.mark.postgres),
    pytest.param("postgres-sqlite", marks=pytest.mark.postgres),
    pytest.param("sqlite-mysql", marks=pytest.mark.mysql),
    pytest.param("mysql-sqlite", marks=pytest.mark.mysql),
    pytest.param("postgres-mysql", marks=BOTH_SERVERS),
    pytest.param("mysql-postgres", marks=BOTH_SERVERS),
    pytest.param("mysql-mysql", marks=pytest.mark.mysql),
]
SERVER_URLS = {"postgres": postgres_url, "mysql": mysql_url}
UPPER_CASE_KEY = "B0000000-0000-4000-8000-000000000000"
LOWER_CASE_KEY = "a0000000-0000-4000-8000-000000000000"


@pytest.fixture(params=PAIRS)
def urls(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """Return (source, target) URLs for one pair of engines (skips without their servers)."""
    source_kind, target_kind = request.param.split("-")
    if source_kind == "sqlite":
        source = sqlite_url(tmp_path, "source.db")
    else:
        source = SERVER_URLS[source_kind]()
    if target_kind == "sqlite":
        yield source, sqlite_url(tmp_path, "target.db")
    elif target_kind != source_kind:
        yield source, SERVER_URLS[target_kind]()
    else:  # the kit has one database per server: the target is a second one beside it
        with sibling_database(source, "copy_target") as target:
            yield source, target


@pytest.fixture
def source(urls: tuple[str, str]) -> Iterator[Engine]:
    engine = prepared(urls[0])
    fill_source(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def target(urls: tuple[str, str], source: Engine) -> Iterator[Engine]:
    engine = empty_target(urls[1])
    yield engine
    engine.dispose()


def differences(source: Engine, target: Engine) -> list[str]:
    with source.connect() as left, target.connect() as right:
        checks = [compare_table(left, right, table, 100, typed=True) for table in copyable_tables()]
    return [check.describe() for check in checks if not check.identical]


def summary_row(run: CopyRun, table: str) -> list[str]:
    """Return the cells of one table's row in a copy's summary."""
    return next(row.split() for row in run.output.splitlines() if row.split()[:1] == [table])


def count(engine: Engine, model: type) -> int:
    with engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(model)) or 0)


def test_a_fresh_copy_makes_the_target_identical(
    urls: tuple[str, str], source: Engine, target: Engine
) -> None:
    run = copy(*urls)
    assert run.code == 0, run.output
    assert "Verification passed: 9 tables identical" in run.output
    assert differences(source, target) == []


def test_a_copy_keeps_every_kind_of_value(
    urls: tuple[str, str], source: Engine, target: Engine
) -> None:
    copy(*urls)
    with target.connect() as connection:
        job = connection.execute(select(Job).where(Job.id == FULL_JOB_ID)).one()
        execution = connection.execute(
            select(JobExecution).where(JobExecution.id == EXECUTION_ID)
        ).one()
        owner = connection.execute(select(User).where(User.id == OWNER_ID)).one()
    assert (job.name, job.job_metadata, job.end_date.isoformat()) == (
        "nightly 夜間",
        JOB_METADATA,
        "2027-01-31",
    )
    assert (job.notify_on_success, job.target_url) == (True, None)
    assert (execution.started_at, execution.duration_seconds) == (STAMP, 0.1 + 0.2)
    assert (execution.error_message, execution.output) == (None, "ok ✓ 🎉")
    assert (owner.username, owner.updated_at) == ("zoë", None)


def test_a_second_copy_changes_nothing(
    urls: tuple[str, str], source: Engine, target: Engine
) -> None:
    first = copy(*urls)
    second = copy(*urls)
    read, inserted, updated, unchanged, pruned = map(int, summary_row(second, "total")[1:6])
    assert first.code == second.code == 0
    assert (inserted, updated, pruned) == (0, 0, 0)
    assert read == unchanged > 0


def test_keys_differing_in_letter_case_are_ordered_by_their_bytes_on_every_engine(
    urls: tuple[str, str], source: Engine, target: Engine
) -> None:
    # Byte order puts "B…" before "a…"; MySQL's default collation, ignoring case, the other way.
    add_user(source, key=UPPER_CASE_KEY, username="upper")
    add_user(source, key=LOWER_CASE_KEY, username="lower")
    first = copy(*urls)
    second = copy(*urls)
    assert first.code == 0, first.output
    assert second.code == 0, second.output
    assert summary_row(second, "users")[1:5] == ["4", "0", "0", "4"]


@pytest.mark.parametrize(
    "urls",
    [
        pytest.param("sqlite-mysql", marks=pytest.mark.mysql),
        pytest.param("postgres-mysql", marks=BOTH_SERVERS),
    ],
    indirect=True,
)
def test_names_differing_only_in_letter_case_stay_two_names_on_mysql(
    urls: tuple[str, str], source: Engine, target: Engine
) -> None:
    # MySQL's default collation took them for one value ("Duplicate entry"); 0008's binary one not.
    add_user(source, key=UPPER_CASE_KEY, username="Ann")
    add_user(source, key=LOWER_CASE_KEY, username="ann")
    run = copy(*urls)
    assert run.code == 0, run.output
    assert summary_row(run, "users")[1:5] == ["4", "4", "0", "0"]


def test_rows_changed_at_the_source_are_updated_at_the_target(
    urls: tuple[str, str], source: Engine, target: Engine
) -> None:
    copy(*urls)
    with source.begin() as connection:
        connection.execute(
            update(Job)
            .where(Job.id == FULL_JOB_ID)
            .values(cron_expression="5 4 * * *", end_date=None)
        )
    run = copy(*urls)
    assert summary_row(run, "jobs")[1:5] == ["2", "0", "1", "1"]
    assert differences(source, target) == []


def test_a_dry_run_writes_nothing_and_says_what_it_would_do(
    urls: tuple[str, str], source: Engine, target: Engine
) -> None:
    run = copy(*urls, dry_run=True)
    assert run.code == 0
    assert "would insert" in run.output
    assert "Dry run: nothing was written." in run.output
    assert [count(target, model) for model in (User, Job, JobExecution)] == [0, 0, 0]


def test_verify_names_the_table_and_key_of_a_row_altered_behind_its_back(
    urls: tuple[str, str], source: Engine, target: Engine
) -> None:
    copy(*urls)
    with target.begin() as connection:
        connection.execute(
            update(JobExecution).where(JobExecution.id == EXECUTION_ID).values(output="tampered")
        )
    run = copy(*urls, verify_only=True)
    assert run.code == 1
    assert "Verification FAILED: 1 of 9 tables differ." in run.output
    assert f"job_executions: DIFFERENT at id={EXECUTION_ID}" in run.output


def test_verify_alone_writes_nothing(urls: tuple[str, str], source: Engine, target: Engine) -> None:
    run = copy(*urls, verify_only=True)
    assert run.code == 1
    assert "inserted" not in run.output
    assert count(target, Job) == 0


def test_a_target_with_rows_the_source_lacks_is_refused_without_writing(
    urls: tuple[str, str], source: Engine, target: Engine
) -> None:
    with target.begin() as connection:
        connection.execute(
            JobCategory.__table__.insert().values(
                id="99999999-9999-4999-8999-999999999999",
                slug="extra",
                name="Extra",
                is_active=True,
                created_at=STAMP,
                updated_at=STAMP,
            )
        )
    run = copy(*urls)
    assert run.code == 2
    assert "job_categories: 1 (e.g. id=99999999-9999-4999-8999-999999999999)" in run.output
    assert "--prune" in run.output
    assert count(target, User) == 0


def test_prune_deletes_the_rows_the_source_lacks_and_says_how_many(
    urls: tuple[str, str], source: Engine, target: Engine
) -> None:
    copy(*urls)
    with target.begin() as connection:
        connection.execute(
            JobExecution.__table__.insert().values(
                id="88888888-8888-4888-8888-888888888888",
                job_id=FULL_JOB_ID,
                status="failed",
                trigger_type="manual",
                started_at=STAMP,
            )
        )
    run = copy(*urls, prune=True)
    assert run.code == 0
    assert summary_row(run, "job_executions")[5] == "1"
    assert differences(source, target) == []


def test_a_freshly_initialised_target_is_refused_with_a_hint_about_its_seeded_categories(
    urls: tuple[str, str], source: Engine
) -> None:
    prepared(urls[1]).dispose()
    run = copy(*urls)
    assert run.code == 2
    assert "job_categories: 7" in run.output
    assert "seeded categories" in run.output


def test_tables_copies_only_the_named_tables(
    urls: tuple[str, str], source: Engine, target: Engine
) -> None:
    run = copy(*urls, tables=["users", "job_categories"])
    assert run.code == 0, run.output
    assert "Verification passed: 2 tables identical" in run.output
    assert (count(target, User), count(target, JobCategory), count(target, Job)) == (2, 7, 0)


def test_tables_without_a_table_they_depend_on_is_refused_naming_it(
    urls: tuple[str, str], source: Engine, target: Engine
) -> None:
    run = copy(*urls, tables=["jobs", "job_executions"])
    assert run.code == 2
    assert "jobs needs users (jobs.created_by → users)" in run.output
    assert count(target, Job) == 0


def test_an_unknown_table_is_refused(urls: tuple[str, str], source: Engine, target: Engine) -> None:
    run = copy(*urls, tables=["jobz"])
    assert (run.code, run.output.startswith("error: Unknown table 'jobz'.")) == (2, True)


def test_the_same_database_as_source_and_target_is_refused(
    urls: tuple[str, str], source: Engine
) -> None:
    run = copy(urls[0], urls[0])
    assert run.code == 2
    assert "are the same database" in run.output


def test_a_target_without_the_latest_schema_is_refused_with_the_command_to_run(
    tmp_path: Path,
) -> None:
    source_url = sqlite_url(tmp_path, "source.db")
    fill_source(prepared(source_url))
    (tmp_path / "bare.db").touch()
    run = copy(source_url, sqlite_url(tmp_path, "bare.db"))
    assert run.code == 2
    assert "Run: python scripts/init_fastapi_db.py --url" in run.output


def test_a_missing_target_file_is_refused_without_creating_it(tmp_path: Path) -> None:
    source_url = sqlite_url(tmp_path, "source.db")
    prepared(source_url).dispose()
    run = copy(source_url, sqlite_url(tmp_path, "absent.db"))
    assert run.code == 2
    assert "does not exist" in run.output
    assert not (tmp_path / "absent.db").exists()


def test_a_round_trip_through_the_other_engine_gives_back_the_same_rows(
    urls: tuple[str, str], source: Engine, target: Engine, tmp_path: Path
) -> None:
    back_url = sqlite_url(tmp_path, "back.db")
    back = empty_target(back_url)
    assert copy(*urls).code == 0
    assert copy(urls[1], back_url).code == 0
    assert differences(source, back) == []
    back.dispose()


@pytest.mark.slow
def test_a_copy_killed_mid_table_is_finished_by_the_next_run(
    urls: tuple[str, str], source: Engine, target: Engine
) -> None:
    add_executions(source, 20_000)
    total = count(source, JobExecution)
    process = script("--source", urls[0], "--target", urls[1], "--batch-size", "50")
    copied = 0
    deadline = time.monotonic() + 60
    while copied == 0 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.01)
        copied = count(target, JobExecution)
    process.kill()
    process.communicate(timeout=30)
    assert 0 < count(target, JobExecution) < total
    rerun = copy(*urls)
    assert rerun.code == 0, rerun.output
    assert differences(source, target) == []


def test_the_script_reports_progress_lines_and_the_summary_when_not_on_a_terminal(
    urls: tuple[str, str], source: Engine, target: Engine
) -> None:
    run = run_script("--source", urls[0], "--target", urls[1])
    assert run.code == 0, run.progress
    assert "job_executions: copying 2 rows" in run.progress
    assert "job_executions: done, 2 rows in" in run.progress
    assert run.output.startswith("table ")
    assert "Verification passed" in run.output


def test_the_script_reads_its_default_urls_from_the_settings(
    urls: tuple[str, str], source: Engine, target: Engine
) -> None:
    env = {"DATABASE_URL": urls[0], "FASTAPI_DATABASE_URL": urls[1]}
    assert run_script("--dry-run", env=env).code == 0


@pytest.mark.parametrize("size", ["0", "lots", "100001"])
def test_a_bad_batch_size_is_a_usage_error(size: str) -> None:
    run = run_script(
        "--source", "sqlite:///a.db", "--target", "sqlite:///b.db", "--batch-size", size
    )
    assert run.code == 2
    assert "--batch-size" in run.progress


def test_progress_on_a_terminal_draws_a_bar() -> None:
    out = io.StringIO()
    progress = Progress(out, interactive=True)
    progress.start("jobs", 200)
    progress.advance(100)
    progress.advance(100)
    progress.finish()
    assert "\rjobs" in out.getvalue()
    assert "[###############...............]  50% 100/200" in out.getvalue()
    assert re.search(r"\r\S+ +\[#{30}\] 100% 200/200 [\d,]+ rows/s\n$", out.getvalue())


def test_a_target_whose_schema_alembic_does_not_manage_is_refused(tmp_path: Path) -> None:
    source_url, target_url = sqlite_url(tmp_path, "source.db"), sqlite_url(tmp_path, "old.db")
    prepared(source_url).dispose()
    old = create_sync_engine(target_url, setup=install_text_checks)
    with old.begin() as connection:
        Base.metadata.create_all(connection)  # how databases were made before Alembic
    old.dispose()
    run = copy(source_url, target_url)
    assert run.code == 2
    assert "not managed by Alembic" in run.output
