"""The strangler-fig gateway: one ASGI app in front of a legacy WSGI app and a new ASGI app.

Per request the work is a prefix test, a cached werkzeug route match and one dictionary lookup; the
choice of stack for every endpoint is computed when the flags are applied, not per request
(`strangler.routing`). Only canaries between 0 and 100% pay more: a hash of the caller picks their
stack. Shadow endpoints are answered by the legacy stack, and their reads replayed on the new one
afterwards (`strangler.shadow`). Every request is observed once on its way out
(`strangler.observation`), for metrics and recent traffic.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence

from starlette.types import ASGIApp, Message, Receive, Scope, Send
from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, MapAdapter

from strangler.endpoints import endpoint_key
from strangler.fallback import ModernGuard
from strangler.observation import GATEWAY_LABEL, MODERN_LABEL, UNMATCHED_LABEL, RequestObserver
from strangler.paths import ADMIN_PREFIX, DEFAULT_PATHS, GatewayPaths
from strangler.routing import Backend, RoutingTable
from strangler.shadow import ShadowRunner

# A lifespan hook: a plain call, or a coroutine the lifespan awaits (to stop a background task).
Hook = Callable[[], Awaitable[None] | None]
KEY_CACHE_SIZE = 4096
GATEWAY_BACKEND = "gateway"  # what `X-Served-By` names for the answers the gateway gives itself


class Gateway:
    """Route legacy-prefixed paths per flag, new-stack paths to it, `/_gateway/` to admin, the rest
    to legacy (`paths` says which are which; by default `/api/*` per flag, `/api/v2` new).

    The parts it serves with are built first and handed in, so the run-time cutover, the admin
    API and the metrics can share them: `routes` (the flags in force), `guard` (new-stack
    requests, with fallback), `shadow` (shadowed endpoints) and `observer` (every request).
    `admin` answers under `admin_prefix`, except the exact paths of `own_paths`.
    """

    def __init__(
        self,
        routes: RoutingTable,
        *,
        legacy_map: Map,
        guard: ModernGuard,
        shadow: ShadowRunner,
        observer: RequestObserver,
        admin: ASGIApp | None = None,
        own_paths: Mapping[str, ASGIApp] | None = None,
        paths: GatewayPaths = DEFAULT_PATHS,
        on_startup: Sequence[Hook] = (),
        on_shutdown: Sequence[Hook] = (),
    ) -> None:
        self.routes = routes
        self.legacy = routes.legacy
        self.modern = routes.modern
        self.guard = guard
        self.shadow = shadow
        self.observer = observer
        self.admin = None if admin is None else Backend(GATEWAY_BACKEND, admin)
        # Exact paths under the admin prefix the gateway answers itself, even without the admin app.
        self.own_paths = {
            path: Backend(GATEWAY_BACKEND, app) for path, app in (own_paths or {}).items()
        }
        self.legacy_prefixes = paths.legacy_prefixes
        self.modern_paths = frozenset(paths.modern_paths)
        self.modern_prefixes = paths.modern_prefixes
        self.admin_prefix = ADMIN_PREFIX
        self.on_startup = tuple(on_startup)
        self.on_shutdown = tuple(on_shutdown)
        self._adapter: MapAdapter = legacy_map.bind("gateway")
        self._keys: dict[tuple[str, str], str] = {}

    def route(self, method: str, path: str, scope: Scope | None = None) -> tuple[str, Backend]:
        """Pick the stack for a request and name the legacy endpoint it is ("" when none).

        `scope` identifies the caller of a canary endpoint; without it the caller is anonymous.
        """
        if path in self.modern_paths or path.startswith(self.modern_prefixes):
            return "", self.modern
        if path.startswith(self.admin_prefix):
            own = self.own_paths.get(path, self.admin)
            return "", self.legacy if own is None else own
        if not path.startswith(self.legacy_prefixes):
            return "", self.legacy
        key = self._keys.get((method, path))
        if key is None:
            key = self._match(method, path)
        return key, self.routes.target(key, scope)

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
            guarded = bool(key) and backend is self.modern
            shadowed = key in self.routes.shadowed
            # Straight to the stack, the observation stamps `X-Served-By` as `backend` would, so
            # each response message passes one wrapper here instead of two.
            stamp = None if guarded or shadowed else backend.label
            observation = self.observer.start(key, label, backend.name, send, stamp)
            try:
                if guarded:
                    await self.guard.serve(key, scope, receive, observation.send)
                elif shadowed:
                    await self.shadow.serve(key, scope, receive, observation.send)
                else:
                    await backend.app(scope, receive, observation.send)
            finally:
                observation.end()
        elif scope["type"] == "lifespan":
            await self._lifespan(scope, receive, send)
        else:
            await self.modern(scope, receive, send)

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
