"""Compiled cron triggers are cached (`domain.jobs.cron`): answers stay those of a fresh one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from apscheduler.triggers.cron import CronTrigger

from cronjobs.domain.jobs.cron import cron_problem, next_fire_time

START = datetime(2026, 3, 28, 23, 58, 30, 250_000, tzinfo=UTC)  # Paris changes clocks the 29th
ZONES = [UTC, ZoneInfo("Europe/Paris")]
# Forward in uneven steps across fires and the clock change, then back before the start.
STEPS = [timedelta(seconds=s) for s in (0, 29.75, 30, 0.5, 61, 3600, 7200, 86_400)]


def instants() -> list[datetime]:
    """Every instant the test asks at, in the order it asks."""
    moments, moment = [], START
    for step in STEPS:
        moment += step
        moments.append(moment)
    return [*moments, START - timedelta(hours=5)]


def fresh(expression: str, zone: ZoneInfo, moment: datetime) -> datetime | None:
    """The first fire time from a trigger parsed for this call alone."""
    trigger = CronTrigger.from_crontab(expression, timezone=zone)
    fire: datetime | None = trigger.get_next_fire_time(None, moment.astimezone(zone))
    return fire


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("expression", ["0 0 * * *", "*/5 * * * *", "30 2 * * *", "0 9 * * 1-5"])
def test_a_cached_trigger_gives_a_fresh_triggers_fire_time_at_every_instant(
    expression: str, zone: ZoneInfo
) -> None:
    for moment in instants():
        assert next_fire_time(expression, zone, moment) == fresh(expression, zone, moment)


def test_an_invalid_expression_has_no_fire_time_however_often_asked() -> None:
    assert [next_fire_time("61 * * * *", UTC, START) for _ in range(2)] == [None, None]


def test_the_cached_check_gives_the_same_message_as_the_first() -> None:
    first = cron_problem("* * * * 9", UTC)
    assert first is not None
    assert cron_problem(" * * * * 9 ", UTC) == first
