"""`python -m cronjobs cutover`: run as an operator would, a subprocess on a SQLite file.

The environment is explicit (nothing of the developer's leaks in); the cutover file sends
`GET /api/health` to fastapi, so "file" and "default" sources both show.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests_fastapi.gateway.conftest import write_cutover
from tests_support.kit.databases import sqlite_url
from tests_support.kit.servers.gateway_processes import REPOSITORY_ROOT

Cutover = Callable[..., subprocess.CompletedProcess[str]]
NOTIFICATIONS = "* /api/notifications*"
OS_USER = "ops-olivia"
NOTIFICATION_KEYS = 6  # the legacy app's notification endpoints


@pytest.fixture
def run_cutover(tmp_path: Path) -> Cutover:
    """Run `python -m cronjobs cutover ARGS...` on this test's database and cutover file."""
    cutover_file = tmp_path / "cutover.toml"
    write_cutover(cutover_file, {"GET /api/health": "fastapi"})
    environment = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": os.pathsep.join([str(REPOSITORY_ROOT / "src"), str(REPOSITORY_ROOT)]),
        "DATABASE_URL": sqlite_url(tmp_path),
        "CUTOVER_FILE": str(cutover_file),
        "LOGNAME": OS_USER,  # what getpass.getuser() reads first
    }

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "cronjobs", "cutover", *args],
            env=environment,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    return run


def listed(result: subprocess.CompletedProcess[str], key: str) -> list[str]:
    """Return the mode, source and implemented-in columns `list` printed for one endpoint."""
    line = next(line for line in result.stdout.splitlines() if line.startswith(f"{key}  "))
    return line.removeprefix(key).split(maxsplit=2)


def test_list_shows_mode_source_and_implemented_in(run_cutover: Cutover) -> None:
    result = run_cutover("list")
    assert result.returncode == 0, result.stderr
    assert [listed(result, "GET /api/health"), listed(result, "GET /api/jobs")] == [
        ["fastapi", "file", "flask, fastapi"],
        ["flask", "default", "flask, fastapi"],
    ]


def test_set_overrides_the_endpoint_in_the_list(run_cutover: Cutover) -> None:
    assert (
        run_cutover("set", "GET /api/jobs", "fastapi", "--reason", "read path first").returncode
        == 0
    )
    assert listed(run_cutover("list"), "GET /api/jobs")[:2] == ["fastapi", "override"]


def test_set_with_a_pattern_changes_every_match_and_names_it(run_cutover: Cutover) -> None:
    result = run_cutover("set", NOTIFICATIONS, "canary", "--percent", "10")
    assert result.returncode == 0, result.stderr
    changed = [line for line in result.stdout.splitlines() if line.startswith("set ")]
    assert len(changed) == NOTIFICATION_KEYS
    assert all("/api/notifications" in line and "flask → canary 10%" in line for line in changed)


def test_set_with_a_group_shows_the_group_in_the_list(run_cutover: Cutover) -> None:
    result = run_cutover(
        "set", "GET /api/jobs", "canary", "--percent", "25", "--group", "* /api/j*"
    )
    assert result.returncode == 0, result.stderr
    line = next(
        line for line in run_cutover("list").stdout.splitlines() if "GET /api/jobs " in line
    )
    assert "canary 25% group * /api/j*  override" in line


def test_a_group_on_a_mode_other_than_canary_is_refused_with_status_2(
    run_cutover: Cutover,
) -> None:
    result = run_cutover("set", "GET /api/jobs", "fastapi", "--group", "* /api/j*")
    assert (result.returncode, "only canary takes a percentage or a group" in result.stderr) == (
        2,
        True,
    )


def test_a_pattern_matching_nothing_is_refused_with_status_2(run_cutover: Cutover) -> None:
    result = run_cutover("set", "GET /api/nothing*", "fastapi")
    assert (result.returncode, result.stderr.strip()) == (
        2,
        "refused: no endpoint matches 'GET /api/nothing*' (see `python -m cronjobs cutover list`)",
    )


def test_canary_without_a_percentage_is_refused_with_status_2(run_cutover: Cutover) -> None:
    result = run_cutover("set", "GET /api/jobs", "canary")
    assert (result.returncode, "canary needs a percentage" in result.stderr) == (2, True)


def test_unset_returns_the_endpoint_to_the_files_mode(run_cutover: Cutover) -> None:
    run_cutover("set", "GET /api/health", "flask")
    assert run_cutover("unset", "GET /api/health").returncode == 0
    assert listed(run_cutover("list"), "GET /api/health")[:2] == ["fastapi", "file"]


def test_unset_where_nothing_is_overridden_is_refused_with_status_2(run_cutover: Cutover) -> None:
    result = run_cutover("unset", NOTIFICATIONS)
    assert (result.returncode, "has an override" in result.stderr) == (2, True)


def test_history_shows_the_change_by_the_os_user(run_cutover: Cutover) -> None:
    run_cutover("set", "GET /api/jobs", "shadow", "--reason", "compare answers")
    lines = run_cutover("history", "GET /api/jobs").stdout.splitlines()
    assert len(lines) == 1
    assert lines[0].endswith(f"GET /api/jobs: flask → shadow by {OS_USER} (cli): compare answers")
