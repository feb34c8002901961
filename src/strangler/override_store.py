"""Run-time overrides in the database: set, unset, read back, and the audit trail of every change.

Each change runs in one transaction that first bumps the version row (on PostgreSQL that row lock
also serialises concurrent changes, so the audited "from" is the value really replaced), then
writes the override and its audit row. The store checks every change against the endpoints the
gateway knows; it never talks to the gateway itself (`strangler.runtime` does).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, RowMapping, delete, func, insert, select, update

from strangler.flags import (
    CutoverError,
    Flag,
    Mode,
    Setting,
    UnknownEndpoint,
    apply_overrides,
    check_setting,
)
from strangler.override_tables import VERSION_ROW_ID, audit_table, overrides_table, version_table

ROLLBACK_SOURCE = "auto-rollback"
SOURCES = ("cli", "api", "dashboard", ROLLBACK_SOURCE)
HISTORY_LIMIT = 200
REASON_LIMIT = 1000


@dataclass(frozen=True, slots=True)
class Change:
    """One audited change: who moved which endpoint from what to what, when, why and how."""

    key: str
    changed_at: datetime
    changed_by: str
    source: str
    before: Setting
    after: Setting
    reason: str

    def as_json(self) -> dict[str, object]:
        """Return the change as the admin API shows it."""
        return {
            "key": self.key,
            "at": self.changed_at.isoformat(),
            "by": self.changed_by,
            "source": self.source,
            "from": _setting_json(self.before),
            "to": _setting_json(self.after),
            "reason": self.reason,
        }


def _setting_json(setting: Setting) -> dict[str, object]:
    return {"mode": setting.mode.value, "percent": setting.percent, "group": setting.group}


def _now() -> datetime:
    # Naive UTC, like the service's own DateTime columns, so both engines store the same value.
    return datetime.now(UTC).replace(tzinfo=None)


def check_reason(reason: str) -> None:
    """Refuse a reason the audit trail cannot hold faithfully on every database."""
    if "\x00" in reason:
        raise CutoverError("the reason must not contain NUL characters")
    if len(reason) > REASON_LIMIT:
        raise CutoverError(f"the reason must be at most {REASON_LIMIT} characters")


class OverrideStore:
    """The overrides of one database, checked against the file's flags they lay over."""

    def __init__(self, engine: Engine, base: Mapping[str, Flag], *, writer: Engine | None = None):
        self.engine = engine
        self.base = dict(base)
        # The service may hand a writer whose transactions take SQLite's write lock up front.
        self.writer = writer or engine

    def version(self) -> int:
        """Return the change counter (0 before the first change)."""
        with self.engine.connect() as connection:
            value = connection.scalar(
                select(version_table.c.version).where(version_table.c.id == VERSION_ROW_ID)
            )
        return int(value or 0)

    def overrides(self) -> dict[str, Setting]:
        """Return every override in force, by endpoint key."""
        with self.engine.connect() as connection:
            return _read_overrides(connection)

    def flags_in_force(self) -> tuple[dict[str, Flag], list[str]]:
        """Lay the overrides over the file's flags; return the flags and the overrides ignored."""
        return apply_overrides(self.base, self.overrides())

    def set(self, key: str, setting: Setting, *, who: str, source: str, reason: str) -> Change:
        """Override one endpoint's mode; refuse unknown keys and settings it cannot take."""
        check_reason(reason)
        check_setting(self._flag(key).endpoint, setting)
        with self.writer.begin() as connection:
            now, before = self._begin_change(connection, key)
            change = Change(key, now, who, source, before, setting, reason)
            return _override(connection, change)

    def roll_back(self, key: str, *, who: str, reason: str) -> Change | None:
        """Flip one endpoint to flask for auto-rollback; None when it already is.

        Several processes may see the same failures and roll the endpoint back at once; the
        version bump serialises them, so the later ones find flask in force and write no audit row.
        """
        check_reason(reason)
        self._flag(key)
        with self.writer.begin() as connection:
            now, before = self._begin_change(connection, key)
            if before.mode is Mode.FLASK:
                return None
            change = Change(key, now, who, ROLLBACK_SOURCE, before, Setting(Mode.FLASK), reason)
            return _override(connection, change)

    def unset(self, key: str, *, who: str, source: str, reason: str) -> Change:
        """Remove one endpoint's override, returning it to the file's (or the default) mode."""
        check_reason(reason)
        flag = self._flag(key)
        with self.writer.begin() as connection:
            now, before = self._begin_change(connection, key)
            done = connection.execute(
                delete(overrides_table).where(overrides_table.c.endpoint_key == key)
            )
            if not done.rowcount:
                raise CutoverError(f"{key!r} has no override to remove")
            return _audit(connection, Change(key, now, who, source, before, flag.setting, reason))

    def history(self, key: str | None = None, *, limit: int = HISTORY_LIMIT) -> list[Change]:
        """Return the latest changes first, of one endpoint or of all."""
        query = select(audit_table).order_by(audit_table.c.id.desc()).limit(limit)
        if key is not None:
            query = query.where(audit_table.c.endpoint_key == key)
        with self.engine.connect() as connection:
            return [_change(row) for row in connection.execute(query).mappings()]

    def last_changes(self) -> dict[str, Change]:
        """Return the latest change of every endpoint that ever had one."""
        latest = select(func.max(audit_table.c.id)).group_by(audit_table.c.endpoint_key)
        query = select(audit_table).where(audit_table.c.id.in_(latest.scalar_subquery()))
        with self.engine.connect() as connection:
            return {
                change.key: change for change in map(_change, connection.execute(query).mappings())
            }

    def _flag(self, key: str) -> Flag:
        flag = self.base.get(key)
        if flag is None:
            raise UnknownEndpoint(f"{key!r} is not an endpoint of the legacy app")
        return flag

    def _begin_change(self, connection: Connection, key: str) -> tuple[datetime, Setting]:
        bumped = connection.execute(
            update(version_table)
            .where(version_table.c.id == VERSION_ROW_ID)
            .values(version=version_table.c.version + 1)
        )
        if not bumped.rowcount:
            connection.execute(insert(version_table).values(id=VERSION_ROW_ID, version=1))
        current = _read_overrides(connection, key).get(key)
        return _now(), current or self.base[key].setting


