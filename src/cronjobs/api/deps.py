"""FastAPI dependencies, named once: the request's session, its body and its user."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Collection, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Request

from cronjobs.api.middleware import CLIENT_WATCH, REQUEST_SESSION
from cronjobs.api.sessions import RequestSession
from cronjobs.domain.accounts.access import ADMIN, ADMIN_OR_USER, require_role
from cronjobs.domain.accounts.auth import active_user
from cronjobs.domain.accounts.tokens import TokenCodec
from cronjobs.domain.common.body import RequestBody
from cronjobs.domain.common.context import Service
from cronjobs.domain.common.headers import joined
from cronjobs.domain.common.query import QueryArgs
from cronjobs.domain.common.transactions import wants_write
from cronjobs.domain.runs.runner import JobRunner
from cronjobs.models import User
from cronjobs.storage.engines import SyncSessions


async def get_session(request: Request) -> AsyncIterator[RequestSession]:
    """Yield the request's session; commit before the response is sent, roll back on error."""
    sessions: SyncSessions = request.app.state.sessions
    write = wants_write(request.method, request.scope.get("endpoint"))
    session = RequestSession(
        sessions.write if write else sessions.read,
        request.app.state.step_threads,
        write=write,
        watch=request.scope.get(CLIENT_WATCH),
    )
    request.scope[REQUEST_SESSION] = session
    try:
        yield session
    except BaseException:
        await session.finish(commit=False)
        raise
    await session.finish(commit=True)


SessionDep = Annotated[RequestSession, Depends(get_session, scope="function")]


async def get_body(request: Request) -> RequestBody:
    """Return the raw body and Content-Type of the request."""
    return RequestBody(await request.body(), joined(request.headers.getlist("content-type")))


BodyDep = Annotated[RequestBody, Depends(get_body)]


async def get_service(request: Request) -> Service:
    """Return the app's service context (settings and scheduler)."""
    service: Service = request.app.state.service
    return service


ServiceDep = Annotated[Service, Depends(get_service)]


async def get_tokens(request: Request) -> TokenCodec:
    """Return the app's token codec."""
    codec: TokenCodec = request.app.state.tokens
    return codec


TokensDep = Annotated[TokenCodec, Depends(get_tokens)]


async def get_runner(request: Request) -> JobRunner:
    """Return a runner on this app's database, for a worker thread (its sessions are sync)."""
    return JobRunner(request.app.state.run_sessions, request.app.state.service)


RunnerDep = Annotated[JobRunner, Depends(get_runner)]


def _authenticated(
    roles: Collection[str] = (), *, refresh: bool = False
) -> Callable[[Request, RequestSession, TokenCodec], Coroutine[Any, Any, User]]:
    async def dependency(request: Request, session: SessionDep, tokens: TokensDep) -> User:
        # Repeated headers reach Flask joined by commas (WSGI); read them the same way.
        authorization = joined(request.headers.getlist("authorization")) or ""
        claims = tokens.authenticate(authorization, refresh=refresh)
        user = await session.run_sync(active_user, claims["sub"])
        if roles:
            require_role(user, roles)
        return user

    # Read by api/openapi.py, which names the token each operation needs.
    dependency.bearer_token = "refresh" if refresh else "access"  # type: ignore[attr-defined]
    return dependency


CurrentUser = Annotated[User, Depends(_authenticated())]
AdminUser = Annotated[User, Depends(_authenticated(ADMIN))]
WriterUser = Annotated[User, Depends(_authenticated(ADMIN_OR_USER))]
RefreshUser = Annotated[User, Depends(_authenticated(refresh=True))]


async def get_query(request: Request) -> QueryArgs:
    """Return the query string for the domain: each parameter's first value (legacy rule)."""
    # The one place this stack reads query parameters: Starlette's `query_params.get` would
    # return the last of repeated values where Flask's `args.get` returns the first.
    return QueryArgs(request.query_params.multi_items())


QueryDep = Annotated[QueryArgs, Depends(get_query)]
