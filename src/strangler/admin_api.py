"""The gateway's admin API under `/_gateway/api/`: read and change the run-time cutover.

A small Starlette app the gateway serves itself. Who may use it is the service's decision: it
passes `authorize`, which reads the request headers (one value per name, repeated headers joined
by commas) and returns the admin's name or raises `AdminDenied` with 401 (no or bad credentials)
or 403 (not an admin). Store and authorisation work is synchronous (SQLAlchemy), so it runs in
Starlette's thread pool.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from sqlalchemy.exc import SQLAlchemyError
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from strangler.fallback import ModernGuard
from strangler.flags import CutoverError, Flag, Setting, UnknownEndpoint, parse_mode
from strangler.observation import RequestObserver
from strangler.override_store import Change
from strangler.runtime import RuntimeCutover
from strangler.shadow import ShadowRunner

ADMIN_API_PREFIX = "/_gateway/api"
# The header a client names itself with in the audit trail; the dashboard sends "dashboard".
SOURCE_HEADER = "X-Cutover-Source"
CLIENT_SOURCES = ("api", "dashboard")
log = logging.getLogger(__name__)


class AdminDenied(Exception):
    """The caller may not use the admin API: 401 without valid credentials, 403 without rights."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


Authorize = Callable[[Mapping[str, str]], str]


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def endpoint_json(
    flag: Flag,
    last_change: Change | None,
    fallbacks: int,
    shadow: dict[str, Any],
    traffic: dict[str, Any],
) -> dict[str, Any]:
    """Describe one endpoint as the admin API lists it, with its shadow and traffic summaries."""
    return {
        "key": flag.endpoint.key,
        "implemented_in": list(flag.endpoint.implemented_in),
        "mode": flag.mode.value,
        "percent": flag.percent,
        "group": flag.group,
        "source": flag.source,
        "fallbacks": fallbacks,
        "shadow": shadow,
        "traffic": traffic,
        "last_change": last_change.as_json() if last_change else None,
    }


async def _body_setting(request: Request, key: str) -> tuple[Setting, str]:
    try:
        body = json.loads(await request.body())
    except (ValueError, RecursionError):  # RecursionError: nested deeper than the parser goes
        raise AdminDenied(422, "the body must be JSON") from None
    if not isinstance(body, dict):
        raise AdminDenied(422, 'the body must be a JSON object: {"mode": ..., "reason": ...}')
    reason = body.get("reason", "")
    if not isinstance(reason, str):
        raise AdminDenied(422, "reason must be a string")
    setting = Setting(parse_mode(body.get("mode"), key), body.get("percent"), body.get("group"))
    return setting, reason


def _change_source(request: Request) -> str:
    source = request.headers.get(SOURCE_HEADER, "api")
    if source not in CLIENT_SOURCES:
        allowed = " or ".join(CLIENT_SOURCES)
        raise AdminDenied(400, f"{SOURCE_HEADER} must be {allowed}, not {source!r}")
    return source


def joined_headers(request: Request) -> dict[str, str]:
    """Return one value per header name, repeated headers joined by commas as WSGI joins them.

    So `authorize` sees two Authorization headers as the service's stacks do, and refuses them.
    """
    values: dict[str, list[str]] = {}
    for name, value in request.headers.items():
        values.setdefault(name, []).append(value)
    return {name: ",".join(parts) for name, parts in values.items()}


View = Callable[[Request, str], Awaitable[Response]]


def _guarded(authorize: Authorize, view: View) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        # One place authorises and turns every refusal into a JSON error, whatever the route.
        try:
            who = await run_in_threadpool(authorize, joined_headers(request))
            return await view(request, who)
        except AdminDenied as denied:
            return _error(denied.status, denied.message)
        except UnknownEndpoint as error:
            return _error(404, str(error))
        except CutoverError as error:
            return _error(400, str(error))
        except SQLAlchemyError:
            # The store's database is down or refused the write: nothing changed, say so.
            log.exception("admin API: the cutover store failed")
            return _error(503, "the cutover store is unavailable; nothing was changed, try again")

    return endpoint


def build_admin_api(
    runtime: RuntimeCutover,
    authorize: Authorize,
    guard: ModernGuard,
    shadow: ShadowRunner,
    observer: RequestObserver,
) -> Starlette:
    """Build the admin API app; its routes carry the full `/_gateway/api/...` paths.

    It changes the cutover through `runtime`, and reads each endpoint's fallbacks, shadow results
    and traffic from the gateway's `guard`, `shadow` and `observer`.
    """
    routes = runtime.routes

    def describe(flag: Flag, last_change: Change | None) -> dict[str, Any]:
        key = flag.endpoint.key
        return endpoint_json(
            flag,
            last_change,
            guard.fallbacks[key],
            shadow.record.summary(key),
            observer.traffic.summary(key),
        )

    async def list_endpoints(_request: Request, _who: str) -> Response:
        last = await run_in_threadpool(runtime.store.last_changes)
        flags = routes.flags  # one set of flags for the whole list, even if a change lands
        return JSONResponse([describe(flag, last.get(key)) for key, flag in flags.items()])

    async def shadow_mismatches(request: Request, _who: str) -> Response:
        samples = shadow.record.samples(request.query_params.get("key"))
        return JSONResponse([sample.as_json() for sample in samples])

    async def history(request: Request, _who: str) -> Response:
        key = request.query_params.get("key")
        changes = await run_in_threadpool(runtime.store.history, key)
        return JSONResponse([change.as_json() for change in changes])

    async def change_endpoint(request: Request, who: str) -> Response:
        key = request.path_params["key"]
        source = _change_source(request)
        if request.method == "DELETE":
            reason = request.query_params.get("reason", "")
            change = await run_in_threadpool(
                lambda: runtime.unset(key, who=who, source=source, reason=reason)
            )
        else:
            setting, reason = await _body_setting(request, key)
            change = await run_in_threadpool(
                lambda: runtime.set(key, setting, who=who, source=source, reason=reason)
            )
        endpoint = describe(routes.flags[change.key], change)
        return JSONResponse({"endpoint": endpoint, "change": change.as_json()})

    def route(path: str, view: View, methods: list[str]) -> Route:
        return Route(f"{ADMIN_API_PREFIX}{path}", _guarded(authorize, view), methods=methods)

    return Starlette(
        routes=[
            route("/endpoints", list_endpoints, ["GET"]),
            route("/endpoints/{key:path}", change_endpoint, ["PUT", "DELETE"]),
            route("/history", history, ["GET"]),
            route("/shadow/mismatches", shadow_mismatches, ["GET"]),
        ],
        exception_handlers={HTTPException: _http_error},
    )


async def _http_error(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return _error(exc.status_code, str(exc.detail))
