"""`python -m cronjobs cutover list | set | unset | history`: run-time overrides from a shell.

Keys may be fnmatch patterns (`"* /api/notifications*"`): set and unset act on every endpoint
that matches and name each one. A change is written to DATABASE_URL's override tables, where
every gateway picks it up within CUTOVER_REFRESH_SECONDS. Exit status 0 on success, 2 when
the change is refused (nothing is written then).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from fnmatch import fnmatchcase

from cronjobs.domain.common.lengths import install_text_checks
from cronjobs.settings import load_settings
from cronjobs.storage.engines import create_sync_engine, ensure_sqlite_folder, writer
from cronjobs.storage.migrations import upgrade_to_head
from strangler.flags import CutoverError, Setting, check_setting, parse_mode
from strangler.override_store import Change, OverrideStore

REFUSED = 2
HISTORY_SCAN = 10_000  # changes a pattern is matched against, latest first


@contextmanager
def _open_store() -> Iterator[OverrideStore]:
    from cronjobs.main import override_store, plan_for

    settings = load_settings()
    plan = plan_for(settings)
    ensure_sqlite_folder(settings.database_url)
    engine = create_sync_engine(settings.database_url, setup=install_text_checks)
    try:
        with writer(engine).begin() as connection:
            upgrade_to_head(connection)  # the CLI may run before any gateway created the tables
        yield override_store(engine, plan)
    finally:
        engine.dispose()


def _matching(store: OverrideStore, pattern: str) -> list[str]:
    keys = [key for key in store.base if fnmatchcase(key, pattern)]
    if not keys:
        raise CutoverError(
            f"no endpoint matches {pattern!r} (see `python -m cronjobs cutover list`)"
        )
    return keys


def _describe(change: Change) -> str:
    line = f"{change.changed_at:%Y-%m-%d %H:%M:%S} {change.key}: {change.before} → {change.after}"
    line += f" by {change.changed_by} ({change.source})"
    return f"{line}: {change.reason}" if change.reason else line


def _list(store: OverrideStore, _args: argparse.Namespace) -> None:
    flags, ignored = store.flags_in_force()
    rows = [("ENDPOINT", "MODE", "SOURCE", "IMPLEMENTED IN")]
    for key, flag in flags.items():
        implemented = ", ".join(flag.endpoint.implemented_in)
        rows.append((key, str(flag.setting), flag.source, implemented))
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    for row in rows:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)), row[3]
        )
    for problem in ignored:
        print(f"ignored override: {problem}", file=sys.stderr)


def _set(store: OverrideStore, args: argparse.Namespace) -> None:
    keys = _matching(store, args.pattern)
    setting = Setting(parse_mode(args.mode, "mode"), args.percent, args.group)
    for key in keys:  # refuse the whole group before writing any of it
        check_setting(store.base[key].endpoint, setting)
    for key in keys:
        change = store.set(key, setting, who=getpass.getuser(), source="cli", reason=args.reason)
        print(f"set {_describe(change)}")


def _unset(store: OverrideStore, args: argparse.Namespace) -> None:
    overridden = store.overrides()
    keys = [key for key in _matching(store, args.pattern) if key in overridden]
    if not keys:
        raise CutoverError(f"no endpoint matching {args.pattern!r} has an override")
    for key in keys:
        change = store.unset(key, who=getpass.getuser(), source="cli", reason=args.reason)
        print(f"unset {_describe(change)}")


def _history(store: OverrideStore, args: argparse.Namespace) -> None:
    pattern = args.pattern or "*"
    if pattern in store.base:
        changes = store.history(pattern, limit=args.limit)
    else:
        scanned = store.history(limit=HISTORY_SCAN)
        changes = [change for change in scanned if fnmatchcase(change.key, pattern)]
    for change in changes[: args.limit]:
        print(_describe(change))


def run_cutover(args: argparse.Namespace) -> int:
    """Run one `cutover` action against DATABASE_URL."""
    try:
        with _open_store() as store:
            args.action(store, args)
    except CutoverError as refusal:
        print(f"refused: {refusal}", file=sys.stderr)
        return REFUSED
    return 0


def add_cutover_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `cutover` and its actions on the service's command line."""
    cutover = commands.add_parser("cutover", help="list or change the run-time endpoint modes")
    cutover.set_defaults(run=run_cutover)
    actions = cutover.add_subparsers(dest="cutover_action", required=True)
    actions.add_parser("list", help="every endpoint with its mode and its source").set_defaults(
        action=_list
    )
    change = actions.add_parser("set", help="override the mode of matching endpoints")
    change.add_argument("pattern", help='an endpoint key or pattern: "GET /api/jobs*"')
    change.add_argument("mode", help="flask, fastapi, shadow or canary")
    change.add_argument("--percent", type=int, help="canary: the share of callers sent to FastAPI")
    change.add_argument(
        "--group",
        help='canary: a key pattern ("* /api/jobs*") whose endpoints keep a caller on one stack',
    )
    change.add_argument("--reason", default="", help="why (kept in the audit trail)")
    change.set_defaults(action=_set)
    remove = actions.add_parser("unset", help="return matching endpoints to the file's mode")
    remove.add_argument("pattern", help="an endpoint key or pattern")
    remove.add_argument("--reason", default="", help="why (kept in the audit trail)")
    remove.set_defaults(action=_unset)
    history = actions.add_parser("history", help="the audited changes, latest first")
    history.add_argument("pattern", nargs="?", help="only endpoints matching this key or pattern")
    history.add_argument("--limit", type=int, default=50)
    history.set_defaults(action=_history)
