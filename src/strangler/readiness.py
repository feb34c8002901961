"""Health for orchestration, answered by the gateway itself: `/_gateway/live` and `/_gateway/ready`.

Neither path is a legacy endpoint, so no cutover flag routes them, and neither needs credentials
(a balancer or an orchestrator polls them; they show no data). Live: the process serves, 200
whenever its event loop answers. Ready: the instance should be sent traffic. It is not when it
drains (shutting down), when its flags are stale (no successful poll of the override store
lately), or when a check of the host application fails (cron-jobs checks its database); then
503 with every reason, so the balancer takes the instance out and an operator reads why.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence

from starlette.types import Receive, Scope, Send

from strangler.own_answers import answer_json, refuse_unsafe_methods

log = logging.getLogger(__name__)

LIVE_PATH = "/_gateway/live"
READY_PATH = "/_gateway/ready"
# Checks that have not answered in this long make the instance not ready (a database that hangs
# is as unusable as one that refuses).
CHECK_SECONDS = 3.0
# A readiness check: the reason the instance is not ready, or None. Called in a worker thread.
ReadinessCheck = Callable[[], str | None]


class Readiness:
    """Whether this instance should get traffic: not draining, and every check passing."""

    def __init__(self, checks: Sequence[ReadinessCheck] = ()) -> None:
        self.checks = tuple(checks)
        self.draining = False

    def drain(self) -> None:
        """Report not ready from now on, whatever the checks say (the instance is stopping)."""
        if not self.draining:
            self.draining = True
            log.info("gateway: draining; /_gateway/ready answers 503 from now on")

    def reasons(self) -> list[str]:
        """Run every check; return why the instance is not ready (empty when it is)."""
        found = ["draining"] if self.draining else []
        for check in self.checks:
            try:
                reason = check()
            except Exception as error:  # a check that breaks is a failing check, not a 500
                reason = f"{getattr(check, '__name__', 'check')} failed: {error}"
            if reason:
                found.append(reason)
        return found


class LiveEndpoint:
    """`GET /_gateway/live`: 200 while the process serves."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer GET and HEAD with `{"status": "live"}`; anything else is 405."""
        if not await refuse_unsafe_methods(scope, send):
            await answer_json(scope, send, 200, {"status": "live"})


class ReadyEndpoint:
    """`GET /_gateway/ready`: 200 when the instance should get traffic, else 503 with reasons."""

    def __init__(self, readiness: Readiness) -> None:
        self.readiness = readiness
        self._running: asyncio.Future[list[str]] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the checks off the event loop, bounded in time, and answer with their verdict."""
        if await refuse_unsafe_methods(scope, send):
            return
        # Polls arriving while the checks run share that run: a database that hangs holds one
        # worker thread, not one per poll.
        if self._running is None or self._running.done():
            self._running = asyncio.ensure_future(asyncio.to_thread(self.readiness.reasons))
        try:
            reasons = await asyncio.wait_for(asyncio.shield(self._running), CHECK_SECONDS)
        except TimeoutError:
            reasons = [f"readiness checks did not answer within {CHECK_SECONDS:g} s"]
        if reasons:
            await answer_json(scope, send, 503, {"status": "not ready", "reasons": reasons})
        else:
            await answer_json(scope, send, 200, {"status": "ready"})
