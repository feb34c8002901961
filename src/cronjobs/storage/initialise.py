"""Initialising the FastAPI databases (separate and test), never touching the main one.

Each target is inspected read-only first; only a plan with changes opens a write connection, so
a second run writes nothing. Schema (Alembic revisions, `storage.migrations`) and seed come
from `cronjobs.storage.prepare`, as at startup (§7.4); the caller passes the engine setup and the
seed, as every caller of storage does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from sqlalchemy import Connection, Engine, MetaData, Table, func, inspect, select

from cronjobs.models import JobCategory, User
from cronjobs.settings import SEPARATE_DATABASE_URL, TEST_DATABASE_URL, Settings
from cronjobs.storage.engines import (
    EngineSetup,
    create_sync_engine,
    is_sqlite,
    read_only_sqlite_engine,
    writer,
)
from cronjobs.storage.migrations import (
    VERSION_TABLE,
    VERSIONED_METADATA,
    SchemaPlan,
    head_revision,
    plan_upgrade,
)
from cronjobs.storage.prepare import StartupSeed, prepare_database
from cronjobs.storage.urls import same_database, shown_url, sqlite_path


class TargetRefused(ValueError):
    """Raised when a target is the main database, which this tool must never touch."""


@dataclass(frozen=True)
class Target:
    """A database to initialise, with the name it is reported under."""

    label: str
    url: str

    @property
    def shown_url(self) -> str:
        """Return the URL with any password hidden."""
        return shown_url(self.url)


@dataclass(frozen=True)
class Plan:
    """What one target needs: tables to drop (reset), schema steps, seed rows."""

    drop_tables: list[str] = field(default_factory=list)
    schema_steps: list[tuple[str, str, str]] = field(default_factory=list)
    seed_categories: bool = False
    create_admin: bool = False

    def _steps(self) -> list[tuple[str, str, str]]:
        steps = [("drop", "dropped", f"{len(self.drop_tables)} tables")] if self.drop_tables else []
        steps += self.schema_steps
        if self.seed_categories:
            steps.append(("seed", "seeded", "categories"))
        if self.create_admin:
            steps.append(("create", "created", "the default admin"))
        return steps

    @property
    def has_changes(self) -> bool:
        """Tell whether applying the plan would write anything."""
        return bool(self._steps())

    def describe(self, *, dry_run: bool) -> str:
        """Summarise the plan in one line, as done or as would-be-done."""
        steps = [
            f"{'would ' + verb if dry_run else done} {what}" for verb, done, what in self._steps()
        ]
        return ", ".join(steps) or "up to date"


@dataclass(frozen=True)
class TargetReport:
    """The outcome for one target: its plan, or the error that stopped it."""

    target: Target
    plan: Plan
    error: str = ""


def default_targets(settings: Settings, *, test_url: str = TEST_DATABASE_URL) -> list[Target]:
    """Return the separate FastAPI database and the test database (§7.5)."""
    separate = settings.fastapi_database_url.strip() or SEPARATE_DATABASE_URL
    return unique_targets([Target("separate", separate), Target("test", test_url)])


def unique_targets(targets: Sequence[Target]) -> list[Target]:
    """Drop targets that name a database already listed."""
    kept: list[Target] = []
    for target in targets:
        if not any(same_database(target.url, seen.url) for seen in kept):
            kept.append(target)
    return kept


def check_targets(targets: Sequence[Target], main_url: str) -> None:
    """Refuse the whole run when any target is the main database (`DATABASE_URL`)."""
    clashes = [target for target in targets if same_database(target.url, main_url)]
    if clashes:
        names = ", ".join(f"{t.label!r} ({t.shown_url})" for t in clashes)
        raise TargetRefused(
            f"Refusing to run: target {names} is the main database "
            f"(DATABASE_URL={shown_url(main_url)}). "
            "This tool never touches the main database; nothing was changed."
        )


def _read_only_engine(url: str, setup: EngineSetup) -> Engine | None:
    if not is_sqlite(url):
        return create_sync_engine(url, setup=setup)
    path = sqlite_path(url)
    if path is None or not path.is_file():
        return None  # connecting would create the file; it is simply empty
    return read_only_sqlite_engine(path)


def _plan_from(connection: Connection, *, with_admin: bool) -> Plan:
    existing = set(inspect(connection).get_table_names())
    categories = select(func.count()).select_from(JobCategory)
    admins = select(func.count()).select_from(User).where(User.username == "admin")
    seed = "job_categories" not in existing or not connection.scalar(categories)
    admin = with_admin and ("users" not in existing or not connection.scalar(admins))
    return Plan(
        schema_steps=plan_upgrade(connection).steps(),
        seed_categories=seed,
        create_admin=bool(admin),
    )


def _service_tables(connection: Connection) -> list[str]:
    existing = set(inspect(connection).get_table_names())
    tables = [name for metadata in VERSIONED_METADATA for name in metadata.tables]
    return [name for name in [*tables, VERSION_TABLE] if name in existing]


def plan_target(
    url: str, *, setup: EngineSetup, with_admin: bool = False, reset: bool = False
) -> Plan:
    """Inspect a target without writing and return what initialising it would change."""
    engine = _read_only_engine(url, setup)
    empty = Plan(
        schema_steps=SchemaPlan(None, head_revision()).steps(),
        seed_categories=True,
        create_admin=with_admin,
    )
    if engine is None:
        return empty
    try:
        with engine.connect() as connection:
            if reset:  # whatever is there goes, so it need not match any revision
                return replace(empty, drop_tables=_service_tables(connection))
            return _plan_from(connection, with_admin=with_admin)
    finally:
        engine.dispose()


def apply_plan(
    url: str,
    plan: Plan,
    *,
    setup: EngineSetup,
    seed: StartupSeed,
    with_admin: bool = False,
) -> None:
    """Carry out a plan: drop on reset, then bring the schema to head and seed it."""
    engine = create_sync_engine(url, setup=setup)
    try:
        if plan.drop_tables:
            with writer(engine).begin() as connection:
                for metadata in VERSIONED_METADATA:
                    metadata.drop_all(connection, checkfirst=True)
                Table(VERSION_TABLE, MetaData()).drop(connection, checkfirst=True)
        prepare_database(engine, seed, default_admin=with_admin)
    finally:
        engine.dispose()
    left = plan_target(url, setup=setup, with_admin=with_admin)
    if left.has_changes:
        raise RuntimeError(f"still incomplete after initialising: {left.describe(dry_run=True)}")


def init_target(
    target: Target,
    *,
    setup: EngineSetup,
    seed: StartupSeed,
    with_admin: bool = False,
    reset: bool = False,
    dry_run: bool = False,
) -> TargetReport:
    """Plan one target and, unless dry-running, apply the plan; report errors, never raise."""
    plan = Plan()
    try:
        plan = plan_target(target.url, setup=setup, with_admin=with_admin, reset=reset)
        if plan.has_changes and not dry_run:
            apply_plan(target.url, plan, setup=setup, seed=seed, with_admin=with_admin)
    except Exception as exc:
        first_line = (str(exc).strip().splitlines() or [""])[0]
        return TargetReport(target, plan, error=f"{type(exc).__name__}: {first_line}")
    return TargetReport(target, plan)


def init_databases(
    targets: Sequence[Target],
    main_url: str,
    *,
    setup: EngineSetup,
    seed: StartupSeed,
    with_admin: bool = False,
    reset: bool = False,
    dry_run: bool = False,
) -> list[TargetReport]:
    """Initialise every target, after refusing the run if any of them is the main database."""
    check_targets(targets, main_url)
    return [
        init_target(
            target, setup=setup, seed=seed, with_admin=with_admin, reset=reset, dry_run=dry_run
        )
        for target in targets
    ]
