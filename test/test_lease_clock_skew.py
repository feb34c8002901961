"""The scheduler lease between hosts whose clocks disagree: the database's clock decides.

A host minutes off is a process run under libfaketime (`faketime`, Debian's package, installed by
`make test`), its wall clock shifted and its monotonic clock left alone, as an NTP-less host's
would be. It shares the PostgreSQL or MySQL database with this test process, whose clock is
right; on SQLite every process shares one host's clock, so there is nothing to disagree on.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from cronjobs.domain.common.lengths import install_text_checks
from cronjobs.domain.process.seed import startup_seed
from cronjobs.scheduler.lease import Lease
from cronjobs.storage.engines import create_sync_engine
from cronjobs.storage.prepare import prepare_database
from tests_support.kit.databases import empty_server_url

TTL = 30
SHORT_TTL = 0.3
AHEAD, BEHIND = "+10m", "-10m"
# What the skewed host does: take the lease, optionally wait, say whether it holds it.
ON_THE_HOST = """
import sys, time
from cronjobs.domain.common.lengths import install_text_checks
from cronjobs.scheduler.lease import Lease
from cronjobs.storage.engines import create_sync_engine
url, holder, ttl, wait = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
grant = Lease(create_sync_engine(url, setup=install_text_checks), holder, ttl).acquire()
deadline = time.monotonic() + wait
while time.monotonic() < deadline:  # time.sleep fails (EINVAL) under libfaketime
    pass
print("refused" if grant is None else "holding" if grant.valid() else "let go")
"""


@pytest.fixture(params=["postgres", "mysql"])
def url(request: pytest.FixtureRequest) -> str:
    """An empty PostgreSQL or MySQL database, prepared as startup does."""
    if shutil.which("faketime") is None:
        pytest.skip("faketime is not installed (`make test` installs Debian's)")
    url = empty_server_url(request.param)
    engine = create_sync_engine(url, setup=install_text_checks)
    prepare_database(engine, startup_seed, default_admin=False)
    engine.dispose()
    return url


@pytest.fixture
def engine(url: str) -> Iterator[Engine]:
    """This process's engine on the database, its clock right."""
    engine = create_sync_engine(url, setup=install_text_checks)
    yield engine
    engine.dispose()


def on_a_skewed_host(url: str, skew: str, *, ttl: float = TTL, wait: float = 0.0) -> str:
    """Take the lease from a process whose wall clock is `skew` off; tell what came of it."""
    result = subprocess.run(
        [
            "faketime",
            "-f",
            skew,
            sys.executable,
            "-c",
            ON_THE_HOST,
            url,
            "skewed",
            f"{ttl}",
            f"{wait}",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "FAKETIME_DONT_FAKE_MONOTONIC": "1"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_a_host_minutes_ahead_does_not_take_a_live_lease(url: str, engine: Engine) -> None:
    Lease(engine, "here", TTL).acquire()
    assert on_a_skewed_host(url, AHEAD) == "refused"


def test_a_lease_taken_by_a_host_minutes_behind_is_not_taken_before_its_ttl(
    url: str, engine: Engine
) -> None:
    assert on_a_skewed_host(url, BEHIND) == "holding"
    assert Lease(engine, "here", TTL).acquire() is None


def test_a_host_minutes_behind_takes_over_an_expired_lease(url: str, engine: Engine) -> None:
    Lease(engine, "gone", SHORT_TTL).acquire()
    time.sleep(SHORT_TTL * 2)
    assert on_a_skewed_host(url, BEHIND) == "holding"


def test_a_host_minutes_behind_lets_go_when_its_ttl_has_passed(url: str) -> None:
    assert on_a_skewed_host(url, BEHIND, ttl=SHORT_TTL, wait=SHORT_TTL * 2) == "let go"
