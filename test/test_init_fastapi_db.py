"""`scripts/init_fastapi_db.py` and `storage.initialise`: initialise the FastAPI databases only."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, inspect, select
from sqlalchemy.orm import Session

from cronjobs.domain.common.lengths import install_text_checks
from cronjobs.domain.process.seed import startup_seed
from cronjobs.models import JobCategory, PicTeam
from cronjobs.settings import SEPARATE_DATABASE_URL, TEST_DATABASE_URL, Settings
from cronjobs.storage.engines import sync_url
from cronjobs.storage.initialise import (
    Target,
    TargetRefused,
    check_targets,
    default_targets,
    init_databases,
    plan_target,
)
from cronjobs.storage.migrations import head_revision
from cronjobs.storage.prepare import prepare_database
from cronjobs.storage.urls import DEFAULT_PORTS, same_database
from tests_support.kit.databases import empty_server_url, sqlite_url, wipe_server
from tests_support.kit.legacy import create_legacy_sqlite

REPO_ROOT = Path(__file__).resolve().parents[1]
SCRIPT = REPO_ROOT / "scripts" / "init_fastapi_db.py"
SPEC_TABLES = {
    "users",
    "jobs",
    "job_executions",
    "notifications",
    "job_categories",
    "pic_teams",
    "slack_settings",
    "user_notification_preferences",
    "user_ui_preferences",
    "scheduler_lease",
}
CUTOVER_TABLES = {"cutover_overrides", "cutover_audit", "cutover_version"}
THROTTLE_TABLES = {"login_attempts"}
VERSIONED_TABLES = SPEC_TABLES | CUTOVER_TABLES | THROTTLE_TABLES | {"alembic_version"}
CREATED = f"created schema at {head_revision()}, seeded categories"
GUARDED = "columns jobs.end_date, jobs.pic_team, pic_teams.slack_handle"
LEGACY_USER = ("u-1", "legacy", "legacy@example.com", "hash", "user")
SEED_SLUGS = {
    "general",
    "regression",
    "dr-testing",
    "feature-testing",
    "prod-canary",
    "refund",
    "backward-compatibility",
}


# --- helpers ---------------------------------------------------------------------------------


def run_script(
    *args: str, main: Path, separate: Path | None = None, test_db: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the script from the repository root against databases in the test's folder."""
    env = dict(os.environ)
    env["DATABASE_URL"] = sqlite_url(main.parent, main.name)
    if separate is not None:
        env["FASTAPI_DATABASE_URL"] = sqlite_url(separate.parent, separate.name)
    extra = [] if test_db is None else ["--test-url", sqlite_url(test_db.parent, test_db.name)]
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args, *extra],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@contextmanager
def open_sqlite(path: Path) -> Iterator[sqlite3.Connection]:
    """Open an existing SQLite file (never create one), commit on success, and close it."""
    connection = sqlite3.connect(f"{path.as_uri()}?mode=rw", uri=True)
    try:
        with connection:
            yield connection
    finally:
        connection.close()


def create_sqlite(path: Path, sql: str) -> None:
    """Create a SQLite file holding what `sql` creates."""
    connection = sqlite3.connect(path)
    try:
        connection.execute(sql)
        connection.commit()
    finally:
        connection.close()


def table_names(path: Path) -> set[str]:
    """Return the tables in a SQLite file."""
    with open_sqlite(path) as connection:
        rows = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {name for (name,) in rows}


def schema_dump(path: Path) -> list[tuple[str, str, str | None]]:
    """Return every schema object of a SQLite file with its SQL."""
    with open_sqlite(path) as connection:
        return connection.execute(
            "SELECT type, name, sql FROM sqlite_master ORDER BY type, name"
        ).fetchall()


def row_counts(path: Path) -> dict[str, int]:
    """Count the rows of every table of a SQLite file."""
    with open_sqlite(path) as connection:
        return {
            name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
            for name in sorted(table_names(path))
        }


def column_values(path: Path, table: str, column: str) -> set[str]:
    """Return the values of one column of a SQLite table."""
    with open_sqlite(path) as connection:
        return {value for (value,) in connection.execute(f"SELECT {column} FROM {table}")}


def snapshot(path: Path) -> tuple[int, bytes]:
    """Return a file's modification time and content."""
    return path.stat().st_mtime_ns, path.read_bytes()


