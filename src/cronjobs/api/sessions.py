"""The request's session on the FastAPI stack: a sync session, each domain step run in a thread.

The domain is sync code on a sync `Session` (both stacks share it). An `AsyncSession` would run
each step in a greenlet on the event loop, so a password hash or a large render would stall every
other request, and over aiosqlite each SQL statement would cost a thread hop of its own. Here a
step is one hop, whatever it executes: the step and all its statements run in a worker thread,
and the loop only waits for the result.

A request whose transaction is open keeps its thread until the transaction ends. Were the
threads shared step by step, the steps waiting for a lock (SQLite's write lock, a row) could take
every thread while the request holding that lock waits for one to commit: nothing would move until
the lock waits time out. A request waits for a free thread on the event loop, holding nothing.
"""

from __future__ import annotations

import asyncio
import contextvars
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlalchemy.orm import Session, sessionmaker

from cronjobs.storage.engines import has_committed
from strangler.disconnect import ClientWatch

P = ParamSpec("P")
T = TypeVar("T")

# As many as the WSGI backend's pool, so a migrated endpoint has the concurrency it had on Flask,
# and fewer than a PostgreSQL engine's 15 connections, so a step rarely waits for one.
STEP_THREADS = 10


class ClientLeft(Exception):
    """The request's client left before a worker thread took its step up."""


def _in_context(thread: ThreadPoolExecutor, call: Callable[..., T], *args: Any) -> Future[T]:
    context = contextvars.copy_context()
    return thread.submit(lambda: context.run(call, *args))


class StepThreads:
    """The worker threads requests' steps run in, lent out one at a time; owned by the lifespan."""

    def __init__(self, workers: int) -> None:
        self._threads = [
            ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"api-step-{number}")
            for number in range(workers)
        ]
        self._free: asyncio.Queue[ThreadPoolExecutor] = asyncio.Queue()
        for thread in self._threads:
            self._free.put_nowait(thread)

    @property
    def all_busy(self) -> bool:
        """Tell whether a request asking for a thread now would wait for one."""
        return self._free.empty()

    async def take(self) -> ThreadPoolExecutor:
        """Wait on the event loop for a free thread and lend it."""
        return await self._free.get()

    def give_back(self, thread: ThreadPoolExecutor) -> None:
        """Return a lent thread (on the event loop)."""
        self._free.put_nowait(thread)

    def close(self) -> None:
        """Wait for the steps in flight, then end the threads."""
        for thread in self._threads:
            thread.shutdown(wait=True)


class RequestSession:
    """One request's sync session; `run_sync` runs a step on it in a worker thread.

    The request keeps the thread from its first step to `finish`. A write request's steps share
    one transaction, committed by `finish`; a read request ends its transaction with each step,
    in that step's hop, so `finish` has nothing left to do in the thread.
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
        self._thread: ThreadPoolExecutor | None = None  # the thread this request holds
        self._last_step: Future[Any] | None = None

    @property
    def committed(self) -> bool:
        """Tell whether the request has committed anything yet."""
        return has_committed(self._session)

    async def run_sync(
        self, step: Callable[Concatenate[Session, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """Run a domain step on the session, off the event loop; not if its client has left."""
        gone = None if self._watch is None else self._watch.gone
        if self._thread is None:
            if self._watch is not None and self._threads.all_busy:
                # The step will wait for a thread, and its client may leave meanwhile.
                self._watch.start()
            self._thread = await self._threads.take()
        future = _in_context(
            self._thread, _step, self._session, self._write, gone, step, args, kwargs
        )
        self._last_step = future
        return await asyncio.wrap_future(future)

    async def run_blocking(self, call: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run blocking work of the request's own (an outbound call, a run) in a worker thread."""
        return await self.run_sync(_without_session, call, args, kwargs)

    async def commit(self) -> None:
        """Commit what the steps so far wrote."""
        await self.run_sync(Session.commit)

    async def finish(self, *, commit: bool) -> None:
        """End the request's transaction (commit, or roll back), close, and free its thread."""
        last = self._last_step
        if last is not None and not last.done():
            # The request was cancelled while a step still runs on the session: a session is
            # not for two threads at once, so the step's own thread ends it, then is given back.
            loop = asyncio.get_running_loop()
            thread, self._thread = self._thread, None

            def after_step(_: Future[Any]) -> None:
                _end(self._session, commit=False)
                if thread is not None:
                    loop.call_soon_threadsafe(self._threads.give_back, thread)

            last.add_done_callback(after_step)
        elif self._session.in_transaction():
            # Shielded: a request cancelled now must still end its transaction and free both
            # its connection and its thread.
            await asyncio.shield(self._end_transaction(commit))
        else:
            self._session.close()  # nothing begun: closing touches no connection
            self._release()

    async def _end_transaction(self, commit: bool) -> None:
        assert self._thread is not None  # a transaction begins only in a step, on this thread
        try:
            await asyncio.wrap_future(_in_context(self._thread, _end, self._session, commit))
        finally:
            self._release()

    def _release(self) -> None:
        thread, self._thread = self._thread, None
        if thread is not None:
            self._threads.give_back(thread)


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


def _end(session: Session, commit: bool) -> None:
    try:
        if commit:
            session.commit()
    finally:
        session.close()
