"""A rolling restart under load through nginx (issue 15, point 3): no request fails, no write is
lost or doubled.

Three instances from `deploy/` on PostgreSQL behind nginx; clients read and write through nginx
the whole time while `deploy/rolling_restart.py`'s procedure restarts each instance in turn
(taken out of nginx, stopped as systemd stops it: SIGTERM and the drain, started, put back).
Bounded: a few clients, about half a minute, all on 127.0.0.1.

The clients behave as HTTP clients do across a balancer's reload: nginx's old workers close the
idle kept-alive connections they hold, so a reader whose request meets such a close before any
answer sends it again (RFC 9112 §9.3.1 lets a client retry an idempotent request then; counted
and printed), and a writer opens a connection per request, so no write is ever sent on a
connection being closed.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from cronjobs.domain.common.lengths import install_text_checks
from cronjobs.models import JobCategory
from cronjobs.storage.engines import create_sync_engine
from tests_support.kit.databases import empty_server_url
from tests_support.kit.servers.cluster import Cluster, running_cluster
from tests_support.kit.servers.gateway_processes import log_in
from tests_support.kit.worlds.base import DEFAULT_ADMIN_PASSWORD

pytestmark = pytest.mark.postgres

INSTANCES = 3
READERS, WRITERS = 3, 2
READS = ("/api/health", "/api/job-categories", "/api/auth/me")
SETTLE_SECONDS = 1.0
WRITE_PREFIX = "rolling-"


@dataclass
class Traffic:
    """What the clients sent and what came back."""

    sent: int = 0
    retried: int = 0
    failures: list[str] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, request: str, response: httpx.Response | Exception, ok: int) -> bool:
        """Count one request; keep it as a failure unless it got `ok`."""
        with self.lock:
            self.sent += 1
            if isinstance(response, Exception) or response.status_code != ok:
                shown = response if isinstance(response, Exception) else response.status_code
                self.failures.append(f"{request}: {shown!r}")
                return False
            return True


class Load:
    """Readers and writers through nginx until stopped."""

    def __init__(self, url: str, headers: dict[str, str]) -> None:
        self.url, self.headers = url, headers
        self.traffic = Traffic()
        self._stop = threading.Event()
        self._names = (f"{WRITE_PREFIX}{n}" for n in itertools.count())
        self._names_lock = threading.Lock()
        self._threads = [threading.Thread(target=self._read, args=(i,)) for i in range(READERS)]
        self._threads += [threading.Thread(target=self._write) for _ in range(WRITERS)]

    def __enter__(self) -> Traffic:
        for thread in self._threads:
            thread.start()
        return self.traffic

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(60)

    def _read(self, index: int) -> None:
        with httpx.Client(base_url=self.url, headers=self.headers, timeout=30) as client:
            for path in itertools.cycle(READS[index:] + READS[:index]):
                if self._stop.is_set():
                    return
                response = _sent(client.get, path)
                if isinstance(response, httpx.RemoteProtocolError):  # closed before any answer
                    with self.traffic.lock:
                        self.traffic.retried += 1
                    response = _sent(client.get, path)
                self.traffic.record(f"GET {path}", response, 200)

    def _write(self) -> None:
        one_use = httpx.Limits(max_keepalive_connections=0)
        with httpx.Client(
            base_url=self.url, headers=self.headers, timeout=30, limits=one_use
        ) as client:
            while not self._stop.is_set():
                with self._names_lock:
                    name = next(self._names)
                response = _sent(client.post, "/api/job-categories", json={"name": name})
                if self.traffic.record(f"POST {name}", response, 201):
                    with self.traffic.lock:
                        self.traffic.written.append(name)


def _sent(
    request: Callable[..., httpx.Response], *args: Any, **kwargs: Any
) -> httpx.Response | Exception:
    try:
        return request(*args, **kwargs)
    except httpx.HTTPError as error:
        return error


@pytest.fixture
def database_url() -> str:
    """The wiped PostgreSQL test database."""
    return empty_server_url("postgres")


@pytest.fixture
def cluster(database_url: str, tmp_path: Path) -> Iterator[Cluster]:
    """Three instances behind nginx."""
    with running_cluster(database_url, tmp_path, INSTANCES) as cluster:
        yield cluster


def stored_names(database_url: str) -> list[str]:
    """Every category name the load wrote, as stored."""
    engine = create_sync_engine(database_url, setup=install_text_checks)
    try:
        with engine.connect() as connection:
            query = select(JobCategory.name).where(JobCategory.name.startswith(WRITE_PREFIX))
            return list(connection.scalars(query))
    finally:
        engine.dispose()


def test_a_rolling_restart_under_load_fails_no_request_and_loses_no_write(
    cluster: Cluster, database_url: str
) -> None:
    with httpx.Client(base_url=cluster.url, timeout=30) as client:
        headers = log_in(client, "admin", DEFAULT_ADMIN_PASSWORD)
    with Load(cluster.url, headers) as traffic:
        threading.Event().wait(SETTLE_SECONDS)
        cluster.rolling_restart()
        threading.Event().wait(SETTLE_SECONDS)
    stored = stored_names(database_url)
    print(
        f"rolling restart of {INSTANCES} instances: {traffic.sent} requests sent,"
        f" {len(traffic.failures)} failed, {len(traffic.written)} writes checked,"
        f" {traffic.retried} reads sent again after nginx closed an idle connection"
    )
    assert traffic.failures == []
    assert sorted(stored) == sorted(traffic.written)