def add_pic_team(url: str, slug: str) -> None:
    """Insert a PIC team, as a client of the database would."""
    engine = create_engine(sync_url(url))
    try:
        with Session(engine) as session, session.begin():
            session.add(PicTeam(slug=slug, name=slug.title()))
    finally:
        engine.dispose()


def initialised_main(path: Path) -> Path:
    """Create a main database with the schema, the seed and one PIC team."""
    url = sqlite_url(path.parent, path.name)
    engine = create_engine(sync_url(url))
    try:
        prepare_database(engine, startup_seed, default_admin=True)
    finally:
        engine.dispose()
    add_pic_team(url, "main-team")
    return path


@pytest.fixture
def main_db(tmp_path: Path) -> Path:
    """Path of the main database (DATABASE_URL); not created."""
    return tmp_path / "main" / "cron_jobs.db"


@pytest.fixture
def separate_db(tmp_path: Path) -> Path:
    """Path of the separate FastAPI database (FASTAPI_DATABASE_URL); not created."""
    return tmp_path / "fastapi_cron_jobs.db"


@pytest.fixture
def test_db(tmp_path: Path) -> Path:
    """Path of the test database; not created."""
    return tmp_path / "fastapi_test.db"


# --- the script on SQLite ----------------------------------------------------------------


def test_script_creates_every_table_in_both_default_targets(
    main_db: Path, separate_db: Path, test_db: Path
) -> None:
    result = run_script(main=main_db, separate=separate_db, test_db=test_db)
    assert result.returncode == 0, result.stderr
    assert table_names(separate_db) == VERSIONED_TABLES
    assert table_names(test_db) == VERSIONED_TABLES


def test_script_seeds_the_seven_categories_in_both_default_targets(
    main_db: Path, separate_db: Path, test_db: Path
) -> None:
    run_script(main=main_db, separate=separate_db, test_db=test_db)
    assert column_values(separate_db, "job_categories", "slug") == SEED_SLUGS
    assert column_values(test_db, "job_categories", "slug") == SEED_SLUGS


def test_script_reports_the_created_schema_and_seeded_categories(
    main_db: Path, separate_db: Path, test_db: Path
) -> None:
    result = run_script(main=main_db, separate=separate_db, test_db=test_db)
    assert f"separate sqlite:///{separate_db}: {CREATED}" in result.stdout
    assert f"test     sqlite:///{test_db}: {CREATED}" in result.stdout
    assert "Summary: 2 initialised, 0 up to date, 0 failed." in result.stdout


def test_script_creates_no_default_admin_without_with_admin(
    main_db: Path, separate_db: Path, test_db: Path
) -> None:
    run_script(main=main_db, separate=separate_db, test_db=test_db)
    assert row_counts(separate_db)["users"] == 0
    assert row_counts(test_db)["users"] == 0


def test_with_admin_creates_the_default_admin(
    main_db: Path, separate_db: Path, test_db: Path
) -> None:
    result = run_script("--with-admin", main=main_db, separate=separate_db, test_db=test_db)
    assert result.returncode == 0, result.stderr
    assert column_values(separate_db, "users", "username") == {"admin"}
    assert "created the default admin" in result.stdout


def test_second_run_reports_up_to_date(main_db: Path, separate_db: Path, test_db: Path) -> None:
    run_script(main=main_db, separate=separate_db, test_db=test_db)
    result = run_script(main=main_db, separate=separate_db, test_db=test_db)
    assert result.returncode == 0, result.stderr
    assert f"separate sqlite:///{separate_db}: up to date" in result.stdout
    assert f"test     sqlite:///{test_db}: up to date" in result.stdout
    assert "Summary: 0 initialised, 2 up to date, 0 failed." in result.stdout


def test_second_run_changes_no_schema_and_no_rows(
    main_db: Path, separate_db: Path, test_db: Path
) -> None:
    run_script(main=main_db, separate=separate_db, test_db=test_db)
    before = {db: (schema_dump(db), row_counts(db)) for db in (separate_db, test_db)}
    run_script(main=main_db, separate=separate_db, test_db=test_db)
    assert {db: (schema_dump(db), row_counts(db)) for db in (separate_db, test_db)} == before


def test_second_run_does_not_write_the_files(
    main_db: Path, separate_db: Path, test_db: Path
) -> None:
    run_script(main=main_db, separate=separate_db, test_db=test_db)
    before = {db: snapshot(db) for db in (separate_db, test_db)}
    run_script(main=main_db, separate=separate_db, test_db=test_db)
    assert {db: snapshot(db) for db in (separate_db, test_db)} == before


