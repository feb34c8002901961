"""Comparing two stacks' answers: status, then body as JSON with volatile fields masked.

A mask is a JSON field name, masked wherever it occurs (`created_at`), or a dotted path from the
root where `*` stands for any key or list index (`items.*.id`). Masked values become one token on
both sides, so a field that differs only in its value matches, while a field missing on one side
still differs. Bodies that are not JSON compare as bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

MASKED = "<masked>"
MAX_DIFFERENCES = 20
MAX_VALUE_CHARS = 200
_NOT_JSON = object()


@dataclass(frozen=True, slots=True)
class Answer:
    """One stack's captured response: status and body (the body is complete unless too large)."""

    status: int
    body: bytes
    too_large: bool = False


@dataclass(frozen=True, slots=True)
class Difference:
    """One JSON path whose value differs, with both values shown briefly."""

    path: str
    legacy: str
    modern: str

    def as_json(self) -> dict[str, str]:
        """Describe the difference for the admin API."""
        return {"path": self.path, "flask": self.legacy, "fastapi": self.modern}


class Masks:
    """The volatile fields of one endpoint: names masked anywhere, paths masked where they point."""

    def __init__(self, masks: Iterable[str] = ()) -> None:
        masks = tuple(masks)
        self.names = frozenset(mask for mask in masks if "." not in mask)
        self.paths = tuple(tuple(mask.split(".")) for mask in masks if "." in mask)

    def hides(self, path: tuple[str, ...]) -> bool:
        """Tell whether the value at `path` is volatile."""
        if path and path[-1] in self.names:
            return True
        return any(_path_matches(pattern, path) for pattern in self.paths)

    def apply(self, value: Any, path: tuple[str, ...] = ()) -> Any:
        """Return `value` with every volatile field replaced by one token."""
        if path and self.hides(path):
            return MASKED
        if isinstance(value, dict):
            return {key: self.apply(item, (*path, str(key))) for key, item in value.items()}
        if isinstance(value, list):
            return [self.apply(item, (*path, str(index))) for index, item in enumerate(value)]
        return value


def _path_matches(pattern: tuple[str, ...], path: tuple[str, ...]) -> bool:
    return len(pattern) == len(path) and all(
        p in {"*", part} for p, part in zip(pattern, path, strict=True)
    )


def brief(text: str, limit: int = MAX_VALUE_CHARS) -> str:
    """Cut `text` to `limit` characters, marking the cut."""
    return text if len(text) <= limit else text[:limit] + "…"


def _parse(body: bytes) -> Any:
    try:
        return json.loads(body)
    except ValueError:  # UnicodeDecodeError is one too
        return _NOT_JSON


def differences(legacy: Answer, modern: Answer, masks: Masks) -> list[Difference]:
    """List where two complete answers differ (status first); an empty list means they match.

    JSON paths read `items[0].name`; the HTTP status and a non-JSON body have paths of their own.
    """
    found = []
    if legacy.status != modern.status:
        found.append(Difference("(http status)", str(legacy.status), str(modern.status)))
    old, new = _parse(legacy.body), _parse(modern.body)
    if old is _NOT_JSON or new is _NOT_JSON:
        if legacy.body != modern.body:
            old_text, new_text = (
                legacy.body.decode(errors="replace"),
                modern.body.decode(errors="replace"),
            )
            found.append(Difference("(body)", brief(old_text), brief(new_text)))
        return found
    _diff(masks.apply(old), masks.apply(new), "", found)
    return found


def _same_leaf(old: Any, new: Any) -> bool:
    # 1, 1.0 and True are equal in Python but not the same JSON answer.
    return type(old) is type(new) and old == new


def _diff(old: Any, new: Any, path: str, found: list[Difference]) -> None:
    if len(found) >= MAX_DIFFERENCES:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key in sorted(old.keys() | new.keys()):
            _diff(
                old.get(key, _MISSING),
                new.get(key, _MISSING),
                f"{path}.{key}" if path else str(key),
                found,
            )
    elif isinstance(old, list) and isinstance(new, list):
        for index in range(max(len(old), len(new))):
            old_item = old[index] if index < len(old) else _MISSING
            new_item = new[index] if index < len(new) else _MISSING
            _diff(old_item, new_item, f"{path}[{index}]", found)
    elif not _same_leaf(old, new):
        found.append(Difference(path or "(root)", _show(old), _show(new)))


_MISSING = object()  # a key or list item one side does not have


def _show(value: Any) -> str:
    # As JSON, so the string "1" and the number 1 show differently.
    return "(missing)" if value is _MISSING else brief(json.dumps(value, sort_keys=True))
