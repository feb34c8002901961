"""Alembic environment: the service's models, on the library's connection or on a URL.

`cronjobs.storage.migrations` (startup, scripts/init_fastapi_db.py, tests) passes its connection in
`config.attributes["connection"]` and owns the transaction; the `alembic` command line opens the
database of `-x url=...`, else DATABASE_URL, and commits.
"""

from __future__ import annotations

from logging.config import fileConfig
from typing import Any

from alembic import context
from sqlalchemy import Connection, make_url

from cronjobs.domain.common.lengths import install_text_checks
from cronjobs.settings import get_settings
from cronjobs.storage.engines import create_sync_engine, ensure_sqlite_folder, writer
from cronjobs.storage.migrations import (
    VERSIONED_METADATA,
    context_options,
    next_revision_id,
    serialise_startup,
)

config = context.config
target_metadata = list(VERSIONED_METADATA)
library_connection: Connection | None = config.attributes.get("connection")

if library_connection is None and config.config_file_name is not None:
    # The command line's logging; the service's own loggers stay as the process set them.
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def database_url() -> str:
    """Return the database the command line names: `-x url=...`, else DATABASE_URL."""
    return context.get_x_argument(as_dictionary=True).get("url") or get_settings().database_url


def name_revision(_context: Any, _revision: Any, directives: list[Any]) -> None:
    """Number a new revision readably (0002_add_x) and write none for an empty autogenerate."""
    script = directives[0]
    if getattr(config.cmd_opts, "autogenerate", False) and script.upgrade_ops.is_empty():
        directives[:] = []
        config.print_stdout("The models match the database: no revision written.")
        return
    if getattr(config.cmd_opts, "rev_id", None) is None:
        script.rev_id = next_revision_id(context.script.get_current_head(), script.message or "")


def run_migrations(connection: Connection) -> None:
    """Run the command on a connection; inside the caller's transaction when it has one."""
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        process_revision_directives=name_revision,
        **context_options(connection.dialect.name),
    )
    with context.begin_transaction():
        serialise_startup(connection)  # never alongside a starting service (re-entrant)
        context.run_migrations()


def run_online() -> None:
    """Run on the library's connection, or open the command line's database."""
    if library_connection is not None:
        run_migrations(library_connection)
        return
    url = database_url()
    ensure_sqlite_folder(url)
    engine = create_sync_engine(url, setup=install_text_checks)
    try:
        with writer(engine).connect() as connection:
            run_migrations(connection)
    finally:
        engine.dispose()


def run_offline() -> None:
    """Print the SQL instead of running it (`alembic upgrade head --sql`)."""
    url = database_url()
    context.configure(
        url=url,
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
        process_revision_directives=name_revision,
        **context_options(make_url(url).get_backend_name()),
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