def test_script_does_not_create_the_main_database(
    main_db: Path, separate_db: Path, test_db: Path
) -> None:
    run_script(main=main_db, separate=separate_db, test_db=test_db)
    assert not main_db.parent.exists()


def test_script_leaves_an_existing_main_database_unchanged(
    main_db: Path, separate_db: Path, test_db: Path
) -> None:
    before = snapshot(initialised_main(main_db))
    run_script("--reset", main=main_db, separate=separate_db, test_db=test_db)
    assert snapshot(main_db) == before


def test_url_initialises_only_the_named_database(
    tmp_path: Path, main_db: Path, separate_db: Path, test_db: Path
) -> None:
    named = tmp_path / "named.db"
    result = run_script(
        "--url", sqlite_url(tmp_path, "named.db"), main=main_db, separate=separate_db
    )
    assert result.returncode == 0, result.stderr
    assert table_names(named) == VERSIONED_TABLES
    assert not separate_db.exists()
    assert not test_db.exists()


def test_url_is_repeatable(tmp_path: Path, main_db: Path) -> None:
    urls = [sqlite_url(tmp_path, "one.db"), sqlite_url(tmp_path, "two.db")]
    result = run_script("--url", urls[0], "--url", urls[1], main=main_db)
    assert result.returncode == 0, result.stderr
    assert table_names(tmp_path / "one.db") == table_names(tmp_path / "two.db") == VERSIONED_TABLES


def test_existing_data_is_kept_without_reset(separate_db: Path, main_db: Path) -> None:
    url = sqlite_url(separate_db.parent, separate_db.name)
    run_script("--url", url, main=main_db)
    add_pic_team(url, "qa")
    run_script("--url", url, main=main_db)
    assert column_values(separate_db, "pic_teams", "slug") == {"qa"}


def test_reset_recreates_the_named_target(separate_db: Path, main_db: Path) -> None:
    url = sqlite_url(separate_db.parent, separate_db.name)
    run_script("--url", url, main=main_db)
    add_pic_team(url, "qa")
    result = run_script("--reset", "--url", url, main=main_db)
    assert result.returncode == 0, result.stderr
    assert f"dropped {len(VERSIONED_TABLES)} tables, {CREATED}" in result.stdout
    assert row_counts(separate_db)["pic_teams"] == 0
    assert column_values(separate_db, "job_categories", "slug") == SEED_SLUGS


def test_reset_keeps_data_in_the_other_databases(
    separate_db: Path, test_db: Path, main_db: Path
) -> None:
    initialised_main(main_db)
    main_before = snapshot(main_db)
    run_script(main=main_db, separate=separate_db, test_db=test_db)
    add_pic_team(sqlite_url(test_db.parent, test_db.name), "kept")
    test_before = snapshot(test_db)
    run_script("--reset", "--url", sqlite_url(separate_db.parent, separate_db.name), main=main_db)
    assert snapshot(test_db) == test_before
    assert snapshot(main_db) == main_before


def test_refuses_a_target_that_is_the_main_database(main_db: Path) -> None:
    result = run_script("--url", sqlite_url(main_db.parent, main_db.name), main=main_db)
    assert result.returncode == 2
    assert "is the main database (DATABASE_URL=" in result.stderr
    assert "nothing was changed" in result.stderr


def test_refuses_the_main_database_spelled_as_a_relative_path(main_db: Path) -> None:
    relative = os.path.relpath(main_db, REPO_ROOT)
    result = run_script("--url", f"sqlite:///{relative}", main=main_db)
    assert result.returncode == 2
    assert "is the main database" in result.stderr


def test_refusal_does_not_create_the_main_database(main_db: Path) -> None:
    run_script("--url", sqlite_url(main_db.parent, main_db.name), main=main_db)
    assert not main_db.parent.exists()


def test_refused_reset_leaves_the_main_database_unchanged(main_db: Path) -> None:
    before = snapshot(initialised_main(main_db))
    result = run_script("--reset", "--url", sqlite_url(main_db.parent, main_db.name), main=main_db)
    assert result.returncode == 2
    assert snapshot(main_db) == before


def test_refuses_when_fastapi_database_url_is_the_main_database(
    main_db: Path, test_db: Path
) -> None:
    result = run_script(main=main_db, separate=main_db, test_db=test_db)
    assert result.returncode == 2
    assert "'separate'" in result.stderr
    assert not test_db.exists()


