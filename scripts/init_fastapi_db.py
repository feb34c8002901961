"""Bring the FastAPI databases to the latest schema revision and seed them (never the main one).

Usage: .venv/bin/python scripts/init_fastapi_db.py [--url URL ...] [--reset] [--dry-run]
"""

from __future__ import annotations

import argparse
import logging
import sys

from cronjobs.domain.common.lengths import install_text_checks
from cronjobs.domain.process.seed import startup_seed
from cronjobs.settings import TEST_DATABASE_URL, Settings
from cronjobs.storage.initialise import (
    Target,
    TargetRefused,
    default_targets,
    init_databases,
    unique_targets,
)

EXIT_OK, EXIT_FAILED, EXIT_REFUSED = 0, 1, 2


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(
        prog="init_fastapi_db.py",
        description=(
            "Bring the FastAPI databases to the latest schema revision (Alembic) and seed the "
            "job categories: by default the separate database (FASTAPI_DATABASE_URL, else "
            "instance/fastapi_cron_jobs.db) and the test database (instance/fastapi_test.db). "
            "An empty database gets the whole schema; one made without Alembic (the legacy "
            "service's) is adopted and stamped, never recreated. Idempotent. Refuses any "
            "target that is the main database (DATABASE_URL)."
        ),
    )
    parser.add_argument(
        "--url",
        action="append",
        default=[],
        metavar="URL",
        help="initialise only this database (repeatable) instead of the default targets",
    )
    parser.add_argument(
        "--test-url",
        default=TEST_DATABASE_URL,
        metavar="URL",
        help="where the default test database lives (default: %(default)s)",
    )
    parser.add_argument(
        "--with-admin",
        action="store_true",
        help="also create the default admin (admin/admin123) if missing",
    )
    parser.add_argument(
        "--reset",
        action="store_true",
        help=(
            "drop the service's tables and alembic_version in the targets of this run first "
            "(deletes their data)"
        ),
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="report what would change without writing"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Initialise the targets and print one line per target and a summary."""
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    settings = Settings()
    if args.url:
        targets = unique_targets([Target("url", url) for url in args.url])
    else:
        targets = default_targets(settings, test_url=args.test_url)
    try:
        reports = init_databases(
            targets,
            settings.database_url,
            setup=install_text_checks,
            seed=startup_seed,
            with_admin=args.with_admin,
            reset=args.reset,
            dry_run=args.dry_run,
        )
    except TargetRefused as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_REFUSED
    print("Dry run: nothing will be written." if args.dry_run else "Initialising:")
    for report in reports:
        outcome = (
            f"FAILED: {report.error}"
            if report.error
            else report.plan.describe(dry_run=args.dry_run)
        )
        print(f"  {report.target.label:<8} {report.target.shown_url}: {outcome}")
    failed = sum(1 for report in reports if report.error)
    current = sum(1 for report in reports if not report.error and not report.plan.has_changes)
    changed = len(reports) - failed - current
    verb = "would change" if args.dry_run else "initialised"
    print(f"Summary: {changed} {verb}, {current} up to date, {failed} failed.")
    return EXIT_FAILED if failed else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
