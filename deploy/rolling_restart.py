"""Restart every instance behind nginx, one after another, without failing a request.

    python deploy/rolling_restart.py --listen 80 --site /etc/nginx/sites-enabled/cronjobs.conf \
        127.0.0.1:8001 127.0.0.1:8002 127.0.0.1:8003

For each instance in turn: render the site with that instance `down` and reload nginx (its old
workers finish what they were sending; new requests go to the others), wait while the instance
answers what was already on its way, restart it (`systemctl restart cronjobs@<port>`: SIGTERM,
the drain, a clean stop, a start), wait until its `/_gateway/ready` answers 200, then render the
site with every instance up and reload again. A request is never sent to an instance whose
listening socket is about to close, which is what the drain alone cannot promise: connections
nginx opened just before the close would be reset, and a write sent on them could not be retried.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from render_nginx import render

READY_SECONDS = 120.0
# What an instance taken out may still be answering, before it is stopped.
SETTLE_SECONDS = 1.0


def wait_ready(instance: str, seconds: float = READY_SECONDS) -> None:
    """Wait until `http://<instance>/_gateway/ready` answers 200."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://{instance}/_gateway/ready", timeout=5) as reply:
                if reply.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{instance} was not ready within {seconds:g} s")


def rolling_restart(
    instances: list[str],
    *,
    listen: str,
    site: Path,
    reload_nginx: Callable[[], None],
    restart: Callable[[str], None],
) -> None:
    """Restart each instance with nginx sending it nothing meanwhile."""
    for instance in instances:
        site.write_text(render(listen, instances, frozenset({instance})), encoding="utf-8")
        reload_nginx()
        time.sleep(SETTLE_SECONDS)
        restart(instance)
        wait_ready(instance)
        site.write_text(render(listen, instances), encoding="utf-8")
        reload_nginx()


def main() -> None:
    """Restart the instances on the command line through systemd and nginx."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listen", default="80")
    parser.add_argument("--site", type=Path, default=Path("/etc/nginx/sites-enabled/cronjobs.conf"))
    parser.add_argument("instances", nargs="+", help="host:port of each instance")
    args = parser.parse_args()

    def reload_nginx() -> None:
        subprocess.run(["nginx", "-s", "reload"], check=True)

    def restart(instance: str) -> None:
        port = instance.rpartition(":")[2]
        subprocess.run(["systemctl", "restart", f"cronjobs@{port}"], check=True)

    rolling_restart(
        args.instances,
        listen=args.listen,
        site=args.site,
        reload_nginx=reload_nginx,
        restart=restart,
    )


if __name__ == "__main__":
    main()
