"""The two stacks as the gateway's backends, and which one serves each legacy endpoint.

The choice of stack for every endpoint is computed when the flags are applied, not per request;
only canaries between 0 and 100% hash their caller per request. The table is built before the
gateway and shared: the gateway routes by it, the run-time cutover applies flags to it, and the
metrics and the admin API read its flags.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from strangler.canary import CanarySplit
from strangler.flags import Flag, Mode
from strangler.observation import SERVED_BY


@dataclass(frozen=True, slots=True)
class Backend:
    """A stack the gateway can send a request to, and the name it reports in `X-Served-By`."""

    name: str
    app: ASGIApp
    label: bytes = field(init=False)  # the name as the header's value

    def __post_init__(self) -> None:
        object.__setattr__(self, "label", self.name.encode())

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve the request, stamping the response with this backend's name."""
        label = self.label

        async def send_stamped(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", ()), (SERVED_BY, label)]
            await send(message)

        await self.app(scope, receive, send_stamped)


class RoutingTable:
    """The flags in force, and per legacy endpoint the stack (or canary split) they send it to."""

    def __init__(self, legacy: ASGIApp, modern: ASGIApp, flags: Mapping[str, Flag]) -> None:
        self.legacy = Backend(Mode.FLASK.value, legacy)
        self.modern = Backend(Mode.FASTAPI.value, modern)
        self.flips: Counter[tuple[str, str]] = Counter()  # (key, new mode): changes applied
        self.flags: dict[str, Flag] = {}
        self.shadowed: frozenset[str] = frozenset()
        self._targets: dict[str, Backend | CanarySplit] = {}
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
        self.flags, self._targets, self.shadowed = dict(flags), targets, shadowed

    def target(self, key: str, scope: Scope | None) -> Backend:
        """Pick the stack for a request of endpoint `key`; no flag names "", so it goes to legacy.

        `scope` identifies the caller of a canary endpoint; without it the caller is anonymous.
        """
        target = self._targets.get(key, self.legacy)
        if isinstance(target, CanarySplit):
            return self.modern if target.sends_to_modern(scope) else self.legacy
        return target
