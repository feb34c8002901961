"""A `cronjobs serve` gateway whose event loop logs every slow callback (issue 13, point 5).

Run as `python -m tests_support.kit.servers.debug_loop --port N --slow-log PATH`. It reads its
settings from the environment like `serve` and serves `cronjobs.main.create_app` (scheduler and
lifespan included) with uvicorn on 127.0.0.1:N, on the standard asyncio loop, and times every
callback the loop runs: one that held the loop `--slow-ms` (20 by default) or more is logged
("Executing <Task name='POST /api/v2/auth/login'> took 0.034 seconds"); each request's task is
named after the request, so the line names its request.

Not asyncio's debug mode, which logs slow callbacks too: it records the stack of every handle,
future and task it creates, and reading those stacks stats source files, each stat giving the
GIL away and waiting to get it back from a busy worker thread; a CI run counted 40-60 ms of it
"on a core" in callbacks that compute nothing, and held the loop for up to a second. Production
runs without it, so the test does too.

The slow log gets one line per slow callback: how long the callback held the loop, less the
time the loop's thread was runnable but not running (Linux's schedstat: the machine's other
processes had the cores), that wait, the time it ran on a core (the thread's CPU clock), the
time the garbage collector took in it, then what it was. A callback slowed only by a busy machine
is no blocking of ours; one that computes, sleeps or waits for a lock or the GIL still counts in
full.

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


def described(handle: asyncio.Handle) -> str:
    """Say what a handle runs: its task, by name, or the handle itself."""
    # A task's step or wake-up is a method of the task.
    owner = getattr(getattr(handle, "_callback", None), "__self__", None)
    if isinstance(owner, asyncio.Task):
        return f"<Task name='{owner.get_name()}'>"
    return repr(handle)


class SlowCallbacks:
    """Time every callback of the loop; log those that held it `slow_seconds` or more.

    Each line is `<held> | <core wait> | <on a core> | <gc> | <what>`: `held` is the callback's
    time less the core wait; what is neither on a core nor waiting for one is the thread asleep:
    on I/O, a lock, or the GIL. `gc` is the part of the time on a core the garbage collector
    took, on this thread, for the whole process's objects.
    """

    def __init__(self, log: logging.Logger, slow_seconds: float) -> None:
        # Opened on the loop's thread: thread-self is the thread that opens it.
        self._fd = os.open(SCHEDSTAT, os.O_RDONLY)
        self._thread = threading.get_ident()
        self._log = log
        self._slow_ns = int(slow_seconds * 1e9)
        self._collected_ns = self._collecting_since = 0

    def _waited_ns(self) -> int:
        # Schedstat's run time is only brought up to date at the next tick or switch, so the
        # time on a core comes from the thread's CPU clock, which is exact when read.
        _ran, waited, _slices = os.pread(self._fd, 128, 0).split()
        return int(waited)

    def _on_collection(self, phase: str, _info: dict[str, int]) -> None:
        # Python's collector runs in whichever thread allocates: count only the loop's.
        if threading.get_ident() != self._thread:
            return
        if phase == "start":
            self._collecting_since = time.thread_time_ns()
        else:
            self._collected_ns += time.thread_time_ns() - self._collecting_since

    def _report(self, handle: asyncio.Handle, took_ns: int, waited_ns: int, ran_ns: int) -> None:
        held, waited, ran = (took_ns - waited_ns) / 1e9, waited_ns / 1e9, ran_ns / 1e9
        self._log.warning(
            "%.3f | %.3f | %.3f | %.3f | %s%s took %.3f seconds",
            held,
            waited,
            ran,
            self._collected_ns / 1e9,
            SLOW_PREFIX,
            described(handle),
            took_ns / 1e9,
        )

    def install(self) -> None:
        """Time every callback from now on (on every loop of this process: there is one)."""
        original = asyncio.events.Handle._run
        gc.callbacks.append(self._on_collection)

        def timed_run(handle: asyncio.Handle) -> None:
            started, ran, waited = time.perf_counter_ns(), time.thread_time_ns(), self._waited_ns()
            self._collected_ns = 0
            try:
                original(handle)
            finally:
                took = time.perf_counter_ns() - started
                if took >= self._slow_ns:
                    ran = time.thread_time_ns() - ran
                    self._report(handle, took, self._waited_ns() - waited, ran)

        asyncio.events.Handle._run = timed_run  # type: ignore[method-assign,assignment]


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


async def _serve(server: uvicorn.Server, slow_log: str, slow_seconds: float) -> None:
    log = logging.getLogger("slow-callbacks")
    log.addHandler(logging.FileHandler(slow_log, encoding="utf-8"))
    log.propagate = False
    SlowCallbacks(log, slow_seconds).install()
    calls = LoopCalls(log)
    calls.loop_thread = threading.get_ident()
    calls.install()
    await server.serve()


def main() -> None:
    """Serve one gateway, logging its slow callbacks and blocking calls to a file."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--slow-log", required=True)
    parser.add_argument("--slow-ms", type=float, default=20.0)
    args = parser.parse_args()
    config = uvicorn.Config(
        named_app, factory=True, host="127.0.0.1", port=args.port, log_level="warning"
    )
    # The standard loop, not uvloop: its callbacks are asyncio's Handles, timed one by one.
    asyncio.run(_serve(uvicorn.Server(config), args.slow_log, args.slow_ms / 1000))


if __name__ == "__main__":
    main()
