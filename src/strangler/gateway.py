"""The strangler-fig gateway: one ASGI app in front of a legacy WSGI app and a new ASGI app.

Per request the work is a prefix test, a cached werkzeug route match and one dictionary lookup; the
choice of stack for every endpoint is computed when the flags are applied, not per request. Only
canaries between 0 and 100% pay more: a hash of the caller picks their stack. Shadow endpoints are
answered by the legacy stack, and their reads replayed on the new one afterwards
(`strangler.shadow`). Every request is observed once on its way out (`strangler.observation`), for
metrics and recent traffic.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send
from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, MapAdapter

from strangler.canary import CanarySplit
from strangler.endpoints import endpoint_key
from strangler.fallback import ModernGuard
from strangler.flags import Flag, Mode
from strangler.observation import (
    GATEWAY_LABEL,
    MODERN_LABEL,
    SERVED_BY,
    UNMATCHED_LABEL,
    RequestObserver,
)
from strangler.shadow import ShadowRunner

# A lifespan hook: a plain call, or a coroutine the lifespan awaits (to stop a background task).
Hook = Callable[[], Awaitable[None] | None]
KEY_CACHE_SIZE = 4096


@dataclass(frozen=True, slots=True)
class Backend:
    """A stack the gateway can send a request to, and the name it reports in `X-Served-By`."""

    name: str
    app: ASGIApp

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve the request, stamping the response with this backend's name."""
        label = self.name.encode()

        async def send_stamped(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), (SERVED_BY, label)]
            await send(message)

        await self.app(scope, receive, send_stamped)


