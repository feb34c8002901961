"""Cron expressions (spec §1.8): APScheduler 3 crontab semantics, validation and fire times."""

from __future__ import annotations

from datetime import datetime, tzinfo
from functools import lru_cache

from apscheduler.triggers.cron import CronTrigger

from cronjobs.domain.errors import InvalidInput

FIELD_COUNT_MESSAGE = (
    "Cron expression must have exactly 5 fields (minute hour day month day-of-week)."
)


TRIGGER_CACHE_SIZE = 4096  # distinct (expression, zone) pairs kept compiled


@lru_cache(maxsize=TRIGGER_CACHE_SIZE)
def _compiled(expression: str, zone: tzinfo) -> CronTrigger | str:
    """Return the trigger of a trimmed expression, or why it is invalid (the §1.8 message).

    Cached because parsing costs about as much as stepping, and a job list asks for every job's
    expression on every request; a trigger is immutable, so sharing one between threads is safe.
    """
    if not expression:
        return "Cron expression is required."
    if len(expression.split()) != 5:
        return FIELD_COUNT_MESSAGE
    try:
        return CronTrigger.from_crontab(expression, timezone=zone)
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        return str(exc) or "Invalid cron expression."


def cron_problem(expression: str, zone: tzinfo) -> str | None:
    """Return why an expression is invalid (the §1.8 message), or None when it is valid."""
    compiled = _compiled(expression.strip(), zone)
    return compiled if isinstance(compiled, str) else None


def invalid_cron(message: str) -> InvalidInput:
    """Return the 400 for an invalid expression."""
    return InvalidInput("Invalid cron expression", message)


def checked_cron(expression: str, zone: tzinfo) -> str:
    """Return the trimmed expression, or fail with the invalid-cron 400."""
    problem = cron_problem(expression, zone)
    if problem is not None:
        raise invalid_cron(problem)
    return expression.strip()


def fire_times(expression: str, zone: tzinfo, count: int, now: datetime) -> list[datetime]:
    """Return the next `count` fire times at or after `now`, each after the previous one."""
    trigger = _compiled(expression.strip(), zone)
    if isinstance(trigger, str):
        raise invalid_cron(trigger)
    times: list[datetime] = []
    previous: datetime | None = None
    current = now.astimezone(zone)
    while len(times) < count:
        fire = trigger.get_next_fire_time(previous, current)
        if fire is None:
            break
        times.append(fire)
        previous = current = fire
    return times


def next_fire_time(expression: str, zone: tzinfo, now: datetime) -> datetime | None:
    """Return the first fire time at or after `now`, or None for an invalid expression."""
    trigger = _compiled(expression.strip(), zone)
    if isinstance(trigger, str):
        return None
    fire: datetime | None = trigger.get_next_fire_time(None, now.astimezone(zone))
    return fire


class NextFireTimes:
    """First fire times at or after one instant, computed once per distinct expression.

    A job list renders thousands of jobs sharing a handful of expressions, and parsing plus
    stepping a trigger costs a fraction of a millisecond each time (DESIGN §9 list budget).
    """

    def __init__(self, zone: tzinfo, now: datetime) -> None:
        self.zone = zone
        self.now = now
        self._known: dict[str, datetime | None] = {}

    def __call__(self, expression: str) -> datetime | None:
        """Return the expression's first fire time at or after `now`, or None when invalid."""
        if expression not in self._known:
            self._known[expression] = next_fire_time(expression, self.zone, self.now)
        return self._known[expression]
