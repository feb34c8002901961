"""Run-time overrides in the database (`strangler.override_store`), on SQLite and PostgreSQL.

The store runs on a database the service's migrations created, over the flags of a small
made-up legacy app: two endpoints the new stack implements, one it does not.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, func, select

from strangler.endpoints import Endpoint
from strangler.flags import (
    CutoverError,
    Mode,
    Setting,
    UnknownEndpoint,
    apply_overrides,
    resolve_flags,
)
from strangler.override_store import OverrideStore
from strangler.override_tables import audit_table
from tests_support.kit.schema_revisions import empty_engine_fixture, upgrade

__all__ = ["empty_engine_fixture"]

ITEMS = "GET /api/items"
CREATE = "POST /api/items"
LEGACY_ONLY = "DELETE /api/only-legacy"
ENDPOINTS = {
    ITEMS: Endpoint(ITEMS, "GET", "/api/items", implemented=True),
    CREATE: Endpoint(CREATE, "POST", "/api/items", implemented=True),
    LEGACY_ONLY: Endpoint(LEGACY_ONLY, "DELETE", "/api/only-legacy", implemented=False),
}
FILE_FLAGS = resolve_flags(ENDPOINTS, {CREATE: Mode.FASTAPI}, Mode.FLASK)
FASTAPI = Setting(Mode.FASTAPI)
WHO = {"who": "ops", "source": "cli", "reason": "moving items"}


@pytest.fixture
def store(engine: Engine) -> Iterator[OverrideStore]:
    """A store on a migrated database over the made-up app's file flags."""
    upgrade(engine)
    yield OverrideStore(engine, FILE_FLAGS)


def audit_rows(engine: Engine) -> int:
    """Count the audit rows."""
    with engine.connect() as connection:
        return int(connection.scalar(select(func.count()).select_from(audit_table)) or 0)


def test_a_new_database_has_version_zero(store: OverrideStore) -> None:
    assert store.version() == 0


def test_a_new_database_has_no_overrides(store: OverrideStore) -> None:
    assert store.overrides() == {}


def test_set_stores_the_override(store: OverrideStore) -> None:
    store.set(ITEMS, Setting(Mode.CANARY, 25), **WHO)
    assert store.overrides() == {ITEMS: Setting(Mode.CANARY, 25)}


def test_set_bumps_the_version(store: OverrideStore) -> None:
    store.set(ITEMS, FASTAPI, **WHO)
    store.set(ITEMS, Setting(Mode.SHADOW), **WHO)
    assert store.version() == 2


def test_set_audits_who_source_from_to_and_reason(store: OverrideStore) -> None:
    store.set(ITEMS, FASTAPI, **WHO)
    change = store.history()[0]
    assert (change.key, change.changed_by, change.source, change.reason) == (
        ITEMS,
        "ops",
        "cli",
        "moving items",
    )
    assert (change.before, change.after) == (Setting(Mode.FLASK), FASTAPI)


def test_a_second_set_audits_the_first_override_as_from(store: OverrideStore) -> None:
    store.set(ITEMS, Setting(Mode.CANARY, 10), **WHO)
    store.set(ITEMS, Setting(Mode.CANARY, 50), **WHO)
    assert store.history()[0].before == Setting(Mode.CANARY, 10)


def test_unset_removes_the_override(store: OverrideStore) -> None:
    store.set(CREATE, Setting(Mode.FLASK), **WHO)
    store.unset(CREATE, **WHO)
    assert store.overrides() == {}


def test_unset_audits_the_return_to_the_files_mode(store: OverrideStore) -> None:
    store.set(CREATE, Setting(Mode.FLASK), **WHO)
    store.unset(CREATE, who="ops", source="api", reason="back")
    change = store.history()[0]
    assert (change.before, change.after, change.source) == (Setting(Mode.FLASK), FASTAPI, "api")


def test_unset_bumps_the_version(store: OverrideStore) -> None:
    store.set(ITEMS, FASTAPI, **WHO)
    store.unset(ITEMS, **WHO)
    assert store.version() == 2


def test_unset_without_an_override_is_refused(store: OverrideStore) -> None:
    with pytest.raises(CutoverError, match="has no override"):
        store.unset(ITEMS, **WHO)


def test_an_override_wins_over_the_file(store: OverrideStore) -> None:
    store.set(CREATE, Setting(Mode.FLASK), **WHO)
    flags, _ = apply_overrides(FILE_FLAGS, store.overrides())
    assert (flags[CREATE].mode, flags[CREATE].source) == (Mode.FLASK, "override")


