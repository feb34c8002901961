"""`python -m cronjobs scheduler`: the scheduler alone, as a dedicated process (spec §6.1)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from cronjobs.models import SchedulerLease
from cronjobs.settings import REPOSITORY_ROOT
from cronjobs.storage.engines import sync_url
from tests_support.kit.databases import sqlite_url

WAIT_SECONDS = 20.0


def scheduler_env(database_url: str, **extra: str) -> dict[str, str]:
    """The environment of a dedicated scheduler on `database_url`."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"TESTING", "DATABASE_URL", "SCHEDULER_ENABLED"}
    }
    return (
        env
        | {
            "DATABASE_URL": database_url,
            "SCHEDULER_POLL_SECONDS": "1",
            "PYTHONPATH": os.pathsep.join([str(REPOSITORY_ROOT / "src"), str(REPOSITORY_ROOT)]),
        }
        | extra
    )


def lease_holder(database_url: str) -> str | None:
    """The holder of the lease row, or None."""
    engine = create_engine(sync_url(database_url))
    try:
        with engine.connect() as connection:
            return connection.scalar(select(SchedulerLease.holder))
    except Exception:
        return None  # the table does not exist yet
    finally:
        engine.dispose()


def test_dedicated_scheduler_takes_the_lease_and_releases_it_on_sigterm(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    process = subprocess.Popen(
        [sys.executable, "-m", "cronjobs", "scheduler", "--log-level", "warning"],
        env=scheduler_env(url),
        cwd=tmp_path,
    )
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while lease_holder(url) is None:
            assert process.poll() is None, "the scheduler exited"
            assert time.monotonic() < deadline, "the scheduler never took the lease"
            time.sleep(0.1)
        assert f":{process.pid}:" in (lease_holder(url) or "")
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=WAIT_SECONDS) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert lease_holder(url) is None


@pytest.mark.parametrize("extra", [{"TESTING": "true"}, {"SCHEDULER_ENABLED": "FALSE"}])
def test_dedicated_scheduler_refuses_to_start_when_it_is_off(
    tmp_path: Path, extra: dict[str, str]
) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cronjobs", "scheduler"],
        env=scheduler_env(sqlite_url(tmp_path), **extra),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=WAIT_SECONDS,
        check=False,
    )
    assert result.returncode == 2
    assert "SCHEDULER_ENABLED=false or TESTING" in result.stderr
