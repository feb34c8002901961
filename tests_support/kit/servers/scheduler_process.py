"""One real gateway process with its scheduler on, for the two-process tests.

Run as `python -m tests_support.kit.servers.scheduler_process --port N`; it reads `Settings`
from the environment (DATABASE_URL, SCHEDULER_POLL_SECONDS, ...) like `cronjobs serve`, and
serves `cronjobs.main.create_app` with uvicorn on 127.0.0.1:N. Two changes make a test of
leadership and handover take seconds instead of minutes:

* the trigger ignores a job's cron text and fires every 2 seconds (one "tick"), because the real
  resolution of a cron expression is one minute;
* the lease TTL is `TEST_LEASE_SECONDS` (default 4) instead of max(30, 3 × poll), the spec's
  minimum of 30 seconds.

Everything else (lease, resync, firing, the runner, the gateway's lifespan) is production code.
"""

from __future__ import annotations

import argparse
import logging
import os
from datetime import tzinfo

import uvicorn
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger

from cronjobs.main import create_app
from cronjobs.scheduler import ProcessScheduler
from cronjobs.settings import load_settings

TICK_SECONDS = 2
LEASE_ENV = "TEST_LEASE_SECONDS"
DEFAULT_LEASE_SECONDS = 4.0


def every_tick(_expression: str, zone: tzinfo) -> BaseTrigger:
    """Fire on every even second, whatever the job's cron expression says."""
    return CronTrigger(second=f"*/{TICK_SECONDS}", timezone=zone)


def lease_ttl() -> float:
    """Return the lease TTL the test asked for in `TEST_LEASE_SECONDS`."""
    return float(os.environ.get(LEASE_ENV, DEFAULT_LEASE_SECONDS))


def main() -> None:
    """Serve one gateway whose scheduler competes for the lease on DATABASE_URL."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    # Lease changes and skipped runs (info, warning) show in a failing test's captured output.
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(process)d %(message)s")
    logging.getLogger("cronjobs.scheduler").setLevel(logging.INFO)
    settings = load_settings()
    scheduler = ProcessScheduler(settings, trigger=every_tick, lease_ttl_seconds=lease_ttl())
    app = create_app(settings, scheduler=scheduler)
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