def test_dry_run_creates_no_file(main_db: Path, separate_db: Path, test_db: Path) -> None:
    result = run_script("--dry-run", main=main_db, separate=separate_db, test_db=test_db)
    assert result.returncode == 0, result.stderr
    assert not separate_db.exists()
    assert not test_db.exists()


def test_dry_run_reports_what_would_be_created(
    main_db: Path, separate_db: Path, test_db: Path
) -> None:
    result = run_script("--dry-run", main=main_db, separate=separate_db, test_db=test_db)
    assert "Dry run: nothing will be written." in result.stdout
    assert (
        f"{separate_db}: would create schema at {head_revision()}, would seed categories"
        in result.stdout
    )
    assert "Summary: 2 would change, 0 up to date, 0 failed." in result.stdout


def test_dry_run_reports_the_adoption_of_a_legacy_database(
    separate_db: Path, main_db: Path
) -> None:
    create_legacy_sqlite(separate_db, [LEGACY_USER])
    url = sqlite_url(separate_db.parent, separate_db.name)
    result = run_script("--dry-run", "--url", url, main=main_db)
    assert (
        f"would stamp legacy database at 0001_baseline, would add {GUARDED}, would create tables "
        "job_executions, notifications, scheduler_lease, slack_settings, "
        "user_notification_preferences, user_ui_preferences, "
        f"would upgrade 0001_baseline→{head_revision()}, would seed categories"
    ) in result.stdout


def test_dry_run_leaves_a_legacy_database_unchanged(separate_db: Path, main_db: Path) -> None:
    create_legacy_sqlite(separate_db, [LEGACY_USER])
    before = snapshot(separate_db)
    run_script("--dry-run", "--url", sqlite_url(separate_db.parent, separate_db.name), main=main_db)
    assert snapshot(separate_db) == before


def test_reset_dry_run_drops_nothing(separate_db: Path, main_db: Path) -> None:
    url = sqlite_url(separate_db.parent, separate_db.name)
    run_script("--url", url, main=main_db)
    add_pic_team(url, "qa")
    result = run_script("--reset", "--dry-run", "--url", url, main=main_db)
    assert (
        f"would drop {len(VERSIONED_TABLES)} tables, would create schema at {head_revision()}"
        in result.stdout
    )
    assert column_values(separate_db, "pic_teams", "slug") == {"qa"}


def test_script_stamps_a_legacy_database_at_head(separate_db: Path, main_db: Path) -> None:
    create_legacy_sqlite(separate_db, [LEGACY_USER])
    result = run_script("--url", sqlite_url(separate_db.parent, separate_db.name), main=main_db)
    assert "stamped legacy database at 0001_baseline" in result.stdout
    assert column_values(separate_db, "alembic_version", "version_num") == {head_revision()}


def test_script_keeps_the_rows_of_a_legacy_database(separate_db: Path, main_db: Path) -> None:
    create_legacy_sqlite(separate_db, [LEGACY_USER])
    run_script("--url", sqlite_url(separate_db.parent, separate_db.name), main=main_db)
    assert column_values(separate_db, "users", "username") == {"legacy"}


def test_script_refuses_a_database_that_differs_from_the_baseline(
    separate_db: Path, main_db: Path
) -> None:
    create_sqlite(separate_db, "CREATE TABLE users (id VARCHAR(36) NOT NULL PRIMARY KEY)")
    before = snapshot(separate_db)
    result = run_script("--url", sqlite_url(separate_db.parent, separate_db.name), main=main_db)
    assert result.returncode == 1
    assert "FAILED: SchemaMismatch: refusing to adopt" in result.stdout
    assert "missing column users.username" in result.stdout
    assert snapshot(separate_db) == before


def test_reset_recreates_a_database_stamped_at_an_unknown_revision(
    separate_db: Path, main_db: Path
) -> None:
    url = sqlite_url(separate_db.parent, separate_db.name)
    run_script("--url", url, main=main_db)
    with open_sqlite(separate_db) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    result = run_script("--reset", "--url", url, main=main_db)
    assert result.returncode == 0, result.stdout
    assert column_values(separate_db, "alembic_version", "version_num") == {head_revision()}


