"""Time and memory of POST /api/jobs/bulk-upload on a real `python -m cronjobs serve` process.

Each scenario starts its own server on 127.0.0.1 (a fresh SQLite file, scheduler off, every
endpoint on one stack through CUTOVER_DEFAULT), logs in as the default admin, sends one warm-up
upload, then the scenario's uploads, and reads the server's memory from /proc: `peak` is the
high-water mark of the resident set during the scenario's uploads (reset through
/proc/<pid>/clear_refs just before), `after` the resident set 2 s after the last answer.

    PYTHONPATH=src .venv/bin/python bench/bulk_upload_memory.py [--stacks flask fastapi]
        [--scenarios failing-20MB failing-10000 valid-5000] [--rounds 3] [--env NAME=VALUE ...]
        [--src DIR]    # the server's code, e.g. `git archive <commit> src | tar -x -C DIR/..`
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from served import free_port, wait_healthy  # bench/ is on sys.path when this runs as a script

from cronjobs.domain.process.seed import DEFAULT_ADMIN

ROOT = Path(__file__).resolve().parents[1]
MIB = 1024 * 1024


@dataclass(frozen=True)
class Scenario:
    """One kind of upload: its CSV (built per round, so names stay unique) and dry-run flag."""

    name: str
    csv: Callable[[int], bytes]
    dry_run: bool = False


def failing_csv(size: int) -> Callable[[int], bytes]:
    """About `size` bytes of rows that each fail (no end date): ~13 bytes a row."""

    def build(_round: int) -> bytes:
        rows = size // 13
        return b"Job Name,Cron\n" + b"".join(b"job%07d,x\n" % n for n in range(rows))

    return build


def failing_rows(count: int) -> Callable[[int], bytes]:
    """`count` rows that each fail."""
    return lambda _round: b"Job Name,Cron\n" + b"".join(b"job%07d,x\n" % n for n in range(count))


def valid_rows(count: int) -> Callable[[int], bytes]:
    """`count` rows that each create a job (names unique per round)."""

    def build(round_: int) -> bytes:
        head = b"Job Name,Repo,Workflow Name,Cron schedule (JST),End Date,PIC Team\n"
        line = b"r%d job %05d,acme/web,smoke.yml,0 9 * * *,2099-12-31,Bench\n"
        return head + b"".join(line % (round_, n) for n in range(count))

    return build


SCENARIOS = {
    "failing-20MB": Scenario("failing-20MB", failing_csv(20 * MIB)),
    "failing-10000": Scenario("failing-10000", failing_rows(10_000)),
    "valid-5000": Scenario("valid-5000", valid_rows(5_000)),
}


def status_kib(pid: int, field: str) -> int:
    """Read a `VmRSS`/`VmHWM` line of /proc/<pid>/status, in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(field)


@contextmanager
def server(
    stack: str, folder: Path, env: dict[str, str], source: Path
) -> Iterator[tuple[int, str]]:
    """Start `python -m cronjobs serve` on a free port; yield its pid and base URL."""
    (folder / "cutover.toml").write_text("[endpoints]\n", encoding="utf-8")
    port = free_port()
    environ = os.environ | env
    environ |= {
        "DATABASE_URL": f"sqlite:///{folder / 'bench.db'}",
        "SCHEDULER_ENABLED": "false",
        "CUTOVER_DEFAULT": stack,
        "CUTOVER_FILE": str(folder / "cutover.toml"),
        "PYTHONPATH": str(source),
    }
    command = [
        sys.executable,
        "-m",
        "cronjobs",
        "serve",
        "--port",
        str(port),
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, env=environ, cwd=folder)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(process, base, 30)
        yield process.pid, base
    finally:
        process.terminate()
        process.wait(timeout=30)


def upload(client: httpx.Client, csv: bytes, dry_run: bool) -> tuple[float, int, int, str]:
    """Send one upload; return seconds, status, response bytes and what the answer says."""
    data = {"dry_run": "1"} if dry_run else {}
    started = time.perf_counter()
    reply = client.post("/api/jobs/bulk-upload", files={"file": ("jobs.csv", csv)}, data=data)
    seconds = time.perf_counter() - started
    body = reply.json()
    if reply.status_code == 200:
        said = (
            f"created {body['created_count']}, errors {body['error_count']} "
            f"({len(body['errors'])} listed)"
        )
    else:
        said = body.get("message", body.get("error", ""))
    return seconds, reply.status_code, len(reply.content), said


def run(stack: str, scenario: Scenario, rounds: int, env: dict[str, str], source: Path) -> str:
    """Run one scenario on a fresh server; return its report line."""
    with (
        tempfile.TemporaryDirectory() as folder,
        server(stack, Path(folder), env, source) as (pid, base),
        httpx.Client(base_url=base, timeout=600) as client,
    ):
        login = {key: DEFAULT_ADMIN[key] for key in ("username", "password")}
        token = client.post("/api/auth/login", json=login).json()["access_token"]
        client.headers["Authorization"] = f"Bearer {token}"
        client.post("/api/pic-teams", json={"name": "Bench", "slack_handle": "@b"})
        upload(client, valid_rows(10)(-1), dry_run=True)  # warm-up: imports, caches
        before = status_kib(pid, "VmRSS")
        Path(f"/proc/{pid}/clear_refs").write_text("5")  # reset the high-water mark
        times, sizes, answers = [], set(), set()
        for round_ in range(rounds):
            csv = scenario.csv(round_)
            seconds, status, size, said = upload(client, csv, scenario.dry_run)
            times.append(seconds)
            sizes.add(size)
            answers.add(f"{status}: {said}")
        peak = status_kib(pid, "VmHWM")
        time.sleep(2)
        after = status_kib(pid, "VmRSS")
    return (
        f"{stack:8} {scenario.name:14} {len(csv) / MIB:5.1f} MiB  "
        f"median {statistics.median(times):6.2f} s (min {min(times):.2f}, max {max(times):.2f})  "
        f"response {max(sizes) / MIB:7.3f} MiB  RSS before {before / 1024:4.0f} MiB  "
        f"peak {peak / 1024:5.0f} MiB  after {after / 1024:5.0f} MiB  [{' | '.join(answers)}]"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stacks", nargs="+", default=["flask", "fastapi"])
    parser.add_argument("--scenarios", nargs="+", default=list(SCENARIOS))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--env", nargs="*", default=[], help="NAME=VALUE for the server")
    parser.add_argument(
        "--src", type=Path, default=ROOT / "src", help="the server's code (e.g. an older checkout)"
    )
    args = parser.parse_args()
    env = dict(item.split("=", 1) for item in args.env)
    for stack in args.stacks:
        for name in args.scenarios:
            print(run(stack, SCENARIOS[name], args.rounds, env, args.src), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
