"""A request's transaction, the same on both stacks: which requests write.

A request that may write gets a session that takes the write lock up front (`storage.engines`
explains why): every unsafe method, and the safe-method handlers marked `@writes` (a GET that
stores defaults on first read). The rule lives here because both stacks apply it and may not
import each other, storage knows nothing of HTTP, and the rule needs no web framework (a method
is a string, the mark an attribute), so the domain's common layer, which both stacks already
share for request bodies, is the one place below them both.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

Handler = TypeVar("Handler", bound=Callable[..., Any])
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def writes(handler: Handler) -> Handler:
    """Mark a safe-method handler that may write, so its transaction takes the write lock."""
    handler.writes = True  # type: ignore[attr-defined]
    return handler


def wants_write(method: str, handler: object) -> bool:
    """Tell whether a request needs a write transaction: unsafe methods and marked handlers."""
    return method not in SAFE_METHODS or bool(getattr(handler, "writes", False))
