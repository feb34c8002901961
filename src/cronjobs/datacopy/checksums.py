"""A checksum of a table's contents, fed row by row in primary-key order.

Both sides of a comparison are read the same way (as stored between databases of one engine,
through the models' column types across engines), so equal rows have equal `repr`s: a datetime
is a `datetime` on both sides, 1 and "1" and True stay apart. SHA-256 over the rows' reprs.
"""

from __future__ import annotations

import hashlib

from cronjobs.datacopy.streams import Row


class TableChecksum:
    """A running count and SHA-256 of one side's rows, fed in primary-key order."""

    def __init__(self) -> None:
        self.rows = 0
        self._digest = hashlib.sha256()

    def add_batch(self, rows: list[Row]) -> None:
        """Feed a batch of rows."""
        self.rows += len(rows)
        self._digest.update("\n".join(map(repr, rows)).encode("utf-8", "surrogatepass") + b"\n")

    @property
    def hexdigest(self) -> str:
        """Return the checksum so far."""
        return self._digest.hexdigest()
