"""The FastAPI app's pure ASGI middleware: HEAD as GET, requests whose client left, reruns."""

from __future__ import annotations

import asyncio
import logging

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cronjobs.api.sessions import ClientLeft, RequestSession
from cronjobs.domain.common.transactions import rerun_pause
from strangler.disconnect import ClientWatch

log = logging.getLogger(__name__)
# Where `WatchClient` leaves the request's watch for the request's session (`deps.get_session`).
CLIENT_WATCH = "cronjobs.client_watch"
# Where `deps.get_session` leaves the request's session for `RerunUndone`.
REQUEST_SESSION = "cronjobs.request_session"


class HeadAsGet:
    """Serve HEAD through the GET route and drop the body, keeping status and headers."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Rewrite HEAD to GET and strip the body of the response."""
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_without_body)


class WatchClient:
    """Read the body ahead, and let the session skip the steps of a request whose client left.

    A request's session starts the watch only when its step has to wait for a worker thread
    (`sessions.RequestSession`); a request taken up at once pays for no watching task.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.abandoned = 0  # requests left undone: their client left first (event loop only)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve the request with its watch in the scope; a request left undone sends nothing."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        async with ClientWatch(receive) as watch:
            if await watch.read_body() is None:
                self._abandon(scope, "mid-body")
                return
            scope[CLIENT_WATCH] = watch
            try:
                await self.app(scope, watch.receive, send)
            except ClientLeft:
                self._abandon(scope, "before a worker thread took it up")

    def _abandon(self, scope: Scope, when: str) -> None:
        self.abandoned += 1
        log.debug("api: %s %s not run, its client left %s", scope["method"], scope["path"], when)


class RerunUndone:
    """Run a request again from its start when the database undid its uncommitted transaction.

    When, and how often, is `transactions.rerun_pause`'s rule (the Flask stack applies it too).
    Each run gets the body again and a scope of its own, so routing and dependencies start over
    with a new session; a run whose answer has started is never repeated.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve the request, running it again while the database asks for it."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        read: list[Message] = []  # the body's messages, as the app read them
        replay: list[Message] = []  # what a rerun reads before the connection again
        started = False

        async def receive_again() -> Message:
            if replay:
                return replay.pop(0)
            message = await receive()
            if message["type"] == "http.request":
                read.append(message)
            return message

        async def send_tracking(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        attempt = 0
        while True:
            attempt += 1
            run_scope = dict(scope)
            try:
                await self.app(run_scope, receive_again, send_tracking)
                return
            except Exception as error:
                if started:
                    raise
                session: RequestSession | None = run_scope.get(REQUEST_SESSION)
                committed = session is not None and session.committed
                pause = rerun_pause(error, committed=committed, attempt=attempt)
                if pause is None:
                    raise
            replay[:] = read
            await asyncio.sleep(pause)
