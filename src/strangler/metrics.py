"""`GET /_gateway/metrics`: the gateway's counters in Prometheus text format, read at scrape time.

Requests and their latency come from the gateway's observer; shadow results, fallbacks, flips,
modes and running shadows are read from the parts of the gateway that already keep them (routing
table, guard, shadow runner), so a scrape adds no work to any request. The route needs no
credentials: it is meant to be scraped from the loopback or the internal network, and shows only
endpoint templates, modes and counts.
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.types import Receive, Scope, Send

from strangler.exposition import CONTENT_TYPE, MetricFamily, render
from strangler.fallback import ModernGuard
from strangler.flags import Mode
from strangler.observation import RequestObserver
from strangler.own_answers import answer, refuse_unsafe_methods
from strangler.request_stats import DURATION_BUCKETS
from strangler.routing import RoutingTable
from strangler.shadow import ShadowRunner
from strangler.shadow_record import Outcome

METRICS_PATH = "/_gateway/metrics"


class GatewayMetrics:
    """The metric families of a gateway's parts; `auto_rollbacks` counts rollbacks per endpoint."""

    def __init__(
        self,
        routes: RoutingTable,
        guard: ModernGuard,
        shadow: ShadowRunner,
        observer: RequestObserver,
        auto_rollbacks: Mapping[str, int],
    ) -> None:
        self.routes = routes
        self.guard = guard
        self.shadow = shadow
        self.observer = observer
        self.auto_rollbacks = auto_rollbacks

    def families(self) -> list[MetricFamily]:
        """Read every family as it stands now."""
        return [*self._requests(), *self._cutover(), *self._shadow()]

    def _requests(self) -> list[MetricFamily]:
        requests = MetricFamily(
            "gateway_requests_total",
            "counter",
            "HTTP requests served, by endpoint, answering backend and status class.",
        )
        durations = MetricFamily(
            "gateway_request_duration_seconds",
            "histogram",
            "Time from a request's arrival to its last response byte (or its failure).",
        )
        for (endpoint, backend), series in sorted(self.observer.stats.series.items()):
            labels = [("endpoint", endpoint), ("backend", backend)]
            for status_class, count in series.by_status_class().items():
                requests.add([*labels, ("status_class", status_class)], count)
            buckets = series.cumulative_buckets()
            durations.add_histogram(labels, DURATION_BUCKETS, buckets, series.seconds)
        return [requests, durations]

    def _cutover(self) -> list[MetricFamily]:
        flags = self.routes.flags
        fallbacks = MetricFamily(
            "gateway_fallbacks_total",
            "counter",
            "Reads the legacy stack answered after the new stack failed them.",
        )
        rollbacks = MetricFamily(
            "gateway_auto_rollbacks_total",
            "counter",
            "Endpoints this process flipped back to the legacy stack for their error rate.",
        )
        # Every endpoint gets a zero from the start, so rate() sees its first increment.
        for key in flags:
            fallbacks.add([("endpoint", key)], self.guard.fallbacks[key])
            rollbacks.add([("endpoint", key)], self.auto_rollbacks.get(key, 0))
        flips = MetricFamily(
            "gateway_flips_total",
            "counter",
            "Mode changes this process applied, by endpoint and the mode changed to.",
        )
        # Flags are applied from worker threads too: read the flips from a copy taken at once.
        for (key, mode), count in sorted(dict(self.routes.flips).items()):
            flips.add([("endpoint", key), ("to", mode)], count)
        modes = MetricFamily(
            "gateway_endpoint_mode",
            "gauge",
            "1 for the mode each endpoint is served in now, 0 for the others.",
        )
        for key, flag in flags.items():
            for mode in Mode:
                modes.add([("endpoint", key), ("mode", mode.value)], int(flag.mode is mode))
        return [fallbacks, rollbacks, flips, modes]

    def _shadow(self) -> list[MetricFamily]:
        results = MetricFamily(
            "gateway_shadow_results_total",
            "counter",
            "How shadowed requests ended on the new stack, by endpoint and result.",
        )
        for key, endpoint in sorted(self.shadow.record.endpoints.items()):
            for outcome in Outcome:
                results.add(
                    [("endpoint", key), ("result", outcome.value)], endpoint.counts[outcome]
                )
        in_flight = MetricFamily(
            "gateway_shadow_in_flight", "gauge", "Shadow requests running on the new stack now."
        )
        in_flight.add([], self.shadow.in_flight)
        return [results, in_flight]


class MetricsEndpoint:
    """The ASGI app answering a scrape with the families of `metrics`."""

    def __init__(self, metrics: GatewayMetrics) -> None:
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer GET and HEAD with the exposition; anything else is 405."""
        if await refuse_unsafe_methods(scope, send):
            return
        body = render(self.metrics.families()).encode()
        await answer(send, 200, CONTENT_TYPE.encode(), body, head=scope["method"] == "HEAD")
