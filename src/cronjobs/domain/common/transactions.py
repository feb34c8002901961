"""A request's transaction, the same on both stacks: whether it writes, when it commits, reruns.

A request that may write gets a session that takes the write lock up front (`storage.engines`
says why): every unsafe method, and the safe-method handlers marked `@writes` (a GET that stores
defaults on first read). A step that needs the request's writes committed runs through
`committed_then`. A request whose uncommitted transaction the database undid, asking for a rerun
(a MySQL deadlock victim), is run again from its start as `rerun_pause` allows. Domain services
still only flush; the stacks' boundaries call these.

Why here: both stacks apply these rules and may not import each other, storage knows nothing of
HTTP, and the rules need no web framework (a method is a string, the mark an attribute, the
session SQLAlchemy's). The domain's common layer, which both stacks already share for request
bodies, is the one place below them both.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlalchemy.orm import Session

from cronjobs.domain.errors import DomainError
from cronjobs.storage.conflicts import asks_for_rerun

Handler = TypeVar("Handler", bound=Callable[..., Any])
P = ParamSpec("P")
T = TypeVar("T")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# How often a request is run again after the database undid its transaction, and the first pause.
RERUNS = 3
RERUN_PAUSE_SECONDS = 0.02

log = logging.getLogger(__name__)


def writes(handler: Handler) -> Handler:
    """Mark a safe-method handler that may write, so its transaction takes the write lock."""
    handler.writes = True  # type: ignore[attr-defined]
    return handler


def wants_write(method: str, handler: object) -> bool:
    """Tell whether a request needs a write transaction: unsafe methods and marked handlers."""
    return method not in SAFE_METHODS or bool(getattr(handler, "writes", False))


def committed_then(
    session: Session,
    step: Callable[Concatenate[Session, P], T],
    /,
    *args: P.args,
    **kwargs: P.kwargs,
) -> T:
    """Commit the request's writes, then run a step on the session that needs them committed.

    The step (scheduling a created or updated job, which reads the committed row) may fail with
    a `DomainError` whose writes must stay, such as deleting a job it could not schedule: those
    are committed before the error goes on to be rendered. Any other exception leaves the step's
    writes uncommitted, for the request's session to roll back.
    """
    session.commit()
    try:
        return step(session, *args, **kwargs)
    except DomainError:
        session.commit()
        raise


def rerun_pause(error: BaseException, *, committed: bool, attempt: int) -> float | None:
    """Return how long to wait before running a failed request again, or None to let it fail.

    A request runs again, from its start, when the database undid its transaction and asks for
    a rerun (`storage.conflicts`): nothing of it is stored, so running it again is running it
    once. Not once it has committed (a rerun would repeat those writes, and a run's outbound
    call comes after a commit), and at most `RERUNS` times. The pause doubles and is jittered,
    so the transactions that collided do not meet again in step.
    """
    if committed or attempt > RERUNS or not asks_for_rerun(error):
        return None
    # Not the error's text: it carries the statement's parameters (password hashes among them).
    log.warning("the database undid a request's transaction: rerun %d of %d", attempt, RERUNS)
    return RERUN_PAUSE_SECONDS * 2.0 ** (attempt - 1) * random.uniform(0.5, 1.5)
