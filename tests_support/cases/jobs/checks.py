"""Checks the job cases share: stored columns, broadcasts, cascades, list order.

Each reads the database after the reply, as another client would (§5, §6.6).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from cronjobs.models import Job, JobExecution, Notification, User
from tests_support.kit.case import Check, Reply
from tests_support.kit.worlds.base import World
from tests_support.kit.worlds.jobs import JOB, SEEDS


def checks(*steps: Check) -> Check:
    """Run several checks."""

    def check(world: World, reply: Reply) -> None:
        for step in steps:
            step(world, reply)

    return check


def job_row(key_or_name: str, **columns: Any) -> Check:
    """The job (a seed key, or the name of a new job) now holds these column values."""

    def check(world: World, _reply: Reply) -> None:
        where = {"id": JOB[key_or_name]} if key_or_name in JOB else {"name": key_or_name}
        row = world.row(Job, **where)
        assert row is not None, key_or_name
        assert {name: getattr(row, name) for name in columns} == columns

    return check


def refreshed(key: str) -> Check:
    """The seeded job's `updated_at` moved past its seeded value."""

    def check(world: World, _reply: Reply) -> None:
        row = world.row(Job, id=JOB[key])
        assert row is not None and row.updated_at > SEEDS[key].created_at

    return check


def job_gone(key_or_name: str) -> Check:
    """No job with that seed id or name exists."""

    def check(world: World, _reply: Reply) -> None:
        where = {"id": JOB[key_or_name]} if key_or_name in JOB else {"name": key_or_name}
        assert world.count(Job, **where) == 0

    return check


def broadcast(title: str, message: str, kind: str, job: str | None = None) -> Check:
    """Exactly one broadcast was sent: one row per active user, nothing else (§6.6, D12).

    `job` is a seed key, `"new"` for the job in the reply, or None for no related job.
    """

    def check(world: World, reply: Reply) -> None:
        with world.session() as session:
            active = set(session.scalars(select(User.id).where(User.is_active.is_(True))))
            rows = session.scalars(select(Notification).where(Notification.title != "Linked"))
            sent = list(rows)
        related = reply.json()["job"]["id"] if job == "new" else JOB.get(job or "")
        assert sorted(row.user_id for row in sent) == sorted(active)
        for row in sent:
            assert (row.title, row.message, row.type) == (title, message, kind)
            assert (row.related_job_id, row.related_execution_id) == (related, None)
            assert (row.is_read, row.read_at) == (False, None)

    return check


def no_broadcast(world: World, _reply: Reply) -> None:
    """No notification was sent."""
    assert world.count(Notification) == world.count(Notification, title="Linked")


def runs_deleted_and_links_cleared(world: World, _reply: Reply) -> None:
    """Alice's job took its runs along; notifications naming them stay, unlinked (§5.2)."""
    assert world.count(JobExecution, job_id=JOB["alice"]) == 0
    assert world.count(JobExecution, job_id=JOB["olga"]) == 1
    with world.session() as session:
        linked = session.scalars(select(Notification).where(Notification.title == "Linked")).all()
    assert [(row.related_job_id, row.related_execution_id) for row in linked] == [(None, None)] * 3


def first_listed(name: str) -> Check:
    """The job list starts with the job of that name."""

    def check(_world: World, reply: Reply) -> None:
        body = reply.json()
        assert body["jobs"][0]["name"] == name
        assert body["count"] == len(body["jobs"]) == len(SEEDS) + 1

    return check
