"""Weekly end_date maintenance on Slack (spec §6.8 "Slack"): texts, payloads, failures.

Every test runs on its own copy of the world database with a fixed today (`TODAY`, a Monday);
a local HTTPS server, trusted through a trustme CA, stands in for the Slack webhook.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
import trustme

from cronjobs.domain.slack.messages import SlackDelivery, SlackSender
from tests_support.kit.servers.http_stub import HttpStub, closed_port_url
from tests_support.kit.worlds.maintenance import (  # noqa: F401  (this module's fixtures)
    LINK_BASE,
    MaintenanceWorld,
    ca_fixture,
    trusting,
    world_fixture,
)

HOOK = "/services/T000/B000/hook"


@pytest.fixture
def slack(world: MaintenanceWorld, ca: trustme.CA) -> Iterator[HttpStub]:
    """An HTTPS Slack webhook answering 200, set up and enabled; the world's sender trusts it."""
    with HttpStub(tls=ca) as stub:
        stub.answer(HOOK, 200, "ok")
        world.slack_sender = SlackSender(trusting(ca))
        world.set_slack(enabled=True, url=stub.url + HOOK)
        yield stub


def texts(stub: HttpStub) -> list[str]:
    """Return the texts the Slack stub received, in order."""
    return [request.json()["text"] for request in stub.requests]


def link(job_id: str, name: str) -> str:
    """Return the Slack deep link to a job's edit page."""
    return f"<{LINK_BASE}/{job_id}/edit|{name}>"


def test_slack_gets_the_pause_texts_then_the_reminders(
    world: MaintenanceWorld, slack: HttpStub
) -> None:
    reminder = world.add_job("Weekly report", 12)
    paused = world.add_job("Nightly sync", -2)
    report = world.run()
    expected = [
        f":warning: @qa-team Job auto-paused (end date passed): {link(paused, 'Nightly sync')} "
        "(end_date 2026-02-28 JST)",
        f":warning: @qa-team Job ending soon (12d): {link(reminder, 'Weekly report')} "
        "(end_date 2026-03-14 JST)",
    ]
    assert texts(slack) == expected
    assert report.slack == tuple(SlackDelivery(text, True) for text in expected)


def test_slack_post_is_json_to_the_webhook(world: MaintenanceWorld, slack: HttpStub) -> None:
    world.add_job("Nightly sync", 5)
    world.run()
    (request,) = slack.requests
    assert (request.method, request.path) == ("POST", HOOK)
    assert request.headers["content-type"] == "application/json"


# PIC team of the job, and the team row stored (None: no row) → prefix of the headline
HANDLES: dict[str, tuple[str | None, tuple[str, str | None] | None, str]] = {
    "handle": ("ops", ("ops", "@ops-team"), "@ops-team "),
    "handle_trimmed": ("ops", ("ops", "  <!subteam^S0123>  "), "<!subteam^S0123> "),
    "blank_handle": ("ops", ("ops", "   "), ""),
    "no_handle": ("ops", ("ops", None), ""),
    "team_missing": ("ghost", None, ""),
    "no_team": (None, None, ""),
}


@pytest.mark.parametrize(("team", "stored", "prefix"), HANDLES.values(), ids=HANDLES)
def test_slack_text_starts_with_the_team_handle(
    world: MaintenanceWorld,
    slack: HttpStub,
    team: str | None,
    stored: tuple[str, str | None] | None,
    prefix: str,
) -> None:
    if stored is not None:
        world.add_team(*stored)
    job = world.add_job("Nightly sync", 7, team=team)
    world.run()
    assert texts(slack) == [
        f":warning: {prefix}Job ending soon (7d): {link(job, 'Nightly sync')} "
        "(end_date 2026-03-09 JST)"
    ]