def test_script_adds_the_legacy_guard_columns(separate_db: Path, main_db: Path) -> None:
    create_legacy_sqlite(separate_db, [LEGACY_USER])
    result = run_script("--url", sqlite_url(separate_db.parent, separate_db.name), main=main_db)
    assert f"added {GUARDED}" in result.stdout
    with open_sqlite(separate_db) as connection:
        columns = {row[1] for row in connection.execute("PRAGMA table_info(pic_teams)")}
    assert "slack_handle" in columns


def test_unreachable_target_fails_with_exit_code_1(tmp_path: Path, main_db: Path) -> None:
    url = sqlite_url(tmp_path / "not-a-folder.txt", "x.db")
    (tmp_path / "not-a-folder.txt").write_text("a file, so no folder can be made here")
    result = run_script("--url", url, main=main_db)
    assert result.returncode == 1
    assert "FAILED:" in result.stdout


# --- the library -----------------------------------------------------------------------------


def test_init_databases_creates_schema_and_seed(tmp_path: Path, main_db: Path) -> None:
    target = Target("separate", sqlite_url(tmp_path, "lib.db"))
    [report] = init_databases(
        [target],
        sqlite_url(main_db.parent, main_db.name),
        setup=install_text_checks,
        seed=startup_seed,
    )
    assert report.error == ""
    assert table_names(tmp_path / "lib.db") == VERSIONED_TABLES
    assert column_values(tmp_path / "lib.db", "job_categories", "slug") == SEED_SLUGS


def test_init_databases_twice_reports_no_changes(tmp_path: Path, main_db: Path) -> None:
    target = Target("separate", sqlite_url(tmp_path, "lib.db"))
    main_url = sqlite_url(main_db.parent, main_db.name)
    init_databases([target], main_url, setup=install_text_checks, seed=startup_seed)
    [report] = init_databases([target], main_url, setup=install_text_checks, seed=startup_seed)
    assert report.plan.describe(dry_run=False) == "up to date"


def test_init_databases_refuses_before_touching_any_target(tmp_path: Path, main_db: Path) -> None:
    main_url = sqlite_url(main_db.parent, main_db.name)
    targets = [Target("first", sqlite_url(tmp_path, "first.db")), Target("main", main_url)]
    with pytest.raises(TargetRefused, match="'main'"):
        init_databases(targets, main_url, setup=install_text_checks, seed=startup_seed)
    assert not (tmp_path / "first.db").exists()


def test_plan_of_a_missing_file_creates_everything(tmp_path: Path) -> None:
    plan = plan_target(sqlite_url(tmp_path, "absent.db"), setup=install_text_checks)
    assert plan.describe(dry_run=True) == (
        f"would create schema at {head_revision()}, would seed categories"
    )
    assert not (tmp_path / "absent.db").exists()


def test_plan_asks_for_the_admin_only_with_admin(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path, "lib.db")
    init_databases(
        [Target("t", url)],
        sqlite_url(tmp_path, "main.db"),
        setup=install_text_checks,
        seed=startup_seed,
    )
    assert not plan_target(url, setup=install_text_checks).create_admin
    assert plan_target(url, setup=install_text_checks, with_admin=True).create_admin


def test_default_targets_are_the_separate_and_test_databases(
    make_settings: Callable[..., Settings],
) -> None:
    assert default_targets(make_settings(fastapi_database_url="")) == [
        Target("separate", SEPARATE_DATABASE_URL),
        Target("test", TEST_DATABASE_URL),
    ]


def test_default_targets_follow_fastapi_database_url(
    tmp_path: Path, make_settings: Callable[..., Settings]
) -> None:
    separate = sqlite_url(tmp_path, "sep.db")
    assert default_targets(make_settings(fastapi_database_url=separate))[0] == Target(
        "separate", separate
    )


def test_default_targets_name_a_shared_file_once(
    tmp_path: Path, make_settings: Callable[..., Settings]
) -> None:
    url = sqlite_url(tmp_path, "both.db")
    assert default_targets(make_settings(fastapi_database_url=url), test_url=url) == [
        Target("separate", url)
    ]


def test_check_targets_accepts_other_databases(tmp_path: Path) -> None:
    check_targets([Target("t", sqlite_url(tmp_path, "a.db"))], sqlite_url(tmp_path, "b.db"))


