"""What a load run saw: every response's endpoint, status, stack and latency, and every problem.

The load clients and the flipper write here; the flip-under-load test reads the verdicts. A
*failure* is a request that did not get the status it should (or no answer at all); a *wrong
answer* is one with the right status whose body contradicts what the client knows. Writes are
tracked by name so the final census can tell applied-once from lost or doubled.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field

# Only the first few problems are kept in full; the counts are always complete.
KEPT_PROBLEMS = 20


@dataclass(frozen=True, slots=True)
class Response:
    """One answered request: the endpoint key, the stack that served it and its latency."""

    key: str
    status: int
    served_by: str
    seconds: float


@dataclass
class Tally:
    """Everything one load run recorded, shared by all its clients (one event loop, no locks)."""

    responses: list[Response] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    failure_count: int = 0
    wrong_count: int = 0
    created: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    unanswered: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    flips: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    def answered(self, response: Response) -> None:
        """Record a response that arrived (whatever its status)."""
        self.responses.append(response)

    def fail(self, problem: str) -> None:
        """Record a request that got the wrong status, or no answer."""
        self.failure_count += 1
        if len(self.failures) < KEPT_PROBLEMS:
            self.failures.append(problem)

    def contradict(self, problem: str) -> None:
        """Record an answer whose body contradicts what the client knows."""
        self.wrong_count += 1
        if len(self.wrong) < KEPT_PROBLEMS:
            self.wrong.append(problem)

    def served_by(self) -> dict[str, Counter[str]]:
        """Count, per endpoint, the responses each stack served."""
        stacks: dict[str, Counter[str]] = defaultdict(Counter)
        for response in self.responses:
            stacks[response.key][response.served_by] += 1
        return dict(stacks)

    def summary(self) -> str:
        """One line for the closing note: volume, stacks, flips, problems, latency, duration."""
        latencies = sorted(response.seconds for response in self.responses)
        backends = Counter(response.served_by for response in self.responses)
        split = ", ".join(f"{name} {count}" for name, count in sorted(backends.items()))
        p50, p99 = _percentile(latencies, 50), _percentile(latencies, 99)
        rate = len(latencies) / self.seconds if self.seconds else 0.0
        return (
            f"flip under load: {len(latencies)} requests ({rate:.0f}/s; {split}), "
            f"{sum(self.flips.values())} flips over {len(self.flips)} endpoints "
            f"({min(self.flips.values(), default=0)}-{max(self.flips.values(), default=0)} "
            f"each), {self.failure_count} failed, {self.wrong_count} wrong, "
            f"{sum(len(names) for names in self.unanswered.values())} writes unanswered, "
            f"p50 {p50 * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms, "
            f"max {max(latencies, default=0.0) * 1000:.0f} ms, {self.seconds:.1f} s"
        )


def _percentile(ordered: list[float], percent: int) -> float:
    if len(ordered) < 2:
        return ordered[0] if ordered else 0.0
    return statistics.quantiles(ordered, n=100, method="inclusive")[percent - 1]
