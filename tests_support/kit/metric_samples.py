"""A `/_gateway/metrics` scrape read back with `prometheus_client`'s own parser, sample by sample.

The gateway renders Prometheus text itself; reading it with the reference parser checks the
format as well as the numbers.
"""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.samples import Sample


def samples_in(text: str) -> list[Sample]:
    """Parse Prometheus text into the samples of all its families, in order."""
    families = text_string_to_metric_families(text)
    return [sample for family in families for sample in family.samples]


def sample_value(samples: list[Sample], name: str, **labels: str) -> float:
    """Return the sample with this name and exactly these labels (0 when there is none)."""
    return next((s.value for s in samples if s.name == name and s.labels == labels), 0)
