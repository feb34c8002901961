"""`python -m cronjobs serve`: uvicorn's access log on by default, off with `ACCESS_LOG=false` or
`--no-access-log`; the flag overrides the setting."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from cronjobs.settings import REPOSITORY_ROOT

WAIT_SECONDS = 30.0


def free_port() -> int:
    """A loopback port nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def served_output(folder: Path, *flags: str, access_log: str | None = None) -> str:
    """Serve on a fresh SQLite file, answer one health check, stop; return the process output.

    `access_log` is the `ACCESS_LOG` setting (unset when None).
    """
    port = free_port()
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(REPOSITORY_ROOT / "src"),
        "DATABASE_URL": f"sqlite:///{folder / 'serve.db'}",
        "SCHEDULER_ENABLED": "false",
        "CUTOVER_FILE": str(folder / "cutover.toml"),
    }
    if access_log is not None:
        env["ACCESS_LOG"] = access_log
    command = [sys.executable, "-m", "cronjobs", "serve", "--port", str(port), *flags]
    process = subprocess.Popen(
        command, env=env, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            try:
                httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=5)
                break
            except httpx.TransportError:
                time.sleep(0.2)
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=WAIT_SECONDS)
    return output.decode(errors="replace")


@pytest.fixture
def default_output(tmp_path: Path) -> Iterator[str]:
    yield served_output(tmp_path)


@pytest.fixture
def quiet_output(tmp_path: Path) -> Iterator[str]:
    yield served_output(tmp_path, "--no-access-log")


@pytest.fixture
def setting_off_output(tmp_path: Path) -> Iterator[str]:
    yield served_output(tmp_path, access_log="false")


@pytest.fixture
def flag_on_setting_off_output(tmp_path: Path) -> Iterator[str]:
    yield served_output(tmp_path, "--access-log", access_log="false")


def test_serve_logs_each_request_by_default(default_output: str) -> None:
    assert '"GET /api/health HTTP/1.1" 200' in default_output


def test_serve_with_no_access_log_logs_no_request(quiet_output: str) -> None:
    assert "Application startup complete" in quiet_output
    assert "GET /api/health" not in quiet_output


def test_serve_with_access_log_false_logs_no_request(setting_off_output: str) -> None:
    assert "Application startup complete" in setting_off_output
    assert "GET /api/health" not in setting_off_output


def test_the_access_log_flag_overrides_the_setting(flag_on_setting_off_output: str) -> None:
    assert '"GET /api/health HTTP/1.1" 200' in flag_on_setting_off_output
