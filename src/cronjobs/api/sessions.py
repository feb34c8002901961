"""The request's session on the FastAPI stack: a sync session, each domain step run in a thread.

The domain is sync code on a sync `Session` (both stacks share it). An `AsyncSession` would run
each step in a greenlet on the event loop, so a password hash or a large render would stall every
other request, and over aiosqlite each SQL statement would cost a thread hop of its own. Here a
step is one hop, whatever it executes: the step and all its statements run in a worker thread,
and the loop only waits for the result.
"""

from __future__ import annotations

import asyncio
import contextvars
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlalchemy.orm import Session, sessionmaker

from strangler.disconnect import ClientWatch

P = ParamSpec("P")
T = TypeVar("T")

# As many as the WSGI backend's pool, so a migrated endpoint has the concurrency it had on Flask,
# and fewer than a PostgreSQL engine's 15 connections, so a step never waits for one.
STEP_THREADS = 10


class ClientLeft(Exception):
    """The request's client left before a worker thread took its step up."""


class StepThreads:
    """The worker threads every request's domain steps run in, owned by the app's lifespan."""

    def __init__(self, workers: int) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="api-step")
        self._workers = workers
        self._outstanding = 0  # calls handed to the pool and not back yet (event loop only)

    @property
    def all_busy(self) -> bool:
        """Tell whether a call submitted now would wait for a thread."""
        return self._outstanding >= self._workers

    def submit(self, step: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        """Queue a blocking call for a worker thread, in a copy of the caller's context."""
        context = contextvars.copy_context()
        return self._pool.submit(lambda: context.run(step, *args, **kwargs))

    async def wait(self, future: Future[T]) -> T:
        """Wait for a submitted call's result."""
        self._outstanding += 1
        try:
            return await asyncio.wrap_future(future)
        finally:
            self._outstanding -= 1

    async def run(self, step: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run a blocking call in a worker thread and wait for its result."""
        return await self.wait(self.submit(step, *args, **kwargs))

    def close(self) -> None:
        """Wait for the steps in flight, then end the threads."""
        self._pool.shutdown(wait=True)


class RequestSession:
    """One request's sync session; `run_sync` runs a step on it in a worker thread.

    A write request's steps share one transaction, committed by `finish`. A read request ends
    its transaction with each step, in that step's hop, so it needs no hop to end it afterwards.
    """

    def __init__(
        self,
        factory: sessionmaker[Session],
        threads: StepThreads,
        *,
        write: bool,
        watch: ClientWatch | None = None,
    ) -> None:
        self._session = factory()
        self._threads = threads
        self._write = write
        self._watch = watch
        self._last_step: Future[Any] | None = None

    async def run_sync(
        self, step: Callable[Concatenate[Session, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """Run a domain step on the session, off the event loop; not if its client has left."""
        gone = None
        if self._watch is not None:
            if self._threads.all_busy:
                # The step will wait for a thread, and its client may leave meanwhile.
                self._watch.start()
            gone = self._watch.gone
        future = self._threads.submit(_step, self._session, self._write, gone, step, args, kwargs)
        self._last_step = future
        return await self._threads.wait(future)

    async def run_blocking(self, call: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run blocking work of the request's own (an outbound call, a run) in a worker thread."""
        return await self.run_sync(_without_session, call, args, kwargs)

    async def commit(self) -> None:
        """Commit what the steps so far wrote."""
        await self.run_sync(Session.commit)

    async def finish(self, *, commit: bool) -> None:
        """End the request's transaction (commit, or roll back) and close, in one hop at most."""
        last = self._last_step
        if last is not None and not last.done():
            # The request was cancelled while a step still runs on the session: a session is
            # not for two threads at once, so the step's own thread closes it when it ends.
            last.add_done_callback(lambda _: _end(self._session, commit=False))
        elif self._session.in_transaction():
            await self._threads.run(_end, self._session, commit=commit)
        else:
            self._session.close()  # nothing begun: closing touches no connection


def _step(
    session: Session,
    write: bool,
    gone: threading.Event | None,
    step: Callable[..., T],
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> T:
    if gone is not None and gone.is_set():
        raise ClientLeft  # nobody is waiting for the answer: do none of the work
    result = step(session, *args, **kwargs)
    if not write:
        # Commit, not roll back: a rollback would expire the loaded rows, and reading one of
        # them on the event loop afterwards (the user of `auth/me`) would query from there.
        session.commit()
    return result


def _without_session(
    _session: Session, call: Callable[..., T], args: tuple[Any, ...], kwargs: dict[str, Any]
) -> T:
    return call(*args, **kwargs)


def _end(session: Session, *, commit: bool) -> None:
    try:
        if commit:
            session.commit()
    finally:
        session.close()
