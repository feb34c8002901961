"""Cutover flags: which stack serves each endpoint, from overrides, `cutover.toml` and a default."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from strangler.endpoints import Endpoint


class Mode(StrEnum):
    """Where an endpoint's traffic goes."""

    FLASK = "flask"
    FASTAPI = "fastapi"
    SHADOW = "shadow"
    CANARY = "canary"

    @property
    def needs_modern(self) -> bool:
        """Tell whether this mode sends any request to the new stack, which must implement it."""
        return self is not Mode.FLASK


class CutoverError(ValueError):
    """The declared cutover cannot be applied (unknown key, bad mode, unimplemented endpoint)."""


class UnknownEndpoint(CutoverError):
    """A key names no endpoint of the legacy app."""


@dataclass(frozen=True, slots=True)
class Setting:
    """A mode as an operator sets it: canary carries its share of callers and, maybe, a group.

    The group is a key pattern: endpoints whose canary shares one group bucket a caller alike, so
    the caller sees one stack across them. Without one, the endpoint's key is its own group.
    """

    mode: Mode
    percent: int | None = None
    group: str | None = None

    def __str__(self) -> str:
        if self.mode is not Mode.CANARY:
            return self.mode.value
        return f"canary {self.percent}%" + (f" group {self.group}" if self.group else "")


@dataclass(frozen=True, slots=True)
class Flag:
    """The setting in force for one endpoint and where it came from (override, file, default)."""

    endpoint: Endpoint
    mode: Mode
    source: str
    percent: int | None = None
    group: str | None = None

    @property
    def setting(self) -> Setting:
        """Return the mode, percentage and group without the endpoint and source."""
        return Setting(self.mode, self.percent, self.group)


# The file declares where an endpoint lives; shadow and canary are operators' run-time experiments.
FILE_MODES = (Mode.FLASK, Mode.FASTAPI)
GROUP_LENGTH = 255


def parse_mode(value: object, where: str, allowed: tuple[Mode, ...] = tuple(Mode)) -> Mode:
    """Read a mode name, failing with a message that says where it was written."""
    if isinstance(value, str) and value in {mode.value for mode in allowed}:
        return Mode(value)
    names = ", ".join(mode.value for mode in allowed)
    raise CutoverError(f"{where}: unknown mode {value!r} (expected one of: {names})")


def check_setting(endpoint: Endpoint, setting: Setting) -> None:
    """Refuse a setting the endpoint cannot take: FastAPI traffic it lacks, a bad percentage."""
    if setting.mode.needs_modern and not endpoint.implemented:
        raise CutoverError(
            f"{endpoint.key!r}: cannot use {setting.mode.value}, FastAPI does not implement it"
        )
    if setting.mode is not Mode.CANARY:
        if setting.percent is not None or setting.group is not None:
            raise CutoverError(f"{endpoint.key!r}: only canary takes a percentage or a group")
        return
    group = setting.group
    if group is not None and (not isinstance(group, str) or not 0 < len(group) <= GROUP_LENGTH):
        raise CutoverError(f"{endpoint.key!r}: a group is a key pattern of 1 to 255 characters")
    percent = setting.percent
    if isinstance(percent, bool) or not isinstance(percent, int) or not 0 <= percent <= 100:
        raise CutoverError(f"{endpoint.key!r}: canary needs a percentage from 0 to 100")


def read_cutover_file(path: str | Path) -> dict[str, Mode]:
    """Read the `[endpoints]` table of a cutover file; a missing file declares nothing."""
    file = Path(path)
    if not file.exists():
        return {}
    try:
        document = tomllib.loads(file.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise CutoverError(f"{file}: not valid TOML: {exc}") from None
    table = document.get("endpoints", {})
    if not isinstance(table, dict):
        raise CutoverError(f'{file}: [endpoints] must be a table of "METHOD /path" = "mode"')
    return {key: parse_mode(value, f"{file}: {key!r}", FILE_MODES) for key, value in table.items()}


def resolve_flags(
    endpoints: Mapping[str, Endpoint], declared: Mapping[str, Mode], default: Mode
) -> dict[str, Flag]:
    """Give every endpoint its mode; refuse unknown keys and FastAPI for unimplemented ones.

    A declared `fastapi` for an endpoint the new stack lacks is refused. A `fastapi` default is a
    wish for the whole app, so it applies where it can and leaves the rest on flask (the ledger
    shows them as `default (not implemented)`).
    """
    unknown = sorted(set(declared) - set(endpoints))
    if unknown:
        raise CutoverError(f"cutover names endpoints the legacy app does not have: {unknown}")
    flags: dict[str, Flag] = {}
    refused: list[str] = []
    for key, endpoint in endpoints.items():
        if key in declared:
            mode, source = declared[key], "file"
            if mode.needs_modern and not endpoint.implemented:
                refused.append(key)
        elif default is Mode.FASTAPI and not endpoint.implemented:
            mode, source = Mode.FLASK, "default (not implemented)"
        else:
            mode, source = default, "default"
        flags[key] = Flag(endpoint, mode, source)
    if refused:
        raise CutoverError(
            "cannot send these endpoints to fastapi, which does not implement them: "
            + ", ".join(refused)
        )
    return flags


def apply_overrides(
    base: Mapping[str, Flag], overrides: Mapping[str, Setting]
) -> tuple[dict[str, Flag], list[str]]:
    """Lay run-time overrides over the file's flags; return the flags and the overrides ignored.

    Overrides are checked when written, but the code may change under them (an endpoint removed,
    or no longer implemented), so one that no longer fits is skipped, never fatal.
    """
    flags = dict(base)
    ignored: list[str] = []
    for key, setting in overrides.items():
        flag = base.get(key)
        try:
            if flag is None:
                raise CutoverError(f"{key!r}: no such endpoint")
            check_setting(flag.endpoint, setting)
        except CutoverError as error:
            ignored.append(str(error))
            continue
        flags[key] = Flag(flag.endpoint, setting.mode, "override", setting.percent, setting.group)
    return flags, ignored
