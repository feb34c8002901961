"""Render deploy/nginx-site.conf.template for a set of instances.

    python deploy/render_nginx.py --listen 80 127.0.0.1:8001 127.0.0.1:8002 127.0.0.1:8003 \
        > /etc/nginx/sites-enabled/cronjobs.conf

`--down 127.0.0.1:8002` marks an instance `down` (nginx sends it nothing new): what
`deploy/rolling_restart.py` renders while it restarts that instance.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from string import Template

TEMPLATE = Path(__file__).with_name("nginx-site.conf.template")
# An instance is left out for this long after one failed connection (nginx's passive check).
FAIL_TIMEOUT_SECONDS = 5


def render(listen: str, instances: list[str], down: frozenset[str] = frozenset()) -> str:
    """Return the site: an upstream server per `host:port` instance, those in `down` left out."""
    servers = "\n".join(
        f"    server {instance} max_fails=1 fail_timeout={FAIL_TIMEOUT_SECONDS}s"
        + (" down;" if instance in down else ";")
        for instance in instances
    )
    # `$host` and the other nginx variables stay as they are: only ours are filled in.
    return Template(TEMPLATE.read_text(encoding="utf-8")).safe_substitute(
        listen=listen, upstream_servers=servers
    )


def main() -> None:
    """Print the site rendered for the instances on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listen", default="80", help="what nginx listens on (port or addr:port)")
    parser.add_argument("--down", action="append", default=[], help="an instance to leave out")
    parser.add_argument("instances", nargs="+", help="host:port of each instance")
    args = parser.parse_args()
    print(render(args.listen, args.instances, frozenset(args.down)), end="")


if __name__ == "__main__":
    main()