def test_without_an_override_the_file_wins_over_the_default(store: OverrideStore) -> None:
    flags, _ = apply_overrides(FILE_FLAGS, store.overrides())
    assert [(flags[key].mode, flags[key].source) for key in (CREATE, ITEMS)] == [
        (Mode.FASTAPI, "file"),
        (Mode.FLASK, "default"),
    ]


def test_an_unknown_key_is_refused(store: OverrideStore) -> None:
    with pytest.raises(UnknownEndpoint, match="'GET /api/nope' is not an endpoint"):
        store.set("GET /api/nope", FASTAPI, **WHO)


@pytest.mark.parametrize("mode", [Mode.FASTAPI, Mode.SHADOW, Mode.CANARY])
def test_modes_needing_fastapi_are_refused_where_it_is_missing(
    store: OverrideStore, mode: Mode
) -> None:
    setting = Setting(mode, 5 if mode is Mode.CANARY else None)
    with pytest.raises(CutoverError, match=f"cannot use {mode.value}, FastAPI does not implement"):
        store.set(LEGACY_ONLY, setting, **WHO)


@pytest.mark.parametrize("percent", [None, -1, 101, True, "50"])
def test_canary_needs_a_percentage_from_0_to_100(store: OverrideStore, percent: object) -> None:
    with pytest.raises(CutoverError, match="canary needs a percentage from 0 to 100"):
        store.set(ITEMS, Setting(Mode.CANARY, percent), **WHO)  # type: ignore[arg-type]


def test_a_percentage_is_refused_for_other_modes(store: OverrideStore) -> None:
    with pytest.raises(CutoverError, match="only canary takes a percentage"):
        store.set(ITEMS, Setting(Mode.FASTAPI, 50), **WHO)


def test_a_refused_change_writes_nothing(store: OverrideStore, engine: Engine) -> None:
    with pytest.raises(CutoverError):
        store.set(ITEMS, FASTAPI, who="ops", source="telepathy", reason="")
    assert (store.version(), store.overrides(), audit_rows(engine)) == (0, {}, 0)


def test_history_of_one_endpoint_lists_its_changes_latest_first(store: OverrideStore) -> None:
    store.set(ITEMS, FASTAPI, **WHO)
    store.set(CREATE, Setting(Mode.FLASK), **WHO)
    store.set(ITEMS, Setting(Mode.SHADOW), **WHO)
    assert [change.after.mode for change in store.history(ITEMS)] == [Mode.SHADOW, Mode.FASTAPI]


def test_last_changes_hold_the_latest_change_of_each_endpoint(store: OverrideStore) -> None:
    store.set(ITEMS, FASTAPI, **WHO)
    store.set(ITEMS, Setting(Mode.SHADOW), **WHO)
    store.set(CREATE, Setting(Mode.FLASK), **WHO)
    last = store.last_changes()
    assert {key: change.after.mode for key, change in last.items()} == {
        ITEMS: Mode.SHADOW,
        CREATE: Mode.FLASK,
    }


def test_an_override_the_code_no_longer_allows_is_ignored(store: OverrideStore) -> None:
    store.set(ITEMS, FASTAPI, **WHO)
    # The next release drops the new stack's route: the stored override must not apply.
    now_missing = dict(ENDPOINTS, **{ITEMS: Endpoint(ITEMS, "GET", "/api/items", False)})
    flags, ignored = apply_overrides(resolve_flags(now_missing, {}, Mode.FLASK), store.overrides())
    assert (flags[ITEMS].mode, len(ignored)) == (Mode.FLASK, 1)


def test_the_audit_trail_keeps_a_canarys_group(store: OverrideStore) -> None:
    grouped = Setting(Mode.CANARY, 10, "* /api/items*")
    store.set(ITEMS, grouped, **WHO)
    store.set(ITEMS, FASTAPI, **WHO)
    latest, first = store.history(ITEMS)
    assert (first.after, latest.before) == (grouped, grouped)


def test_a_rollback_flips_to_flask_with_source_auto_rollback(store: OverrideStore) -> None:
    store.set(ITEMS, FASTAPI, **WHO)
    change = store.roll_back(ITEMS, who="gateway", reason="failing")
    assert change is not None
    assert (change.source, change.before, change.after) == (
        "auto-rollback",
        FASTAPI,
        Setting(Mode.FLASK),
    )
    assert store.overrides() == {ITEMS: Setting(Mode.FLASK)}


def test_a_rollback_of_an_endpoint_already_on_flask_writes_no_audit_row(
    store: OverrideStore, engine: Engine
) -> None:
    store.set(ITEMS, FASTAPI, **WHO)
    store.roll_back(ITEMS, who="gateway", reason="failing")  # one process
    again = store.roll_back(ITEMS, who="gateway", reason="failing")  # another, a moment later
    assert (again, audit_rows(engine)) == (None, 2)
