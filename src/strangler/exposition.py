"""The Prometheus text exposition format, version 0.0.4: metric families rendered as text.

Each family is a `# HELP` and a `# TYPE` line, then its samples, one a line:
`name{label="value",...} number`. Label values escape backslash, double quote and line feed;
help text escapes backslash and line feed. A histogram's samples are its cumulative `_bucket`
counts (each `le` bound, then `+Inf`), `_sum` and `_count`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
KINDS = frozenset({"counter", "gauge", "histogram"})
Labels = Sequence[tuple[str, str]]


def escape_label_value(value: str) -> str:
    """Escape a label value for a sample line."""
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def escape_help(text: str) -> str:
    """Escape help text for a `# HELP` line."""
    return text.replace("\\", "\\\\").replace("\n", "\\n")


def format_number(value: float) -> str:
    """Write a sample value or bound as Prometheus reads it (`+Inf`, `1.0`, `42`)."""
    if isinstance(value, int):
        return str(value)
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if math.isnan(value):
        return "NaN"
    return repr(value)


def _label_set(labels: Labels) -> str:
    if not labels:
        return ""
    pairs = ",".join(f'{name}="{escape_label_value(value)}"' for name, value in labels)
    return "{" + pairs + "}"


@dataclass(slots=True)
class MetricFamily:
    """One metric family: its name, type, help and the sample lines added so far."""

    name: str
    kind: str
    help: str
    lines: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown metric type {self.kind!r}")

    def add(self, labels: Labels, value: float) -> None:
        """Add one sample of a counter or gauge."""
        self._sample("", labels, value)

    def add_histogram(
        self, labels: Labels, bounds: Sequence[float], cumulative: Sequence[int], total: float
    ) -> None:
        """Add one histogram: `cumulative` counts per bound and a last one for `+Inf`."""
        if len(cumulative) != len(bounds) + 1:
            raise ValueError("a histogram needs one count per bound and one for +Inf")
        for bound, count in zip([*bounds, math.inf], cumulative, strict=True):
            self._sample("_bucket", [*labels, ("le", format_number(float(bound)))], count)
        self._sample("_sum", labels, total)
        self._sample("_count", labels, cumulative[-1])

    def _sample(self, suffix: str, labels: Labels, value: float) -> None:
        self.lines.append(f"{self.name}{suffix}{_label_set(labels)} {format_number(value)}")

    def render(self) -> str:
        """Write the family's HELP and TYPE lines and its samples."""
        head = f"# HELP {self.name} {escape_help(self.help)}\n# TYPE {self.name} {self.kind}\n"
        return head + "".join(line + "\n" for line in self.lines)


def render(families: Iterable[MetricFamily]) -> str:
    """Write families in the text format, in the order given."""
    return "".join(family.render() for family in families)
