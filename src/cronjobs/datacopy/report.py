"""The summary a copy ends with: one row per table, then the verification result."""

from __future__ import annotations

from collections.abc import Sequence

from cronjobs.datacopy.copier import TableReport
from cronjobs.datacopy.verify import TableCheck

HEADERS = ("table", "read", "inserted", "updated", "unchanged", "pruned", "seconds")


def summary_table(reports: Sequence[TableReport], *, dry_run: bool) -> str:
    """Render the per-table counts as an aligned text table with a total row."""
    counts = [(r.read, r.inserted, r.updated, r.unchanged, r.pruned) for r in reports]
    totals = [sum(column) for column in zip(*counts, strict=True)] if counts else [0] * 5
    rows = [
        [report.table, *map(str, numbers), f"{report.seconds:.2f}"]
        for report, numbers in zip(reports, counts, strict=True)
    ]
    rows.append(["total", *map(str, totals), f"{sum(r.seconds for r in reports):.2f}"])
    headers = list(HEADERS)
    if dry_run:
        headers[2:6] = ["would insert", "would update", "unchanged", "would prune"]
    text_rows = [headers, *rows]
    widths = [max(len(row[index]) for row in text_rows) for index in range(len(headers))]
    lines = [
        "  ".join(
            cell.ljust(width) if index == 0 else cell.rjust(width)
            for index, (cell, width) in enumerate(zip(row, widths, strict=True))
        )
        for row in text_rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    lines.insert(len(lines) - 1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def verification_lines(checks: Sequence[TableCheck]) -> list[str]:
    """Render the verification: a verdict, then one line per table."""
    different = [check for check in checks if not check.identical]
    verdict = (
        f"Verification FAILED: {len(different)} of {len(checks)} tables differ."
        if different
        else f"Verification passed: {len(checks)} tables identical (row counts and checksums)."
    )
    return [verdict, *(f"  {check.describe()}" for check in checks)]
