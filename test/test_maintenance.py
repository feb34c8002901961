"""Weekly end_date maintenance (spec §6.8, the weekly rows of §6.6), called as the scheduler will.

Which jobs are paused and reminded, what the scheduler and the notifications see. Every test
runs on its own copy of the world database with a fixed today (`TODAY`, a Monday) and the
recording scheduler as this process's scheduler; Slack is off. Slack is in
`test_maintenance_slack.py`.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from cronjobs.settings import Settings
from tests_support.kit.worlds.maintenance import (  # noqa: F401  (this module's fixtures)
    AUTO_PAUSED,
    ENDING_SOON,
    MaintenanceWorld,
    world_fixture,
)

# --- the two windows -------------------------------------------------------------------------

# (end_date offset from today or None, active) → (paused, days left of the reminder or None)
WINDOWS = {
    "active_yesterday": (-1, True, True, None),
    "active_a_year_ago": (-365, True, True, None),
    "inactive_yesterday": (-1, False, False, None),
    "active_today": (0, True, False, 0),
    "inactive_today": (0, False, False, 0),
    "active_in_30_days": (30, True, False, 30),
    "inactive_in_30_days": (30, False, False, 30),
    "active_in_31_days": (31, True, False, None),
    "inactive_in_31_days": (31, False, False, None),
    "without_end_date": (None, True, False, None),
}


@pytest.mark.parametrize(("offset", "active", "paused", "days_left"), WINDOWS.values(), ids=WINDOWS)
def test_end_date_window_decides_pause_and_reminder(
    world: MaintenanceWorld, offset: int | None, active: bool, paused: bool, days_left: int | None
) -> None:
    job = world.add_job("Nightly sync", offset, active=active)
    report = world.run()
    assert report.paused == ((job,) if paused else ())
    assert report.reminded == (((job, days_left),) if days_left is not None else ())
    assert world.is_active(job) is (active and not paused)
    assert world.scheduler.calls == ([("unschedule", job, "Nightly sync")] if paused else [])
    titles = {notice[2] for notice in world.notices()}
    assert titles == (
        {AUTO_PAUSED} if paused else {ENDING_SOON} if days_left is not None else set()
    )


def test_pause_is_committed_before_the_job_is_unscheduled(world: MaintenanceWorld) -> None:
    world.add_job("Nightly sync", -1)
    world.run()
    assert world.scheduler.active_when_unscheduled == [False]


def test_unschedule_failure_is_ignored(world: MaintenanceWorld) -> None:
    job = world.add_job("Nightly sync", -1)
    world.scheduler.failing = frozenset({"unschedule"})
    report = world.run()
    assert report.paused == (job,)
    assert world.is_active(job) is False


def test_jobs_are_handled_by_end_date_then_name(world: MaintenanceWorld) -> None:
    late = world.add_job("B late", 20)
    soon_b = world.add_job("B soon", 3)
    soon_a = world.add_job("A soon", 3)
    old = world.add_job("Old", -10)
    older = world.add_job("Older", -20)
    report = world.run()
    assert report.paused == (older, old)
    assert report.reminded == ((soon_a, 3), (soon_b, 3), (late, 20))


def test_today_defaults_to_the_scheduler_timezone_date(
    world_database: Callable[..., Settings],
) -> None:
    # UTC+14: its date differs from UTC's and Tokyo's for most of the day.
    world = MaintenanceWorld(world_database(scheduler_timezone="Pacific/Kiritimati"))
    try:
        before = world.service.today()
        report = world.run(today=None)
        assert report.today in {before, world.service.today()}
    finally:
        world.close()


# --- notifications (§6.6) --------------------------------------------------------------------


def test_paused_job_notice_names_its_end_date_and_team(world: MaintenanceWorld) -> None:
    job = world.add_job("Nightly sync", -3)
    world.run()
    message = (
        'Job "Nightly sync" passed its end_date (2026-02-27 JST) and was auto-paused. '
        "PIC Team: qa-team"
    )
    assert world.notices() == world.expected_notices(["admin", "user"], AUTO_PAUSED, message, job)


# end_date offset → first sentence; "day(s)" is literal whatever the count
REMINDERS = {
    "today": (0, 'Job "Nightly sync" ends on 2026-03-02 JST (0 day(s) left).'),
    "tomorrow": (1, 'Job "Nightly sync" ends on 2026-03-03 JST (1 day(s) left).'),
    "in_30_days": (30, 'Job "Nightly sync" ends on 2026-04-01 JST (30 day(s) left).'),
}


@pytest.mark.parametrize(("offset", "sentence"), REMINDERS.values(), ids=REMINDERS)
def test_reminder_notice_counts_the_days_left(
    world: MaintenanceWorld, offset: int, sentence: str
) -> None:
    job = world.add_job("Nightly sync", offset)
    world.run()
    message = f"{sentence} PIC Team: qa-team"
    assert world.notices() == world.expected_notices(["admin", "user"], ENDING_SOON, message, job)


@pytest.mark.parametrize(
    ("offset", "title", "sentence"),
    [
        (-1, AUTO_PAUSED, "passed its end_date (2026-03-01 JST) and was auto-paused."),
        (6, ENDING_SOON, "ends on 2026-03-08 JST (6 day(s) left)."),
    ],
    ids=["paused", "reminder"],
)
def test_job_without_team_is_noticed_with_a_dash(
    world: MaintenanceWorld, offset: int, title: str, sentence: str
) -> None:
    job = world.add_job("Nightly sync", offset, team=None)
    world.run()
    message = f'Job "Nightly sync" {sentence} PIC Team: -'
    assert world.notices() == world.expected_notices(["admin", "user"], title, message, job)


# creator key (None: no creator) and whether to deactivate it → users noticed
RECIPIENTS = {
    "creator_and_active_admins": ("user", False, ["admin", "ada", "user"]),
    "inactive_creator_still_noticed": ("user", True, ["admin", "ada", "user"]),
    "admin_creator_noticed_once": ("ada", False, ["admin", "ada"]),
    "inactive_admin_creator_noticed": ("ivan", False, ["admin", "ada", "ivan"]),
    "no_creator": (None, False, ["admin", "ada"]),
}


@pytest.mark.parametrize("offset", [-1, 10], ids=["paused", "reminder"])
@pytest.mark.parametrize(("creator", "deactivate", "keys"), RECIPIENTS.values(), ids=RECIPIENTS)
def test_notices_go_to_the_creator_and_the_active_admins(
    world: MaintenanceWorld, offset: int, creator: str | None, deactivate: bool, keys: list[str]
) -> None:
    world.add_user("ada", "admin")
    world.add_user("ivan", "admin", active=False)
    job = world.add_job("Nightly sync", offset, creator=creator)
    if deactivate:
        world.deactivate("user")
    world.run()
    recipients = [notice[0] for notice in world.notices()]
    assert sorted(recipients) == sorted(world.ids[key] for key in keys)
    assert {notice[4] for notice in world.notices()} == {job}