def _override(connection: Connection, change: Change) -> Change:
    setting = change.after
    row: dict[str, object] = {"mode": setting.mode.value, "percent": setting.percent}
    row |= {"canary_group": setting.group, "changed_at": change.changed_at}
    row["changed_by"] = change.changed_by
    done = connection.execute(
        update(overrides_table).where(overrides_table.c.endpoint_key == change.key).values(row)
    )
    if not done.rowcount:
        connection.execute(insert(overrides_table).values(endpoint_key=change.key, **row))
    return _audit(connection, change)


def _read_overrides(connection: Connection, key: str | None = None) -> dict[str, Setting]:
    table = overrides_table.c
    query = select(table.endpoint_key, table.mode, table.percent, table.canary_group)
    if key is not None:
        query = query.where(table.endpoint_key == key)
    return {
        row.endpoint_key: Setting(Mode(row.mode), row.percent, row.canary_group)
        for row in connection.execute(query)
    }


def _audit(connection: Connection, change: Change) -> Change:
    if change.source not in SOURCES:
        raise CutoverError(f"unknown change source {change.source!r}")
    connection.execute(
        insert(audit_table).values(
            endpoint_key=change.key,
            changed_at=change.changed_at,
            changed_by=change.changed_by,
            source=change.source,
            from_mode=change.before.mode.value,
            from_percent=change.before.percent,
            from_group=change.before.group,
            to_mode=change.after.mode.value,
            to_percent=change.after.percent,
            to_group=change.after.group,
            reason=change.reason,
        )
    )
    return change


def _change(row: RowMapping) -> Change:
    return Change(
        key=row["endpoint_key"],
        changed_at=row["changed_at"],
        changed_by=row["changed_by"],
        source=row["source"],
        before=Setting(Mode(row["from_mode"]), row["from_percent"], row["from_group"]),
        after=Setting(Mode(row["to_mode"]), row["to_percent"], row["to_group"]),
        reason=row["reason"],
    )
