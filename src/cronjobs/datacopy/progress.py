"""Progress of a copy, one table at a time: a bar on a terminal, plain periodic lines otherwise."""

from __future__ import annotations

import time
from typing import TextIO

BAR_WIDTH = 30
LINE_EVERY_SECONDS = 5.0


class Progress:
    """Reports rows done out of a table's total while it is copied."""

    def __init__(self, out: TextIO, *, interactive: bool | None = None) -> None:
        self.out = out
        self.interactive = out.isatty() if interactive is None else interactive
        self._table, self._total, self._done = "", 0, 0
        self._started = self._last_line = 0.0

    def start(self, table: str, total: int) -> None:
        """Begin a table of `total` rows."""
        self._table, self._total, self._done = table, total, 0
        self._started = self._last_line = time.monotonic()
        if not self.interactive:
            self._line(f"{table}: copying {total:,} rows")
        self._draw()

    def advance(self, rows: int) -> None:
        """Count `rows` more rows done."""
        self._done += rows
        now = time.monotonic()
        if self.interactive:
            self._draw()
        elif now - self._last_line >= LINE_EVERY_SECONDS:
            self._last_line = now
            self._line(f"{self._table}: {self._done:,}/{self._total:,} rows ({self._percent()}%)")

    def finish(self) -> None:
        """End the current table."""
        seconds = time.monotonic() - self._started
        if self.interactive:
            self._draw()
            self.out.write("\n")
            self.out.flush()
        else:
            self._line(f"{self._table}: done, {self._done:,} rows in {seconds:.1f} s")

    def _percent(self) -> int:
        return 100 if self._total <= 0 else min(100, self._done * 100 // self._total)

    def _draw(self) -> None:
        if not self.interactive:
            return
        filled = BAR_WIDTH * self._percent() // 100
        elapsed = max(time.monotonic() - self._started, 1e-9)
        self.out.write(
            f"\r{self._table:<30} [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] "
            f"{self._percent():3d}% {self._done:,}/{self._total:,} "
            f"{self._done / elapsed:,.0f} rows/s"
        )
        self.out.flush()

    def _line(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()
