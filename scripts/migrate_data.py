"""Copy the Flask database into the FastAPI database: batched upserts, resumable, verified.

Usage: .venv/bin/python scripts/migrate_data.py [--source URL] [--target URL] [--tables a,b]
       [--batch-size N] [--dry-run] [--verify] [--prune]
"""

from __future__ import annotations

import argparse
import sys

from cronjobs.datacopy import DEFAULT_BATCH_SIZE, CopyOptions, migrate
from cronjobs.datacopy.progress import Progress
from cronjobs.datacopy.tables import copyable_tables
from cronjobs.settings import SEPARATE_DATABASE_URL, Settings

MAX_BATCH_SIZE = 100_000


def batch_size(text: str) -> int:
    """Read --batch-size: a whole number of rows between 1 and MAX_BATCH_SIZE."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 1 <= value <= MAX_BATCH_SIZE:
        raise argparse.ArgumentTypeError(f"must be between 1 and {MAX_BATCH_SIZE:,}")
    return value


def parse_args(argv: list[str] | None, settings: Settings) -> argparse.Namespace:
    """Read the command line; the defaults come from the settings."""
    target = settings.fastapi_database_url.strip() or SEPARATE_DATABASE_URL
    parser = argparse.ArgumentParser(
        prog="migrate_data.py",
        description=(
            "Copy rows from the Flask database to the FastAPI database by primary key, in "
            "batches, each its own transaction. Rerunning after an interruption finishes the "
            "copy; rows changed at the source since the last run are updated. Ends with a "
            "verification of every copied table (row counts and checksums of every column)."
        ),
        epilog=f"Tables, in copy order: {', '.join(t.name for t in copyable_tables())}.",
    )
    parser.add_argument("--source", default=settings.database_url, help="default: DATABASE_URL")
    parser.add_argument(
        "--target", default=target, help="default: FASTAPI_DATABASE_URL, else %(default)s"
    )
    parser.add_argument(
        "--tables",
        type=lambda text: [name for name in text.split(",") if name.strip()],
        help="copy only these tables (comma-separated); tables they depend on must be named too",
    )
    parser.add_argument(
        "--batch-size",
        type=batch_size,
        default=DEFAULT_BATCH_SIZE,
        help="rows per transaction (default %(default)s)",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="report what would change; write nothing"
    )
    parser.add_argument(
        "--verify",
        action="store_true",
        help="only compare source and target (counts and checksums); exit 1 on any difference",
    )
    parser.add_argument(
        "--prune",
        action="store_true",
        help="delete target rows the source does not have (refused without it)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the copy and return its exit code: 0 done and identical, 1 different, 2 refused."""
    settings = Settings()
    args = parse_args(argv, settings)
    options = CopyOptions(
        source_url=args.source,
        target_url=args.target,
        tables=args.tables,
        batch_size=args.batch_size,
        dry_run=args.dry_run,
        verify_only=args.verify,
        prune=args.prune,
    )
    return migrate(options, sys.stdout, Progress(sys.stderr))


if __name__ == "__main__":
    sys.exit(main())
