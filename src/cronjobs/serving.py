"""`python -m cronjobs serve`: uvicorn, with a drain on SIGTERM for instances behind a balancer.

With `DRAIN_SECONDS` above 0, SIGTERM (what systemd and orchestrators send to stop an instance)
does not stop the server at once: the gateway reports not ready (`/_gateway/ready` answers 503)
and closes each connection after its answer, and the server keeps serving whatever still
arrives for `DRAIN_SECONDS`; then it stops as uvicorn does (no new connections, requests in
flight finished, the lifespan's shutdown releasing the scheduler lease). A second SIGTERM, or
SIGINT (Ctrl-C), stops at once. With 0, SIGTERM stops at once, as before. The drain needs one
server process per instance (run more instances, not `--workers`: uvicorn's supervisor builds
its workers' servers itself).
"""

from __future__ import annotations

import logging
import signal
import time
from types import FrameType
from typing import Any

import uvicorn
from uvicorn.supervisors import Multiprocess

from strangler import Readiness

log = logging.getLogger(__name__)
APP_FACTORY = "cronjobs.main:create_app"
# How deep uvicorn's own middleware may wrap the app before the gateway is reached.
WRAPPER_DEPTH = 8


class DrainingServer(uvicorn.Server):
    """uvicorn's server, draining for `drain_seconds` on the first SIGTERM before it stops."""

    def __init__(self, config: uvicorn.Config, drain_seconds: float) -> None:
        super().__init__(config)
        self.drain_seconds = drain_seconds
        self._stop_at: float | None = None  # time.monotonic() when a drain ends

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        """Start a drain on the first SIGTERM; stop as uvicorn does on anything else."""
        readiness = _readiness_of(getattr(self.config, "loaded_app", None))
        if (
            sig != signal.SIGTERM
            or self._stop_at is not None
            or self.drain_seconds <= 0
            or readiness is None
        ):
            super().handle_exit(sig, frame)
            return
        readiness.drain()
        self._stop_at = time.monotonic() + self.drain_seconds
        log.info("SIGTERM: draining for %g s, then stopping", self.drain_seconds)

    async def on_tick(self, counter: int) -> bool:
        """Stop once the drain has run its time (uvicorn calls this every tenth of a second)."""
        if self._stop_at is not None and time.monotonic() >= self._stop_at and not self.should_exit:
            super().handle_exit(signal.SIGTERM, None)
        return await super().on_tick(counter)


def _readiness_of(app: Any) -> Readiness | None:
    # uvicorn wraps the app (proxy headers, logging); each wrapper keeps it as `.app`.
    for _ in range(WRAPPER_DEPTH):
        readiness = getattr(app, "readiness", None)
        if isinstance(readiness, Readiness):
            return readiness
        app = getattr(app, "app", None)
    return None


def serve(config: uvicorn.Config, drain_seconds: float) -> None:
    """Run the service on `config`, in one process or, with `config.workers` > 1, in several."""
    if config.workers > 1:
        # uvicorn's supervisor builds each worker's server itself, so its workers stop at once.
        if drain_seconds > 0:
            log.warning(
                "DRAIN_SECONDS applies to one process per instance; --workers stops at once"
            )
        Multiprocess(config, sockets=[config.bind_socket()]).run()
        return
    DrainingServer(config, drain_seconds).run()
