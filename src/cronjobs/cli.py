"""`python -m cronjobs serve | scheduler | ledger | cutover`: the operator's entry points."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cronjobs.cutover.cli import add_cutover_command
from cronjobs.settings import REPOSITORY_ROOT, ProductionConfigError, load_settings

MIGRATION_FILE = REPOSITORY_ROOT / "MIGRATION.md"


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from cronjobs.serving import APP_FACTORY, serve

    settings = load_settings()  # refuse unsafe production settings before uvicorn starts (D20)
    access_log = settings.access_log if args.access_log is None else args.access_log
    config = uvicorn.Config(
        APP_FACTORY,
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level=args.log_level,
        access_log=access_log,
    )
    serve(config, settings.drain_seconds)
    return 0


def _scheduler(args: argparse.Namespace) -> int:
    import logging
    import signal
    import threading

    from cronjobs.domain.common.lengths import install_text_checks
    from cronjobs.domain.process.seed import startup_seed
    from cronjobs.main import build_scheduler
    from cronjobs.storage.engines import create_sync_engine
    from cronjobs.storage.prepare import prepare_database

    logging.basicConfig(level=args.log_level.upper(), format="%(asctime)s %(name)s %(message)s")
    settings = load_settings()
    scheduler = build_scheduler(settings)
    if scheduler is None:
        print("the scheduler is off here: SCHEDULER_ENABLED=false or TESTING", file=sys.stderr)
        return 2
    engine = create_sync_engine(settings.database_url, setup=install_text_checks)
    try:
        prepare_database(engine, startup_seed, default_admin=settings.default_admin_allowed)
    finally:
        engine.dispose()
    stopping = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stopping.set())
    scheduler.start()
    try:
        stopping.wait()
    finally:
        scheduler.stop()  # releases the lease at once for the next process
    return 0


def _ledger(args: argparse.Namespace) -> int:
    from cronjobs.cutover.ledger import is_current, render_ledger, splice
    from cronjobs.main import plan_for

    ledger = render_ledger(plan_for(load_settings()))
    target = Path(args.file)
    if args.check:
        if is_current(target, ledger):
            return 0
        print(f"{target} is out of date: run `python -m cronjobs ledger --write`", file=sys.stderr)
        return 1
    if args.write:
        target.write_text(splice(target.read_text(encoding="utf-8"), ledger), encoding="utf-8")
        return 0
    print(ledger, end="")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the command."""
    parser = argparse.ArgumentParser(prog="python -m cronjobs")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the gateway with uvicorn")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.add_argument("--log-level", default="info")
    serve.add_argument(
        "--access-log",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="a line per request on stdout; overrides ACCESS_LOG (default: on). Its cost: "
        "bench/README.md, 'HTTP twins'",
    )
    serve.set_defaults(run=_serve)
    scheduler = commands.add_parser(
        "scheduler", help="run only the scheduler (competes for the lease with every gateway)"
    )
    scheduler.add_argument("--log-level", default="info")
    scheduler.set_defaults(run=_scheduler)
    ledger = commands.add_parser("ledger", help="print the endpoint ledger")
    ledger.add_argument("--file", default=str(MIGRATION_FILE), help="document holding the ledger")
    mode = ledger.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true", help="fail if the document is out of date")
    mode.add_argument("--write", action="store_true", help="rewrite the ledger in the document")
    ledger.set_defaults(run=_ledger)
    add_cutover_command(commands)
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except ProductionConfigError as exc:
        print(str(exc), file=sys.stderr)
        return 2
