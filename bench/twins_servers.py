"""The servers the HTTP-twins benchmark measures, each one process pinned to the server core."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from served import gateway_environment, wait_healthy  # bench/ is on sys.path as a script

STARTUP_SECONDS = 60.0
BENCH_FOLDER = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Server:
    """One started server: its label, base URL and process."""

    label: str
    url: str
    process: subprocess.Popen[bytes]


def environment(src: Path, database_url: str, folder: Path) -> dict[str, str]:
    """Return the settings every server runs with: every flag on flask, no throttle, no mail."""
    return gateway_environment(
        src,
        database_url,
        folder,
        PYTHONPATH=f"{src}{os.pathsep}{BENCH_FOLDER}",
        # Off so the login benchmark measures a login, not the throttle's bookkeeping (a
        # successful login is not counted anyway, D23).
        LOGIN_THROTTLE_ENABLED="false",
        MAIL_ENABLED="false",
    )


def commands(port: int) -> dict[str, list[str]]:
    """Return each server's command line (unpinned) listening on 127.0.0.1:`port`."""
    bin_folder = Path(sys.executable).parent
    gateway = [sys.executable, "-m", "cronjobs", "serve", "--port", str(port)]
    found = {
        "gateway": gateway,  # uvicorn's access log on: today's default
        "gateway-quiet": [*gateway, "--no-access-log"],
        # gunicorn and Granian log no requests by default either
        "gunicorn": [
            *(str(bin_folder / "gunicorn"), "-w1", "-k", "sync"),
            *("--bind", f"127.0.0.1:{port}", "flask_wsgi:app"),
        ],
        "granian": [
            *(str(bin_folder / "granian"), "--interface", "wsgi", "--workers", "1"),
            *("--host", "127.0.0.1", "--port", str(port), "flask_wsgi:app"),
        ],
    }
    return {label: command for label, command in found.items() if shutil.which(command[0])}


def start(label: str, command: list[str], env: dict[str, str], folder: Path, core: str) -> Server:
    """Start one server pinned to `core`, its output in `folder`; return it once healthy."""
    port = int(command[command.index("--port") + 1]) if "--port" in command else None
    if port is None:
        port = int(command[command.index("--bind") + 1].rsplit(":", 1)[1])
    log = (folder / f"{label}.log").open("wb")
    process = subprocess.Popen(
        ["taskset", "-c", core, *command], env=env, cwd=folder, stdout=log, stderr=log
    )
    url = f"http://127.0.0.1:{port}"
    wait_healthy(process, url, STARTUP_SECONDS)  # its output: `folder / f"{label}.log"`
    return Server(label, url, process)


def stop(server: Server) -> None:
    """Stop one server and wait for it."""
    server.process.terminate()
    try:
        server.process.wait(15)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()
