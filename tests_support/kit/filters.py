"""Request helpers shared by the list-endpoint case tables: query strings, pinned sizes, §1.6.

The §1.6 error bodies are the same on the execution and the notification endpoints (D8).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypeVar
from urllib.parse import urlencode

INVALID_DATE = {
    "error": "Invalid date",
    "message": "Invalid date format. Use YYYY-MM-DD or ISO datetime.",
}
HIDDEN_INVALID_DATE = {"error": "Invalid date", "message": "Invalid date"}  # details hidden
INVALID_RANGE = {"error": "Invalid date range", "message": '"from" must be earlier than "to".'}
Item = TypeVar("Item")
# A mapping, or pairs where a name may repeat: `[("page", "2"), ("page", "3")]`.
Params = Mapping[str, str] | Sequence[tuple[str, str]]


def url(path: str, params: Params | None = None) -> str:
    """Return a path with its query string encoded (`+09:00` must not become a space)."""
    return f"{path}?{urlencode(params)}" if params else path


def exactly(count: int, items: list[Item]) -> list[Item]:
    """Pin the size of an expected list."""
    assert len(items) == count, len(items)
    return items
