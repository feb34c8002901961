"""A `cronjobs serve` gateway whose event loop runs in asyncio's debug mode (issue 13, point 5).

Run as `python -m tests_support.kit.servers.debug_loop --port N --slow-log PATH`. It reads its
settings from the environment like `serve` and serves `cronjobs.main.create_app` (scheduler and
lifespan included) with uvicorn on 127.0.0.1:N, on the standard asyncio loop in debug mode with
a slow-callback threshold of `--slow-ms` (20 by default). asyncio logs every callback that held
the loop that long ("Executing <handle> took 0.034 seconds"); each request's task is named after
the request ("POST /api/v2/auth/login"), so the warning names its request.

The slow log gets one line per warning: how long the callback held the loop, less the time the
loop's thread was runnable but not running (Linux's schedstat: the machine's other processes had
the cores), that wait, the time it ran on a core, then the warning. A callback slowed only by a
busy machine is no blocking of ours; one that computes, sleeps or waits for a lock or the GIL
still counts in full.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
from typing import Any

import uvicorn

from cronjobs.main import create_app

SLOW_PREFIX = "Executing "
SCHEDSTAT = "/proc/thread-self/schedstat"  # run ns, runnable-but-waiting ns, timeslices


class RequestNamedTasks:
    """Pure ASGI: name the task running each HTTP request after its method and path."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            task = asyncio.current_task()
            if task is not None:
                task.set_name(f"{scope['method']} {scope['path']}")
        await self.app(scope, receive, send)


def named_app() -> RequestNamedTasks:
    """The gateway `cronjobs serve` builds, its request tasks named."""
    return RequestNamedTasks(create_app())


class CpuWaits:
    """The loop thread's time on a core, and runnable but off it, during the last callback."""

    def __init__(self) -> None:
        # Opened on the loop's thread: thread-self is the thread that opens it.
        self._fd = os.open(SCHEDSTAT, os.O_RDONLY)
        self.ran_ns = self.waited_ns = 0

    def _read(self) -> tuple[int, int]:
        ran, waited, _slices = os.pread(self._fd, 128, 0).split()
        return int(ran), int(waited)

    def install(self) -> None:
        """Time every callback this way (asyncio logs its warning right after the callback)."""
        original = asyncio.events.Handle._run
        times = self

        def timed_run(handle: asyncio.Handle) -> None:
            ran, waited = times._read()
            try:
                original(handle)
            finally:
                ran_after, waited_after = times._read()
                times.ran_ns, times.waited_ns = ran_after - ran, waited_after - waited

        asyncio.events.Handle._run = timed_run  # type: ignore[method-assign,assignment]


class SlowLine(logging.Formatter):
    """Format a slow-callback warning as `<held> | <core wait> | <on a core> | <warning>`.

    `held` is asyncio's time less the core wait; what is neither on a core nor waiting for one
    is the thread asleep: on I/O, a lock, or the GIL.
    """

    def __init__(self, times: CpuWaits) -> None:
        super().__init__()
        self.times = times

    def format(self, record: logging.LogRecord) -> str:
        took = record.args[-1] if isinstance(record.args, tuple) else 0.0
        took = took if isinstance(took, float) else 0.0
        waited, ran = self.times.waited_ns / 1e9, self.times.ran_ns / 1e9
        return f"{took - waited:.3f} | {waited:.3f} | {ran:.3f} | {record.getMessage()}"


def _slow_callbacks_only(record: logging.LogRecord) -> bool:
    return record.getMessage().startswith(SLOW_PREFIX)


async def _serve(server: uvicorn.Server, slow_seconds: float) -> None:
    loop = asyncio.get_running_loop()
    loop.slow_callback_duration = slow_seconds
    await server.serve()


def main() -> None:
    """Serve one gateway on a debug-mode event loop, logging its slow callbacks to a file."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--slow-log", required=True)
    parser.add_argument("--slow-ms", type=float, default=20.0)
    args = parser.parse_args()
    # uvicorn's Config sets up its logging; the asyncio handler goes on after it.
    config = uvicorn.Config(
        named_app, factory=True, host="127.0.0.1", port=args.port, log_level="warning"
    )
    waits = CpuWaits()
    waits.install()
    handler = logging.FileHandler(args.slow_log, encoding="utf-8")
    handler.addFilter(_slow_callbacks_only)
    handler.setFormatter(SlowLine(waits))
    logging.getLogger("asyncio").addHandler(handler)
    # The standard loop, not uvloop: debug mode and `slow_callback_duration` are asyncio's.
    asyncio.run(_serve(uvicorn.Server(config), args.slow_ms / 1000), debug=True)


if __name__ == "__main__":
    main()
