"""A `cronjobs serve` gateway whose event loop runs in asyncio's debug mode (issue 13, point 5).

Run as `python -m tests_support.kit.servers.debug_loop --port N --slow-log PATH`. It reads its
settings from the environment like `serve` and serves `cronjobs.main.create_app` (scheduler and
lifespan included) with uvicorn on 127.0.0.1:N, on the standard asyncio loop in debug mode with
a slow-callback threshold of `--slow-ms` (20 by default). asyncio logs every callback that held
the loop that long ("Executing <handle> took 0.034 seconds"); each request's task is named after
the request ("POST /api/v2/auth/login"), so the warning names its request.

The slow log gets one line per warning: how long the callback held the loop, less the time the
loop's thread was runnable but not running (Linux's schedstat: the machine's other processes had
the cores), that wait, the time it ran on a core (the thread's CPU clock), the time the garbage
collector took in it, then the warning. A callback slowed only by a
busy machine is no blocking of ours; one that computes, sleeps or waits for a lock or the GIL
still counts in full.

Two calls are blocking on the loop's thread whatever they take, and each is logged as a line of
its own (`blocking | <call> | <task>`): a database statement (every engine is sync; the FastAPI
stack runs its statements in step threads) and PBKDF2, the password hash.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import hashlib
import logging
import os
import threading
import time
from typing import Any

import uvicorn
from sqlalchemy import event
from sqlalchemy.engine import Engine

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
    """The loop thread's time on a core, runnable but off it, and collecting garbage, during
    the last callback."""

    def __init__(self) -> None:
        # Opened on the loop's thread: thread-self is the thread that opens it.
        self._fd = os.open(SCHEDSTAT, os.O_RDONLY)
        self._thread = threading.get_ident()
        self.ran_ns = self.waited_ns = self.collected_ns = 0
        self._collecting_since = 0

    def _read(self) -> tuple[int, int]:
        # On a core: the thread's CPU clock, which brings the kernel's count up to date when
        # read. Schedstat's own run time is only brought up to date at the next tick or switch,
        # so a callback that sleeps (on the GIL) was charged the run time of the callbacks before
        # it: 25-38 ms "on a core" for a wake-up timer of asyncio's on a saturated machine.
        _ran, waited, _slices = os.pread(self._fd, 128, 0).split()
        return time.thread_time_ns(), int(waited)

    def _on_collection(self, phase: str, _info: dict[str, int]) -> None:
        # Python's collector runs in whichever thread allocates: count only the loop's.
        if threading.get_ident() != self._thread:
            return
        if phase == "start":
            self._collecting_since = time.thread_time_ns()
        else:
            self.collected_ns += time.thread_time_ns() - self._collecting_since

    def install(self) -> None:
        """Time every callback this way (asyncio logs its warning right after the callback)."""
        original = asyncio.events.Handle._run
        times = self
        gc.callbacks.append(self._on_collection)

        def timed_run(handle: asyncio.Handle) -> None:
            ran, waited = times._read()
            times.collected_ns = 0
            try:
                original(handle)
            finally:
                ran_after, waited_after = times._read()
                times.ran_ns, times.waited_ns = ran_after - ran, waited_after - waited

        asyncio.events.Handle._run = timed_run  # type: ignore[method-assign,assignment]


class SlowLine(logging.Formatter):
    """Format a slow-callback warning as `<held> | <core wait> | <on a core> | <gc> | <warning>`.

    `held` is asyncio's time less the core wait; what is neither on a core nor waiting for one
    is the thread asleep: on I/O, a lock, or the GIL. `gc` is the part of the time on a core the
    garbage collector took, on this thread, for the whole process's objects.
    """

    def __init__(self, times: CpuWaits) -> None:
        super().__init__()
        self.times = times

    def format(self, record: logging.LogRecord) -> str:
        took = record.args[-1] if isinstance(record.args, tuple) else 0.0
        took = took if isinstance(took, float) else 0.0
        waited, ran = self.times.waited_ns / 1e9, self.times.ran_ns / 1e9
        collected = self.times.collected_ns / 1e9
        message = record.getMessage()
        return f"{took - waited:.3f} | {waited:.3f} | {ran:.3f} | {collected:.3f} | {message}"


class LoopCalls:
    """Log the blocking calls made on the event loop's thread."""

    def __init__(self, log: logging.Logger) -> None:
        self.log = log
        self.loop_thread: int | None = None  # set once the loop runs

    def _on_loop(self) -> bool:
        return threading.get_ident() == self.loop_thread

    def _report(self, call: str) -> None:
        task = asyncio.current_task() if self._on_loop() else None
        self.log.warning("blocking | %s | %s", call, task.get_name() if task else "-")

    def install(self) -> None:
        """Watch every sync engine's statements and every PBKDF2 hash from now on."""

        def before_execute(connection: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            if self._on_loop():
                self._report(f"SQL {' '.join(statement.split())[:100]}")

        event.listen(Engine, "before_cursor_execute", before_execute)
        pbkdf2 = hashlib.pbkdf2_hmac

        def watched_pbkdf2(*args: Any, **kwargs: Any) -> bytes:
            if self._on_loop():
                self._report("PBKDF2 (a password hash)")
            return pbkdf2(*args, **kwargs)

        hashlib.pbkdf2_hmac = watched_pbkdf2


def _slow_callbacks_only(record: logging.LogRecord) -> bool:
    return record.getMessage().startswith(SLOW_PREFIX)


async def _serve(server: uvicorn.Server, slow_seconds: float, calls: LoopCalls) -> None:
    loop = asyncio.get_running_loop()
    loop.slow_callback_duration = slow_seconds
    calls.loop_thread = threading.get_ident()
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
    calls = LoopCalls(logging.getLogger("loop-calls"))
    calls.log.addHandler(logging.FileHandler(args.slow_log, encoding="utf-8"))
    calls.log.propagate = False
    calls.install()
    # The standard loop, not uvloop: debug mode and `slow_callback_duration` are asyncio's.
    asyncio.run(_serve(uvicorn.Server(config), args.slow_ms / 1000, calls), debug=True)


if __name__ == "__main__":
    main()