class Gateway:
    """Route `/api/*` per flag, new-stack paths to it, `/_gateway/` to admin, the rest to legacy."""

    def __init__(
        self,
        *,
        legacy: ASGIApp,
        modern: ASGIApp,
        legacy_map: Map,
        flags: Mapping[str, Flag],
        legacy_prefix: str = "/api/",
        modern_paths: Sequence[str] = ("/api/v2", "/docs", "/openapi.json"),
        modern_prefixes: Sequence[str] = ("/api/v2/", "/docs/"),
        admin_prefix: str = "/_gateway/",
        on_startup: Sequence[Hook] = (),
        on_shutdown: Sequence[Hook] = (),
        shadow_masks: Mapping[str, Iterable[str]] | None = None,
    ) -> None:
        self.legacy = Backend(Mode.FLASK.value, legacy)
        self.modern = Backend(Mode.FASTAPI.value, modern)
        self.legacy_prefix = legacy_prefix
        self.modern_paths = frozenset(modern_paths)
        self.modern_prefixes = tuple(modern_prefixes)
        self.admin_prefix = admin_prefix
        self.admin: Backend | None = None  # the gateway's own API, mounted by `build_gateway`
        # Exact paths under the admin prefix the gateway answers itself, even without the admin app.
        self.own_paths: dict[str, Backend] = {}
        self.on_startup = tuple(on_startup)
        self.on_shutdown = tuple(on_shutdown)
        self._adapter: MapAdapter = legacy_map.bind("gateway")
        self.guard = ModernGuard(self.legacy, self.modern)
        self.shadow = ShadowRunner(self.legacy, self.modern, shadow_masks)
        self._shadowed: frozenset[str] = frozenset()
        self._targets: dict[str, Backend | CanarySplit] = {}
        self._keys: dict[tuple[str, str], str] = {}
        self.observer = RequestObserver()
        self.flips: Counter[tuple[str, str]] = Counter()  # (key, new mode): changes applied
        self.flags: dict[str, Flag] = {}
        self.apply(flags)

    def apply(self, flags: Mapping[str, Flag]) -> None:
        """Switch to a new set of flags; requests already in flight keep their stack."""
        targets: dict[str, Backend | CanarySplit] = {}
        for key, flag in flags.items():
            if flag.mode is Mode.FASTAPI or (flag.mode is Mode.CANARY and flag.percent == 100):
                targets[key] = self.modern  # a whole canary needs no caller hashed per request
            elif flag.mode is Mode.CANARY and flag.percent:
                targets[key] = CanarySplit(flag.group or key, flag.percent)
            else:
                targets[key] = self.legacy  # shadow too: the legacy stack answers its clients
            before = self.flags.get(key)
            if before is not None and before.mode is not flag.mode:
                self.flips[key, flag.mode.value] += 1
        shadowed = frozenset(key for key, flag in flags.items() if flag.mode is Mode.SHADOW)
        self.flags, self._targets, self._shadowed = dict(flags), targets, shadowed

    def route(self, method: str, path: str, scope: Scope | None = None) -> tuple[str, Backend]:
        """Pick the stack for a request and name the legacy endpoint it is ("" when none).

        `scope` identifies the caller of a canary endpoint; without it the caller is anonymous.
        """
        if path in self.modern_paths or path.startswith(self.modern_prefixes):
            return "", self.modern
        if not path.startswith(self.legacy_prefix):
            if path.startswith(self.admin_prefix):
                own = self.own_paths.get(path, self.admin)
                if own is not None:
                    return "", own
            return "", self.legacy
        key = self._keys.get((method, path))
        if key is None:
            key = self._match(method, path)
        target = self._targets.get(key, self.legacy)
        if isinstance(target, CanarySplit):
            return key, self.modern if target.sends_to_modern(scope) else self.legacy
        return key, target

    def _match(self, method: str, path: str) -> str:
        # HEAD follows GET. Unknown paths, wrong methods and redirects get the empty key, which
        # no flag names, so the legacy app gives its JSON 404 or 405.
        lookup = "GET" if method == "HEAD" else method
        try:
            rule, _ = self._adapter.match(path, lookup, return_rule=True)
            key = endpoint_key(lookup, rule.rule)
        except HTTPException:
            key = ""
        if len(self._keys) >= KEY_CACHE_SIZE:
            self._keys.clear()  # ids in paths make the set of paths unbounded
        self._keys[(method, path)] = key
        return key

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Dispatch HTTP requests; run the new stack's lifespan as the gateway's own."""
        if scope["type"] == "http":
            key, backend = self.route(scope["method"], scope["path"], scope)
            label = key or self._label(scope["path"], backend)
            observation = self.observer.start(key, label, backend.name, send)
            try:
                await self._dispatch(key, backend, scope, receive, observation.send)
            finally:
                observation.end()
        elif scope["type"] == "lifespan":
            await self._lifespan(scope, receive, send)
        else:
            await self.modern(scope, receive, send)

    async def _dispatch(
        self, key: str, backend: Backend, scope: Scope, receive: Receive, send: Send
    ) -> None:
        if key and backend is self.modern:
            await self.guard.serve(key, scope, receive, send)
        elif key in self._shadowed:
            await self.shadow.serve(key, scope, receive, send)
        else:
            await backend(scope, receive, send)

    def _label(self, path: str, backend: Backend) -> str:
        # Requests naming no legacy endpoint share a few labels, so clients' paths cannot
        # multiply the metrics' series.
        if backend is self.modern:
            return MODERN_LABEL
        return GATEWAY_LABEL if path.startswith(self.admin_prefix) else UNMATCHED_LABEL

    async def _lifespan(self, scope: Scope, receive: Receive, send: Send) -> None:
        # The new stack's lifespan is the gateway's; the legacy app has none (WSGI), so its
        # resources are acquired by the startup hooks before the new stack starts, and released
        # by the shutdown hooks before the server hears "complete".
        async def receive_after_hooks() -> Message:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await _run_hooks(self.on_startup)
            return message

        async def send_after_hooks(message: Message) -> None:
            if message["type"] in {"lifespan.shutdown.complete", "lifespan.shutdown.failed"}:
                await _run_hooks(self.on_shutdown)
            await send(message)

        await self.modern.app(scope, receive_after_hooks, send_after_hooks)


async def _run_hooks(hooks: Sequence[Hook]) -> None:
    for hook in hooks:
        result = hook()
        if result is not None:
            await result
