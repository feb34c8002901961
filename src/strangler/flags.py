"""Cutover flags: which stack serves each endpoint, from `cutover.toml` and a default."""

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


class CutoverError(ValueError):
    """The declared cutover cannot be applied (unknown key, bad mode, unimplemented endpoint)."""


@dataclass(frozen=True, slots=True)
class Flag:
    """The mode in force for one endpoint and where it came from (`file` or `default`)."""

    endpoint: Endpoint
    mode: Mode
    source: str


def parse_mode(value: object, where: str) -> Mode:
    """Read a mode name, failing with a message that says where it was written."""
    try:
        return Mode(str(value))
    except ValueError:
        allowed = ", ".join(mode.value for mode in Mode)
        raise CutoverError(
            f"{where}: unknown mode {value!r} (expected one of: {allowed})"
        ) from None


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
    return {key: parse_mode(value, f"{file}: {key!r}") for key, value in table.items()}


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
            if mode is Mode.FASTAPI and not endpoint.implemented:
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
