"""What shadow mode saw, per endpoint, in this process: outcome counts and recent mismatches.

Everything is bounded: one counter per outcome, and the last `SAMPLES_PER_ENDPOINT` mismatches,
each with truncated bodies and at most `MAX_DIFFERENCES` differing paths.
"""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from starlette.types import Scope

from strangler.shadow_compare import Answer, Difference, brief

SAMPLES_PER_ENDPOINT = 20
SAMPLE_BODY_CHARS = 2000
SAMPLE_BODY_BYTES = 4 * SAMPLE_BODY_CHARS  # enough bytes for that many characters of UTF-8


class Outcome(Enum):
    """How one request of a shadowed endpoint ended on the shadow side."""

    MATCH = "match"
    MISMATCH = "mismatch"
    DROPPED = "dropped"  # the shadow bound was full
    TIMEOUT = "timeout"
    TOO_LARGE = "too_large"  # a request or an answer over its bound: not compared
    FAILED = "failed"  # the new stack raised
    NOT_SHADOWED = "not_shadowed"  # an unsafe method: never replayed


@dataclass(frozen=True, slots=True)
class Mismatch:
    """One request both stacks answered differently, as the admin API shows it."""

    key: str
    method: str
    path: str
    query: str
    legacy: Answer
    modern: Answer
    differences: tuple[Difference, ...]

    @classmethod
    def of(
        cls, key: str, scope: Scope, legacy: Answer, modern: Answer, found: list[Difference]
    ) -> Mismatch:
        """Keep a mismatch of request `scope`, with its bodies cut to a sample's size."""
        query = scope.get("query_string", b"").decode("latin-1")
        return cls(
            key, scope["method"], scope["path"], query, _cut(legacy), _cut(modern), tuple(found)
        )

    def as_json(self) -> dict[str, Any]:
        """Describe the sample, bodies cut to `SAMPLE_BODY_CHARS`."""
        return {
            "key": self.key,
            "method": self.method,
            "path": self.path,
            "query": self.query,
            "flask": _answer_json(self.legacy),
            "fastapi": _answer_json(self.modern),
            "diff": [difference.as_json() for difference in self.differences],
        }


def _cut(answer: Answer) -> Answer:
    return Answer(answer.status, answer.body[:SAMPLE_BODY_BYTES], answer.too_large)


def _answer_json(answer: Answer) -> dict[str, Any]:
    body = answer.body.decode(errors="replace")
    return {"status": answer.status, "body": brief(body, SAMPLE_BODY_CHARS)}


@dataclass(slots=True)
class EndpointShadow:
    """One endpoint's shadow outcomes and its last mismatches."""

    counts: Counter[Outcome] = field(default_factory=Counter)
    samples: deque[Mismatch] = field(default_factory=lambda: deque(maxlen=SAMPLES_PER_ENDPOINT))

    def as_json(self) -> dict[str, Any]:
        """Count each outcome; the match rate is over the compared requests (None before any)."""
        counts = {outcome.value: self.counts[outcome] for outcome in Outcome}
        compared = self.counts[Outcome.MATCH] + self.counts[Outcome.MISMATCH]
        rate = round(self.counts[Outcome.MATCH] / compared, 4) if compared else None
        return {**counts, "match_rate": rate}


class ShadowRecord:
    """Shadow outcomes of every endpoint, kept in memory for the admin API."""

    def __init__(self) -> None:
        self.endpoints: dict[str, EndpointShadow] = {}

    def _endpoint(self, key: str) -> EndpointShadow:
        return self.endpoints.setdefault(key, EndpointShadow())

    def count(self, key: str, outcome: Outcome) -> None:
        """Count one outcome of endpoint `key`."""
        self._endpoint(key).counts[outcome] += 1

    def mismatch(self, sample: Mismatch) -> None:
        """Count a mismatch and keep it as a sample, forgetting the oldest past the bound."""
        endpoint = self._endpoint(sample.key)
        endpoint.counts[Outcome.MISMATCH] += 1
        endpoint.samples.append(sample)

    def summary(self, key: str) -> dict[str, Any]:
        """Describe endpoint `key`'s outcomes (all zero when it was never shadowed)."""
        return self.endpoints.get(key, EndpointShadow()).as_json()

    def samples(self, key: str | None = None) -> list[Mismatch]:
        """List the kept mismatches, of one endpoint or of all, oldest first per endpoint."""
        keys = [key] if key is not None else sorted(self.endpoints)
        return [s for k in keys if k in self.endpoints for s in self.endpoints[k].samples]
