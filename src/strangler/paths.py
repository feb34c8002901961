"""Which request paths the gateway routes by cutover flag, and which always go to the new stack."""

from __future__ import annotations

from dataclasses import dataclass

ADMIN_PREFIX = "/_gateway/"


@dataclass(frozen=True, slots=True)
class GatewayPaths:
    """The paths of a host application, as the gateway splits them.

    A path under one of `legacy_prefixes` is matched against the legacy app's routes and sent
    where its endpoint's flag says (`("/",)` routes every path by flag). `modern_paths` (exact)
    and `modern_prefixes` always go to the new stack: its own API version, its docs. Everything
    else goes to the legacy app as it is. The gateway's own paths (`/_gateway/…`) come first.
    """

    legacy_prefixes: tuple[str, ...] = ("/api/",)
    modern_paths: tuple[str, ...] = ("/api/v2", "/docs", "/openapi.json")
    modern_prefixes: tuple[str, ...] = ("/api/v2/", "/docs/")

    def __post_init__(self) -> None:
        for path in (*self.legacy_prefixes, *self.modern_paths, *self.modern_prefixes):
            if not path.startswith("/"):
                raise ValueError(f"gateway paths start with '/': {path!r}")
            if path.startswith(ADMIN_PREFIX):
                raise ValueError(f"{path!r} is under the gateway's own {ADMIN_PREFIX}")
        if not self.legacy_prefixes:
            raise ValueError("name at least one legacy prefix ('/' for every path)")


DEFAULT_PATHS = GatewayPaths()
