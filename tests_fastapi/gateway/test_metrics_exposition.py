"""Prometheus text rendering: escaping, HELP and TYPE lines, histograms, read back by a parser."""

from __future__ import annotations

import pytest
from prometheus_client.parser import text_string_to_metric_families

from strangler.exposition import MetricFamily, render

HOSTILE = 'C:\\temp "quoted"\nsecond line'


@pytest.fixture
def counter() -> MetricFamily:
    """A counter family with one sample whose label value needs every escape."""
    family = MetricFamily("demo_requests_total", "counter", "Requests.")
    family.add([("endpoint", HOSTILE)], 3)
    return family


@pytest.fixture
def histogram() -> MetricFamily:
    """A histogram of five observations over bounds 0.1 and 1."""
    family = MetricFamily("demo_duration_seconds", "histogram", "Durations.")
    family.add_histogram([("endpoint", "GET /a")], [0.1, 1.0], [2, 4, 5], 6.5)
    return family


def test_a_hostile_label_value_is_escaped_on_its_line(counter: MetricFamily) -> None:
    assert counter.lines == [
        'demo_requests_total{endpoint="C:\\\\temp \\"quoted\\"\\nsecond line"} 3'
    ]


def test_a_hostile_label_value_reads_back_unchanged(counter: MetricFamily) -> None:
    [family] = text_string_to_metric_families(render([counter]))
    assert [sample.labels for sample in family.samples] == [{"endpoint": HOSTILE}]


def test_help_text_escapes_backslash_and_line_feed() -> None:
    family = MetricFamily("demo_up", "gauge", "one\\two\nthree")
    assert render([family]).splitlines()[0] == "# HELP demo_up one\\\\two\\nthree"


def test_a_family_starts_with_its_help_and_type_lines(counter: MetricFamily) -> None:
    assert render([counter]).splitlines()[:2] == [
        "# HELP demo_requests_total Requests.",
        "# TYPE demo_requests_total counter",
    ]


def test_a_histogram_has_cumulative_buckets_up_to_inf_then_sum_and_count(
    histogram: MetricFamily,
) -> None:
    assert histogram.lines == [
        'demo_duration_seconds_bucket{endpoint="GET /a",le="0.1"} 2',
        'demo_duration_seconds_bucket{endpoint="GET /a",le="1.0"} 4',
        'demo_duration_seconds_bucket{endpoint="GET /a",le="+Inf"} 5',
        'demo_duration_seconds_sum{endpoint="GET /a"} 6.5',
        'demo_duration_seconds_count{endpoint="GET /a"} 5',
    ]


def test_a_histogram_parses_as_one_histogram_family(histogram: MetricFamily) -> None:
    [family] = text_string_to_metric_families(render([histogram]))
    assert (family.name, family.type, len(family.samples)) == (
        "demo_duration_seconds",
        "histogram",
        5,
    )


def test_a_histogram_without_a_count_for_inf_is_refused() -> None:
    family = MetricFamily("demo_duration_seconds", "histogram", "Durations.")
    with pytest.raises(ValueError, match=r"\+Inf"):
        family.add_histogram([], [0.1, 1.0], [2, 4], 1.0)


def test_an_unknown_metric_type_is_refused() -> None:
    with pytest.raises(ValueError, match="summary"):
        MetricFamily("demo", "summary", "Not supported.")
