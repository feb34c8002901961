"""Login throttling in front of the gateway (D23), in pure ASGI, so both stacks behave the same.

A login (`POST` on one of `paths`) is read up to `max_body` bytes; the identifier is taken as the
login itself takes it (§4.1: `username` if truthy, else `email`, trimmed; none when login would
answer 400). The attempt is admitted or refused by the shared counts (`throttle.store`, in a
worker thread: it is a database round trip), and an admitted request goes on with its body
replayed. Its answer settles it: 401 is a failed login, 200 resets the username's count, anything
else never happened. Larger bodies go on unread, counted by address only.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime
from typing import Any

import anyio
from sqlalchemy.exc import SQLAlchemyError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cronjobs.domain.accounts.auth import login_identifier
from cronjobs.domain.common.body import RequestBody
from cronjobs.domain.common.headers import joined
from cronjobs.domain.errors import too_many_attempts_body
from cronjobs.models import utcnow
from cronjobs.throttle.store import LoginAttempts, Refused
from strangler.gateway import GATEWAY_BACKEND
from strangler.held_body import read_request, replay

log = logging.getLogger(__name__)
LOGIN_PATHS = ("/api/auth/login", "/api/v2/auth/login")
MAX_BUFFERED_BODY = 64 * 1024  # a login body is a few hundred bytes; a password at most 4 KiB
FAILED_LOGIN = 401
LOGGED_IN = 200
# Turns an error envelope into the bytes every other answer of the service is sent as.
RenderBody = Callable[[dict[str, Any]], bytes]


class LoginThrottle:
    """Refuse logins with 429 while their username's or address's failures fill the window."""

    def __init__(
        self,
        app: ASGIApp,
        attempts: LoginAttempts,
        render: RenderBody,
        *,
        paths: Iterable[str] = LOGIN_PATHS,
        max_body: int = MAX_BUFFERED_BODY,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.app = app
        self.attempts = attempts
        self.render = render
        self.paths = frozenset(paths)
        self.max_body = max_body
        self.clock = clock

    def __call__(self, scope: Scope, receive: Receive, send: Send) -> Awaitable[None]:
        """Pass everything but logins on; admit or refuse a login, then settle it by its answer."""
        # A plain function handing back the next app's coroutine: every request that is not a
        # login costs this layer no frame of its own.
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"] not in self.paths:
            return self.app(scope, receive, send)
        return self._login(scope, receive, send)

    async def _login(self, scope: Scope, receive: Receive, send: Send) -> None:
        held = await read_request(receive, self.max_body)
        body = held.body
        identifier = None if body is None else login_identifier(RequestBody(body, _type(scope)))
        client = scope.get("client")
        address = str(client[0]) if client else None
        try:
            admitted = await anyio.to_thread.run_sync(
                self.attempts.admit, identifier, address, self.clock()
            )
        except SQLAlchemyError:
            # The login reads the same database and gives its own answer; the throttle adds none.
            log.exception("login throttle: the attempts could not be counted; login goes on")
            admitted = None
        if isinstance(admitted, Refused):
            await self._refuse(send, admitted.retry_after)
            return
        status = 0

        async def send_noting_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, replay(held.messages, receive), send_noting_status)
        finally:
            if admitted is not None:
                with anyio.CancelScope(shield=True):  # settled even if the request is cancelled
                    await self._settle(admitted, identifier, status)

    async def _settle(self, attempt: int, identifier: str | None, status: int) -> None:
        if status == FAILED_LOGIN:
            return  # the attempt's row is the failure
        try:
            if status == LOGGED_IN and identifier is not None:
                await anyio.to_thread.run_sync(self.attempts.succeeded, attempt, identifier)
            else:
                await anyio.to_thread.run_sync(self.attempts.withdraw, attempt)
        except SQLAlchemyError:
            log.exception(
                "login throttle: attempt %d unsettled; it counts until it expires", attempt
            )

    async def _refuse(self, send: Send, retry_after: int) -> None:
        body = self.render(too_many_attempts_body(retry_after))
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (b"retry-after", str(retry_after).encode()),
            # Every answer names who gave it; this one the gateway gives itself.
            (b"x-served-by", GATEWAY_BACKEND.encode()),
        ]
        await send({"type": "http.response.start", "status": 429, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def _type(scope: Scope) -> str | None:
    # Read as the login reads it (a repeated field joined), so a body the login refuses for its
    # Content-Type names nobody here either.
    return joined(
        value.decode("latin-1") for name, value in scope["headers"] if name == b"content-type"
    )