@pytest.mark.parametrize(
    ("channel", "extra"),
    [("#ops-alerts", {"channel": "#ops-alerts"}), (None, {}), ("   ", {})],
    ids=["channel", "no_channel", "blank_channel"],
)
def test_slack_payload_names_the_channel_when_set(
    world: MaintenanceWorld, ca: trustme.CA, channel: str | None, extra: dict[str, Any]
) -> None:
    job = world.add_job("Nightly sync", 0)
    with HttpStub(tls=ca) as stub:
        stub.answer(HOOK, 200)
        world.set_slack(enabled=True, url=stub.url + HOOK, channel=channel)
        world.run(slack=SlackSender(trusting(ca)))
    text = (
        f":warning: @qa-team Job ending soon (0d): {link(job, 'Nightly sync')} "
        "(end_date 2026-03-02 JST)"
    )
    assert [request.json() for request in stub.requests] == [{"text": text} | extra]


def _no_row(world: MaintenanceWorld, url: str) -> None:
    """Store no Slack settings row at all."""


SLACK_OFF: dict[str, Callable[[MaintenanceWorld, str], None]] = {
    "no_settings_row": _no_row,
    "disabled": lambda world, url: world.set_slack(enabled=False, url=url),
    "enabled_without_url": lambda world, url: world.set_slack(enabled=True, url=None),
    "enabled_with_empty_url": lambda world, url: world.set_slack(enabled=True, url=""),
}


@pytest.mark.parametrize("setup", SLACK_OFF.values(), ids=SLACK_OFF)
def test_slack_off_posts_nothing_but_maintenance_runs(
    world: MaintenanceWorld,
    ca: trustme.CA,
    setup: Callable[[MaintenanceWorld, str], None],
) -> None:
    job = world.add_job("Nightly sync", -1)
    with HttpStub(tls=ca) as stub:
        stub.answer(HOOK, 200)
        setup(world, stub.url + HOOK)
        report = world.run(slack=SlackSender(trusting(ca)))
    assert (stub.requests, report.slack) == ([], ())
    assert world.is_active(job) is False
    assert len(world.notices()) == 2


@pytest.mark.parametrize(
    "make_url",
    [
        lambda stub: stub.url + HOOK,  # plain http:// on a server that would answer
        lambda stub: "https:///services/hook",  # no host
        lambda stub: "ftp://127.0.0.1/services/hook",
        lambda stub: "hooks.slack.com/services/hook",  # no scheme
    ],
    ids=["http", "https_without_host", "ftp", "no_scheme"],
)
def test_webhook_url_other_than_https_with_host_is_skipped(
    world: MaintenanceWorld, http_stub: HttpStub, make_url: Callable[[HttpStub], str]
) -> None:
    http_stub.answer(HOOK, 200)
    world.set_slack(enabled=True, url=make_url(http_stub))
    job = world.add_job("Nightly sync", -1)
    report = world.run(slack=SlackSender())
    assert (http_stub.requests, report.slack) == ([], ())
    assert world.is_active(job) is False


def test_slack_error_status_is_ignored(world: MaintenanceWorld, slack: HttpStub) -> None:
    slack.answer(HOOK, 500, "internal_error")
    paused = world.add_job("Nightly sync", -1)
    world.add_job("Weekly report", 3)
    report = world.run()
    assert [delivery.delivered for delivery in report.slack] == [False, False]
    assert len(slack.requests) == 2  # the first failure does not stop the second text
    assert world.is_active(paused) is False
    assert len(world.notices()) == 4


def test_unreachable_slack_is_ignored(world: MaintenanceWorld, ca: trustme.CA) -> None:
    world.set_slack(enabled=True, url=closed_port_url().replace("http://", "https://") + HOOK)
    paused = world.add_job("Nightly sync", -1)
    report = world.run(slack=SlackSender(trusting(ca)))
    assert [delivery.delivered for delivery in report.slack] == [False]
    assert world.is_active(paused) is False
    assert world.scheduler.calls == [("unschedule", paused, "Nightly sync")]


def test_nothing_in_either_window_posts_nothing(world: MaintenanceWorld, slack: HttpStub) -> None:
    world.add_job("Expired and paused", -1, active=False)
    world.add_job("Far away", 31)
    report = world.run()
    assert (slack.requests, report.slack, world.notices()) == ([], (), [])