def test_same_database_resolves_a_symlinked_sqlite_folder(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    assert same_database(sqlite_url(tmp_path / "real"), sqlite_url(tmp_path / "link"))


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("sqlite:////srv/a/../db/x.db", "sqlite:////srv/db/x.db"),
        ("postgresql://u@localhost/app", "postgresql+psycopg://other:pw@127.0.0.1:5432/app"),
        ("postgresql+asyncpg://u@db.example/app", "postgres://u@DB.example:5432/app"),
        ("mysql://u@localhost/app", "mysql+pymysql://u@127.0.0.1:3306/app"),
    ],
)
def test_same_database_matches_other_spellings(first: str, second: str) -> None:
    assert same_database(first, second)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("sqlite:////srv/db/x.db", "sqlite:////srv/db/y.db"),
        ("sqlite://", "sqlite:///:memory:"),
        ("sqlite:////srv/db/app", "postgresql://localhost/app"),
        ("postgresql://localhost/app", "postgresql://localhost/app_test"),
        ("postgresql://localhost/app", "postgresql://localhost:5433/app"),
        ("postgresql://db1.example/app", "postgresql://db2.example/app"),
        ("mysql://u@localhost/app", "mysql://u@localhost/app_copy"),
        ("mysql://u@localhost/app", "postgresql://u@localhost/app"),
    ],
)
def test_same_database_tells_different_databases_apart(first: str, second: str) -> None:
    assert not same_database(first, second)


# --- PostgreSQL and MySQL --------------------------------------------------------------------


@pytest.fixture(
    params=[
        pytest.param("postgres", marks=pytest.mark.postgres),
        pytest.param("mysql", marks=pytest.mark.mysql),
    ]
)
def server_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """The PostgreSQL or MySQL test database, emptied before and after the test."""
    url = empty_server_url(request.param)
    yield url
    wipe_server(url)


def server_state(url: str) -> tuple[set[str], int, int]:
    """Return the tables, the category count and the PIC team count of a server database."""
    engine = create_engine(sync_url(url))
    try:
        with engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
            if not {"job_categories", "pic_teams"} <= tables:
                return tables, 0, 0
            categories = connection.scalar(select(func.count()).select_from(JobCategory)) or 0
            teams = connection.scalar(select(func.count()).select_from(PicTeam)) or 0
            return tables, categories, teams
    finally:
        engine.dispose()


def test_a_server_database_gets_every_table_and_the_categories(
    server_url: str, main_db: Path
) -> None:
    result = run_script("--url", server_url, main=main_db)
    assert result.returncode == 0, result.stderr
    assert CREATED in result.stdout
    assert server_state(server_url) == (VERSIONED_TABLES, 7, 0)


def test_a_server_database_second_run_changes_nothing(server_url: str, main_db: Path) -> None:
    run_script("--url", server_url, main=main_db)
    add_pic_team(server_url, "qa")
    result = run_script("--url", server_url, main=main_db)
    assert ": up to date" in result.stdout
    assert server_state(server_url) == (VERSIONED_TABLES, 7, 1)


def test_a_server_database_dry_run_writes_nothing(server_url: str, main_db: Path) -> None:
    result = run_script("--dry-run", "--with-admin", "--url", server_url, main=main_db)
    assert result.returncode == 0, result.stderr
    assert "would create schema" in result.stdout
    assert "would create the default admin" in result.stdout
    assert server_state(server_url)[0] == set()


def test_a_server_database_gets_the_default_admin_with_admin(
    server_url: str, main_db: Path
) -> None:
    result = run_script("--with-admin", "--url", server_url, main=main_db)
    assert result.returncode == 0, result.stderr
    assert "created the default admin" in result.stdout
    assert ": up to date" in run_script("--with-admin", "--url", server_url, main=main_db).stdout


def test_a_server_database_reset_recreates_it(server_url: str, main_db: Path) -> None:
    run_script("--url", server_url, main=main_db)
    add_pic_team(server_url, "qa")
    result = run_script("--reset", "--url", server_url, main=main_db)
    assert result.returncode == 0, result.stderr
    assert f"dropped {len(VERSIONED_TABLES)} tables, {CREATED}" in result.stdout
    assert server_state(server_url) == (VERSIONED_TABLES, 7, 0)


def test_a_server_main_database_is_refused_under_another_spelling(server_url: str) -> None:
    parsed = sync_url(server_url)
    main = parsed.set(
        host="localhost", port=parsed.port or DEFAULT_PORTS[parsed.get_backend_name()]
    )
    env = {**os.environ, "DATABASE_URL": main.render_as_string(hide_password=False)}
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--url", server_url],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert "is the main database" in result.stderr
    assert server_state(server_url)[0] == set()
