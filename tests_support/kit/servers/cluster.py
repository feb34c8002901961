"""A cluster for tests, from the very files in `deploy/`: instances behind Debian's nginx.

Each instance runs the systemd unit's `ExecStart` (the unit's interpreter swapped for this one,
`%i` for its port) with the environment file example, overridden only where a test machine must
differ (the database, the cutover file, faster polls, a short drain, the default admin). nginx
serves the site `deploy/render_nginx.py` renders for their ports, under a minimal main
configuration of our own in the test's folder. Everything listens on 127.0.0.1, and every
process is killed when the cluster is left.
"""

from __future__ import annotations

import importlib.util
import shlex
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

from tests_support.kit.servers.gateway_processes import (
    REPOSITORY_ROOT,
    free_port,
    wait_until_answering,
)

DEPLOY = REPOSITORY_ROOT / "deploy"
UNIT_PYTHON = "/opt/cronjobs/.venv/bin/python"
# An instance's first start prepares the database.
STARTUP_SECONDS = 60.0
STOP_SECONDS = 30.0
# What a test machine changes in the environment file example, besides the database.
TEST_SETTINGS = {
    "ALLOW_DEFAULT_ADMIN": "true",
    "SCHEDULER_POLL_SECONDS": "1",
    "CUTOVER_REFRESH_SECONDS": "1",
    "DRAIN_SECONDS": "2.5",  # above nginx's upstream keepalive_timeout (2 s)
    "MAIL_ENABLED": "false",
}
NGINX_MAIN = """\
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {site};
}}
"""


def unit_command(port: int) -> list[str]:
    """The unit's `ExecStart` for the instance on `port`, run by this interpreter."""
    unit = (DEPLOY / "cronjobs@.service").read_text(encoding="utf-8")
    line = next(line for line in unit.splitlines() if line.startswith("ExecStart="))
    command = shlex.split(line.removeprefix("ExecStart=").replace("%i", str(port)))
    assert command[0] == UNIT_PYTHON, f"the unit runs {command[0]}, not {UNIT_PYTHON}"
    return [sys.executable, *command[1:]]


def example_environment() -> dict[str, str]:
    """The settings of `deploy/cronjobs.env.example`, as systemd reads them."""
    settings = {}
    for line in (DEPLOY / "cronjobs.env.example").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            settings[name.strip()] = value.strip()
    return settings


class Instance:
    """One instance on a fixed port, started and stopped like its systemd unit."""

    def __init__(self, port: int, environment: dict[str, str], folder: Path) -> None:
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self._environment = environment
        self._folder = folder
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start the unit's command and wait until `/_gateway/ready` answers 200."""
        self._process = subprocess.Popen(
            unit_command(self.port), env=self._environment, cwd=self._folder
        )
        name = f"instance {self.port}"
        wait_until_answering(
            self._process, f"{self.url}/_gateway/ready", name, seconds=STARTUP_SECONDS
        )

    def stop(self) -> None:
        """SIGTERM, as systemd stops the unit: the drain, then a clean stop; wait for it."""
        assert self._process is not None
        self._process.send_signal(signal.SIGTERM)
        self._process.wait(STOP_SECONDS)

    def close(self) -> None:
        """Make sure the process is dead and reaped."""
        if self._process is not None and self._process.poll() is None:
            self._process.kill()
            self._process.wait(STOP_SECONDS)


@dataclass(frozen=True)
class Nginx:
    """nginx serving the deploy site: its URL, its site file, how it listens and reloads."""

    url: str
    listen: str
    site: Path
    command: list[str]

    def reload(self) -> None:
        """`nginx -s reload`: new workers read the site; the old ones finish their requests."""
        subprocess.run([*self.command, "-s", "reload"], check=True, timeout=STOP_SECONDS)


class Cluster:
    """Instances behind nginx."""

    def __init__(self, instances: list[Instance], nginx: Nginx) -> None:
        self.instances = instances
        self.nginx = nginx
        self.url = nginx.url

    def rolling_restart(self) -> None:
        """Restart every instance in turn with `deploy/rolling_restart.py`'s procedure."""
        by_address = {f"127.0.0.1:{instance.port}": instance for instance in self.instances}

        def restart(address: str) -> None:
            by_address[address].stop()
            by_address[address].start()

        _deploy_module("rolling_restart").rolling_restart(
            list(by_address),
            listen=self.nginx.listen,
            site=self.nginx.site,
            reload_nginx=self.nginx.reload,
            restart=restart,
        )


def _deploy_module(name: str) -> ModuleType:
    # deploy/ holds scripts, not a package: load one from its file, as `python deploy/…` runs it.
    spec = importlib.util.spec_from_file_location(f"deploy_{name}", DEPLOY / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@contextmanager
def running_nginx(instances: list[Instance], folder: Path) -> Iterator[Nginx]:
    """Serve the deploy site for `instances` with nginx."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        pytest.skip("nginx is not installed (`make test` installs Debian's nginx-light)")
    port = free_port()
    listen = f"127.0.0.1:{port}"
    render = [sys.executable, str(DEPLOY / "render_nginx.py"), "--listen", listen]
    site = subprocess.run(
        [*render, *(f"127.0.0.1:{instance.port}" for instance in instances)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    (folder / "cronjobs.conf").write_text(site, encoding="utf-8")
    main = folder / "nginx.conf"
    main.write_text(NGINX_MAIN.format(folder=folder, site=folder / "cronjobs.conf"), "utf-8")
    command = [nginx, "-p", str(folder), "-e", str(folder / "nginx-error.log"), "-c", str(main)]
    process = subprocess.Popen([*command, "-g", "daemon off;"])
    url = f"http://{listen}"
    try:
        # Any answer will do: nginx is up once it passes a request on.
        wait_until_answering(process, f"{url}/_gateway/live", "nginx", accept=lambda _r: True)
        yield Nginx(url, listen, folder / "cronjobs.conf", command)
    finally:
        process.terminate()
        process.wait(STOP_SECONDS)


@contextmanager
def running_cluster(database_url: str, folder: Path, size: int) -> Iterator[Cluster]:
    """Start `size` instances on the database and nginx before them; stop all on leaving."""
    (folder / "cutover.toml").write_text("[endpoints]\n", encoding="utf-8")
    environment = {
        **example_environment(),
        **TEST_SETTINGS,
        "DATABASE_URL": database_url,
        "CUTOVER_FILE": str(folder / "cutover.toml"),
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(REPOSITORY_ROOT / "src"),
    }
    instances = [Instance(free_port(), environment, folder) for _ in range(size)]
    try:
        for instance in instances:
            instance.start()
        with running_nginx(instances, folder) as nginx:
            yield Cluster(instances, nginx)
    finally:
        for instance in instances:
            instance.close()
