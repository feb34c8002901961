"""Auto-rollback: an endpoint whose new-stack error rate crosses a threshold goes back to flask.

Each endpoint served by the new stack keeps a sliding window of its outcomes. When the window
holds enough requests and the share that failed (5xx or an exception) reaches the threshold, the
endpoint is flipped to `flask` through the override store, so every process follows and the change
is audited. The write runs in a worker thread, never on the request that tipped the balance.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)
# Flips one endpoint to flask with the given reason (blocking: it writes to the database); None
# when it already was, rolled back by another process.
Flip = Callable[[str, str], object]


@dataclass(frozen=True, slots=True)
class RollbackPolicy:
    """When to roll an endpoint back: its error rate over a window, with a minimum request count."""

    error_rate: float = 0.5
    min_requests: int = 20
    window_seconds: float = 60.0


class OutcomeWindow:
    """The outcomes of one endpoint's new-stack requests over the last `seconds`."""

    __slots__ = ("failures", "outcomes", "seconds")

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.outcomes: deque[tuple[float, bool]] = deque()
        self.failures = 0

    def add(self, now: float, failed: bool) -> None:
        """Record one outcome and forget those older than the window."""
        self.outcomes.append((now, failed))
        self.failures += failed
        horizon = now - self.seconds
        while self.outcomes and self.outcomes[0][0] < horizon:
            self.failures -= self.outcomes.popleft()[1]

    def clear(self) -> None:
        """Start the window afresh."""
        self.outcomes.clear()
        self.failures = 0


class AutoRollback:
    """Watch new-stack outcomes per endpoint and flip an endpoint back once per breach."""

    def __init__(
        self, policy: RollbackPolicy, flip: Flip, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.policy = policy
        self.flip = flip
        self.clock = clock
        self._windows: dict[str, OutcomeWindow] = {}
        self._flipping: dict[str, asyncio.Task[None]] = {}
        self.rolled_back: Counter[str] = Counter()  # flips that were written, per endpoint

    def record(self, key: str, failed: bool) -> None:
        """Take one outcome of `key`; start a rollback if its window breaches the policy."""
        window = self._windows.get(key)
        if window is None:
            window = self._windows[key] = OutcomeWindow(self.policy.window_seconds)
        window.add(self.clock(), failed)
        count = len(window.outcomes)
        if count < self.policy.min_requests or key in self._flipping:
            return
        rate = window.failures / count
        if rate < self.policy.error_rate:
            return
        reason = (
            f"FastAPI failed {window.failures} of {count} requests ({rate:.0%}) in the last "
            f"{self.policy.window_seconds:g} s; threshold {self.policy.error_rate:.0%}"
        )
        # The breach is acted on once: the window restarts, and a flip in flight is not repeated.
        window.clear()
        task = asyncio.get_running_loop().create_task(self._roll_back(key, reason))
        self._flipping[key] = task

    async def _roll_back(self, key: str, reason: str) -> None:
        try:
            change = await asyncio.to_thread(self.flip, key, reason)
            if change is None:
                log.info("auto-rollback: %s already flipped to flask elsewhere", key)
                return
            self.rolled_back[key] += 1
            log.warning("auto-rollback: %s flipped to flask: %s", key, reason)
        except Exception:
            # The store may be down; a later breach tries again.
            log.exception("auto-rollback: could not flip %s to flask", key)
        finally:
            del self._flipping[key]

    async def wait(self) -> None:
        """Wait for the rollbacks in flight (at shutdown, so none is cut off mid-write)."""
        if self._flipping:
            await asyncio.gather(*self._flipping.values(), return_exceptions=True)
