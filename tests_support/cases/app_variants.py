"""Cases that need the app started differently: settings, environment, a recording scheduler.

The scheduler is `schedulers.RecordingScheduler`, described by the case's `SchedulerPlan`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from cronjobs.legacy import create_app, dispose
from cronjobs.settings import Settings
from tests_support.kit.case import Case
from tests_support.kit.clients import flask_sender
from tests_support.kit.schedulers import SchedulerPlan
from tests_support.kit.worlds.base import World


@dataclass(frozen=True, kw_only=True)
class AppCase(Case):
    """A case whose app starts with `settings` overrides and `scheduler`, under `environ`.

    `environ` is set after the app has started, so it proves a variable is read at request time.
    """

    settings: dict[str, Any] = field(default_factory=dict)
    environ: dict[str, str] = field(default_factory=dict)
    scheduler: SchedulerPlan | None = None


def replay_on_flask(case: AppCase, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    """Start the Flask app for an app case, replay the case, then check the scheduler's calls."""
    scheduler = case.scheduler.build(settings.database_url) if case.scheduler else None
    app = create_app(settings, scheduler=scheduler)
    world = World(settings.database_url, settings.jwt_secret_key)
    try:
        for name, value in case.environ.items():
            monkeypatch.setenv(name, value)
        case.replay(world, flask_sender(app.test_client()))
        if case.scheduler is not None and scheduler is not None:
            assert scheduler.calls == list(case.scheduler.calls)
    finally:
        world.close()
        dispose(app)
        if scheduler is not None:
            scheduler.close()
