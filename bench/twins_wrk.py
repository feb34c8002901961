"""One `wrk` run pinned to a core: its command, its Lua scripts for writes, its parsed figures."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from twins_seed import CREATED_PREFIX, PIC_TEAM

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}
# PUT rewrites the same fields with the same values each time: no rows pile up (one notification
# per request does; `clean_writes` removes them after the run).
UPDATE_LUA = """
wrk.method = "PUT"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"cron_expression": "*/10 * * * *", "target_url": "https://hooks.example/put"}'
"""
# POST names each job after a run prefix, the wrk thread and a per-thread counter: none repeats.
CREATE_LUA = """
local next_id = 0
function setup(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
end
local counter = 0
wrk.headers["Content-Type"] = "application/json"
function request()
  counter = counter + 1
  local body = string.format('{"name": "%s%d-%d", "cron_expression": "*/5 * * * *", '
    .. '"end_date": "2099-12-31", "target_url": "https://hooks.example/new", '
    .. '"pic_team": "%s"}', PREFIX, tid, counter, TEAM)
  return wrk.format("POST", nil, nil, body)
end
"""
POST_LUA = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = BODY
"""


@dataclass(frozen=True)
class Figures:
    """What one wrk run measured: throughput, latency percentiles and failures."""

    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    failures: int


def lua_script(folder: Path, kind: str, run: str, body: str = "") -> Path | None:
    """Write the Lua script of a write benchmark into `folder`; None for a plain GET."""
    if kind == "GET":
        return None
    if kind == "PUT":
        text = UPDATE_LUA
    elif kind == "CREATE":
        text = f'PREFIX = "{CREATED_PREFIX}{run}-"\nTEAM = "{PIC_TEAM}"\n{CREATE_LUA}'
    else:  # a POST with one fixed JSON body (the login)
        text = f"BODY = '{body}'\n{POST_LUA}"
    path = folder / f"{kind.lower()}-{run}.lua"
    path.write_text(text, encoding="utf-8")
    return path


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(number) * UNITS[unit]


def parse(output: str) -> Figures:
    """Read requests/s, p50, p99 and failures (non-2xx/3xx, socket errors) from wrk's output."""
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"\s50%\s+(\S+)", output).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"\s99%\s+(\S+)", output).group(1))  # type: ignore[union-attr]
    requests = int(re.search(r"(\d+) requests in", output).group(1))  # type: ignore[union-attr]
    failures = 0
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        failures += int(match.group(1))
    errors = r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)"
    if match := re.search(errors, output):
        # gunicorn's sync worker closes each connection; wrk counts those closes as read errors
        failures += int(match.group(1)) + int(match.group(3)) + int(match.group(4))
    return Figures(rps, p50, p99, requests, failures)


def run_wrk(
    url: str, *, seconds: int, connections: int, token: str, script: Path | None, core: str
) -> Figures:
    """Run `wrk -t1` on `core` against `url` for `seconds`; return its figures."""
    command = ["taskset", "-c", core, "wrk", "-t1", f"-c{connections}", f"-d{seconds}s"]
    command += ["--latency", "--timeout", "30s", "-H", f"Authorization: Bearer {token}"]
    if script is not None:
        command += ["-s", str(script)]
    done = subprocess.run([*command, url], capture_output=True, text=True, check=True)
    return parse(done.stdout)
