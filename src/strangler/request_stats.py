"""Request counts and latency per endpoint and backend, as Prometheus counters and histograms read.

One `Series` per (endpoint label, backend) pair: a count per status class and a duration
histogram. Updating one is a dictionary lookup, two list increments and an addition; cumulative
buckets and totals are worked out only when the metrics are scraped.
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import accumulate

# Upper bounds (seconds) of the duration buckets; a last, unbounded bucket catches the rest.
DURATION_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
STATUS_CLASSES = ("1xx", "2xx", "3xx", "4xx", "5xx")
SERVER_ERROR = len(STATUS_CLASSES) - 1


def status_class_index(status: int) -> int:
    """Place a status in `STATUS_CLASSES`; no status (the app raised or never answered) is 5xx."""
    return status // 100 - 1 if 100 <= status < 600 else SERVER_ERROR


class Series:
    """One endpoint's requests answered by one backend."""

    __slots__ = ("buckets", "seconds", "statuses")

    def __init__(self) -> None:
        self.statuses = [0] * len(STATUS_CLASSES)
        self.buckets = [0] * (len(DURATION_BUCKETS) + 1)
        self.seconds = 0.0

    def add(self, status: int, seconds: float) -> None:
        """Count one request with its status and duration."""
        self.statuses[status_class_index(status)] += 1
        # `le` is inclusive, so a duration equal to a bound belongs to that bound's bucket.
        self.buckets[bisect_left(DURATION_BUCKETS, seconds)] += 1
        self.seconds += seconds

    @property
    def count(self) -> int:
        """Count every request of the series."""
        return sum(self.statuses)

    def cumulative_buckets(self) -> list[int]:
        """Count, per bucket bound and then +Inf, the requests at or below it."""
        return list(accumulate(self.buckets))

    def by_status_class(self) -> dict[str, int]:
        """Count the requests of each status class seen."""
        return {name: n for name, n in zip(STATUS_CLASSES, self.statuses, strict=True) if n}


class RequestStats:
    """Every series the gateway has observed since the process started."""

    def __init__(self) -> None:
        self.series: dict[tuple[str, str], Series] = {}

    def add(self, endpoint: str, backend: str, status: int, seconds: float) -> None:
        """Count one request of `endpoint` answered by `backend`."""
        series = self.series.get((endpoint, backend))
        if series is None:
            series = self.series[endpoint, backend] = Series()
        series.add(status, seconds)
