"""A request's transaction, the same on both stacks: whether it writes, and when it commits.

A request that may write gets a session that takes the write lock up front (`storage.engines`
says why): every unsafe method, and the safe-method handlers marked `@writes` (a GET that stores
defaults on first read). A step that needs the request's writes committed runs through
`committed_then`. Domain services still only flush; the stacks' boundaries call these.

Why here: both stacks apply these rules and may not import each other, storage knows nothing of
HTTP, and the rules need no web framework (a method is a string, the mark an attribute, the
session SQLAlchemy's). The domain's common layer, which both stacks already share for request
bodies, is the one place below them both.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlalchemy.orm import Session

from cronjobs.domain.errors import DomainError

Handler = TypeVar("Handler", bound=Callable[..., Any])
P = ParamSpec("P")
T = TypeVar("T")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


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
