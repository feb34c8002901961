"""What the rules need from the running process: its settings and its scheduler."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, tzinfo

from cronjobs.domain.common.clock import scheduler_zone, today
from cronjobs.domain.common.scheduling import JobScheduler, NoScheduler
from cronjobs.settings import Settings


@dataclass(frozen=True, slots=True)
class Service:
    """The process-wide context every stack hands to the domain."""

    settings: Settings
    scheduler: JobScheduler = field(default_factory=NoScheduler)

    @property
    def zone(self) -> tzinfo:
        """Return the scheduler timezone (UTC when the configured name is invalid)."""
        return scheduler_zone(self.settings.scheduler_timezone)

    def today(self) -> date:
        """Return today in the scheduler timezone."""
        return today(self.zone)

    @property
    def expose_details(self) -> bool:
        """Tell whether error messages may carry exception text (§1.3)."""
        return self.settings.details_exposed

    def github_token(self) -> str:
        """Return GITHUB_TOKEN, read at call time as the spec requires (§7.1)."""
        return os.environ.get("GITHUB_TOKEN", self.settings.github_token).strip()

    def default_github_owner(self) -> str:
        """Return DEFAULT_GITHUB_OWNER, read at call time (§7.1, D13)."""
        return os.environ.get("DEFAULT_GITHUB_OWNER", self.settings.default_github_owner).strip()
