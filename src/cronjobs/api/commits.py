"""Commit points inside a FastAPI request, the rule of `domain.common.transactions`.

Creating or updating a job, a bulk upload, a manual run and a test-run each do a step that needs
the request's writes committed first (the scheduler reads the committed row, §6.5; a run opens its
own sessions, A16; an outbound call must not hold a transaction). `get_session` commits whatever
the step wrote once the endpoint returns.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Concatenate, ParamSpec, TypeVar

from sqlalchemy.orm import Session

from cronjobs.api.sessions import RequestSession
from cronjobs.domain.common import transactions

P = ParamSpec("P")
T = TypeVar("T")


async def committed_then(
    session: RequestSession,
    step: Callable[Concatenate[Session, P], T],
    *args: P.args,
    **kwargs: P.kwargs,
) -> T:
    """Commit, then run a domain step on the session; a `DomainError`'s writes are kept."""
    return await session.run_sync(transactions.committed_then, step, *args, **kwargs)


async def committed_then_offloaded(
    session: RequestSession, step: Callable[P, T], *args: P.args, **kwargs: P.kwargs
) -> T:
    """Commit, then run blocking work (an outbound call, a run) in a worker thread."""
    # On the request's step threads, as Flask runs it on the request's worker: a request whose
    # client left while all of them were busy is not run (`sessions.RequestSession`).
    await session.commit()
    return await session.run_blocking(step, *args, **kwargs)
