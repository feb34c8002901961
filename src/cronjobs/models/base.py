"""Declarative base and the column conventions shared by every legacy table."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase


def new_id() -> str:
    """Return a new UUID4 primary key, as the legacy service generated them."""
    return str(uuid.uuid4())


def utcnow() -> datetime:
    """Return the current UTC time as a naive wall-clock value (spec §5)."""
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    """Base of every table; one metadata for the legacy schema and the project's tables."""

    metadata = MetaData()
