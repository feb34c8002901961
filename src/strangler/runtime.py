"""Keeping a gateway's flags in step with the override store: at once here, by polling elsewhere.

Every process polls the store's version number every refresh interval and reloads the overrides
only when it moved; a change made through this process is applied before its answer is sent. The
store is synchronous (SQLAlchemy), so database work runs in a worker thread, off the event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time

from sqlalchemy.exc import SQLAlchemyError

from strangler.flags import Setting
from strangler.override_store import Change, OverrideStore
from strangler.routing import RoutingTable

log = logging.getLogger(__name__)
MIN_REFRESH_SECONDS = 0.1  # below this the poll would be a busy loop on the database


class RuntimeCutover:
    """One gateway's view of the override store, and the poller that keeps it current."""

    def __init__(self, routes: RoutingTable, store: OverrideStore, refresh_seconds: float) -> None:
        self.routes = routes
        self.store = store
        self.refresh_seconds = max(refresh_seconds, MIN_REFRESH_SECONDS)
        self.version: int | None = None  # None until the first successful load
        self.loaded_at: float | None = None  # time.monotonic() of the last successful read
        self._reload = threading.Lock()  # API threads and the poller may reload at once
        self._task: asyncio.Task[None] | None = None
        self._stopping: asyncio.Event | None = None

    def refresh(self) -> bool:
        """Reload and apply the overrides if the store changed; tell whether it did."""
        with self._reload:
            version = self.store.version()
            if version == self.version:
                self.loaded_at = time.monotonic()
                return False
            # Reading the version before the overrides may load a newer set than `version`
            # names; the next poll then reloads once more, which is harmless.
            flags, ignored = self.store.flags_in_force()
            for problem in ignored:
                log.warning("cutover override ignored: %s", problem)
            self.routes.apply(flags)
            self.version = version
            self.loaded_at = time.monotonic()
            return True

    def staleness(self) -> str | None:
        """Say why the flags in force may not be the store's (a readiness check), or None."""
        # Three missed polls, with a second's slack for a poll that waits on a busy database.
        stale_after = 3 * self.refresh_seconds + 1.0
        if self.loaded_at is None:
            return "cutover overrides not loaded yet"
        age = time.monotonic() - self.loaded_at
        if age > stale_after:
            return f"cutover overrides not read for {age:.1f} s (stale after {stale_after:g} s)"
        return None

    def set(self, key: str, setting: Setting, *, who: str, source: str, reason: str) -> Change:
        """Override an endpoint and serve the new mode from this process at once."""
        change = self.store.set(key, setting, who=who, source=source, reason=reason)
        self._apply_now()
        return change

    def unset(self, key: str, *, who: str, source: str, reason: str) -> Change:
        """Remove an endpoint's override and serve the file's mode from this process at once."""
        change = self.store.unset(key, who=who, source=source, reason=reason)
        self._apply_now()
        return change

    def roll_back(self, key: str, *, who: str, reason: str) -> Change | None:
        """Flip an endpoint to flask for auto-rollback, unless it already is; apply it at once."""
        change = self.store.roll_back(key, who=who, reason=reason)
        self._apply_now()
        return change

    def _apply_now(self) -> None:
        # The change is committed; failing to reload now must not report it as failed, and the
        # next poll applies it anyway.
        try:
            self.refresh()
        except SQLAlchemyError:
            log.exception("cutover: change saved, but not reloaded; the next poll applies it")

    def start(self) -> None:
        """Start polling on the running event loop (called from the gateway's lifespan)."""
        self._stopping = asyncio.Event()
        self._task = asyncio.get_running_loop().create_task(
            self._poll(self._stopping), name="cutover-refresh"
        )

    async def stop(self) -> None:
        """Stop polling, after a poll in progress has finished with the database."""
        if self._task is None or self._stopping is None:
            return
        # Not a cancel: a cancelled task would leave its worker thread querying while the
        # shutdown hooks after this one dispose of the engine under it.
        self._stopping.set()
        await self._task
        self._task = self._stopping = None

    async def _poll(self, stopping: asyncio.Event) -> None:
        while not stopping.is_set():
            try:
                if await asyncio.to_thread(self.refresh):
                    log.info("cutover: applied override version %s", self.version)
            except Exception:
                # A database outage must not take the gateway down: keep serving the flags in
                # force and try again on the next tick.
                log.exception("cutover: reading the overrides failed; retrying")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stopping.wait(), self.refresh_seconds)
