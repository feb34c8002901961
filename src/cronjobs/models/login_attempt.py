"""The project's `login_attempts` table: the state login throttling shares across gateways (D23).

One row per login attempt a gateway let through: it is deleted when the attempt was not a failed
login, kept (as a failure) when it was, and pruned once older than the window. It has a metadata
of its own, like the gateway's cutover tables: it is process state, not data, so the data copy
and the baseline adoption (which compare `Base.metadata`) never see it; the schema revisions do.
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table

THROTTLE_METADATA = MetaData()
USERNAME_KEY_LENGTH = 64  # a SHA-256 digest in hex: any identifier, never stored as typed
ADDRESS_LENGTH = 64  # an IPv6 address with a zone index fits; longer ones are cut

login_attempts = Table(
    "login_attempts",
    THROTTLE_METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    # Null once a successful login reset the username's count (the row still counts for the
    # address), or when the request named no username.
    Column("username_key", String(USERNAME_KEY_LENGTH), nullable=True, index=True),
    Column("address", String(ADDRESS_LENGTH), nullable=True, index=True),
    Column("attempted_at", DateTime, nullable=False, index=True),
)
