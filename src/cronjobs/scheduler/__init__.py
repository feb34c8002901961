"""The scheduler of spec §6: lease, resync, firing, weekly maintenance (APScheduler 3)."""

from cronjobs.scheduler.process import ProcessScheduler

__all__ = ["ProcessScheduler"]
