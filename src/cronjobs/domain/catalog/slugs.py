"""The slug rule of spec §1.9."""

from __future__ import annotations

import re

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(value: str) -> str:
    """Trim, lower-case, turn every run of other characters into `-`, and strip the ends."""
    return _NOT_SLUG.sub("-", value.strip().lower()).strip("-")
