"""Differential fuzz (issue 14): odd requests to every endpoint, on Flask and on FastAPI alike.

Two gateways, every endpoint on Flask in one (CUTOVER_DEFAULT=flask) and on FastAPI in the
other, run on copies of one database: the world users plus seeded PIC teams, jobs, runs and
notifications, so ids in paths name real rows. Each odd request goes to both, one after the
other; the status, the JSON body (normalised as the differential check normalises it) and the
contract's headers must be equal, or the test fails with a curl command that replays the request.

The hand-made table sends every odd shape (`kit.fuzz.odd_requests`) to each of the 45 endpoints;
hypothesis then draws `DIFF_EXAMPLES` requests (500 by default, `make fuzz` 5000) with a fixed
seed (`kit.fuzz.generated`), each meeting the seeded databases afresh. No outbound call leaves
127.0.0.1 (`served.no_outbound_calls`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from cronjobs.cutover.contract import CONTRACT_ENDPOINTS
from cronjobs.main import create_app
from cronjobs.models import JobCategory, Notification, PicTeam
from tests_support.kit.databases import sqlite_url
from tests_support.kit.fuzz.generated import odd_requests
from tests_support.kit.fuzz.odd_requests import hand_made
from tests_support.kit.fuzz.served import gateway_settings, no_outbound_calls
from tests_support.kit.fuzz.side_by_side import STACKS, SideBySide, side_by_side
from tests_support.kit.worlds import notifications
from tests_support.kit.worlds.base import MISSING_ID, WORLD_SECRET, World, copy_database
from tests_support.kit.worlds.jobs import JOB, RUN_IDS, add_runs, seed_jobs

EXAMPLES = max(1, min(int(os.environ.get("DIFF_EXAMPLES", "500")), 20_000))


@pytest.fixture(scope="module")
def seeded(world_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A world database with PIC teams, categories, jobs, runs and notifications, made once."""
    path = tmp_path_factory.mktemp("fuzz-world") / "seeded.db"
    url = sqlite_url(path.parent, path.name)
    copy_database(world_template, url)
    world = World(url, WORLD_SECRET)
    try:
        seed_jobs(world)
        add_runs(world)
        notifications.seed(world)
    finally:
        world.close()
    return path


@pytest.fixture(scope="module")
def world(seeded: Path) -> Iterator[World]:
    """The seeded world, read for ids and tokens (the stacks run on copies)."""
    world = World(sqlite_url(seeded.parent, seeded.name), WORLD_SECRET)
    yield world
    world.close()


@pytest.fixture(scope="module")
def ids(world: World) -> dict[str, str]:
    """An id of a seeded row for every path parameter, and `missing`."""
    with world.session() as session:
        admin_note = session.scalars(
            select(Notification.id).where(Notification.user_id == world.ids["admin"])
        ).first()
        team = session.scalars(select(PicTeam.id).where(PicTeam.slug == "qa-team")).one()
        category = session.scalars(select(JobCategory.id).order_by(JobCategory.slug)).first()
    assert admin_note and category
    return {
        "user_id": world.ids["user"],
        "job_id": JOB["alice"],
        "execution_id": RUN_IDS[0],
        "notification_id": admin_note,
        "category_id": category,
        "team_id": team,
        "missing": MISSING_ID,
    }


@pytest.fixture(scope="module")
def tokens(world: World) -> dict[str, str]:
    """An access token of the admin, a user and a viewer, the same for both stacks."""
    return {key: world.token(key) for key in ("admin", "user", "viewer")}


@pytest.fixture(scope="module")
def stacks(seeded: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SideBySide]:
    """Both gateways, each on its own copy of the seeded database, started side by side."""
    folder = tmp_path_factory.mktemp("fuzz-stacks")
    gateways = {}
    for stack in STACKS:
        settings = gateway_settings(folder, stack, f"{stack}.db")
        copy_database(seeded, settings.database_url)
        gateways[stack] = (create_app(settings), settings.database_url)
    with no_outbound_calls(), side_by_side(gateways) as pair:
        yield pair


def test_hand_made_odd_requests_get_the_same_answers_from_both_stacks(
    stacks: SideBySide, ids: dict[str, str], tokens: dict[str, str]
) -> None:
    differences = []
    for request in hand_made(ids, tokens["admin"]):
        difference = stacks.difference(request)
        if difference is not None:
            differences.append(difference)
    assert not differences, f"{len(differences)} differences; the first:\n{differences[0]}"


def test_the_hand_made_table_reaches_every_endpoint(
    stacks: SideBySide, ids: dict[str, str], tokens: dict[str, str]
) -> None:
    # An answer the endpoint gave carries its stack; routing's 404 and 405 come from Flask.
    reached = set()
    for request in hand_made(ids, tokens["admin"]):
        if request.note == "no body" or request.endpoint in reached:
            continue
        answer = stacks.answers(request)[1]
        if answer.served_by == "fastapi":
            reached.add(request.endpoint)
    assert reached == set(CONTRACT_ENDPOINTS)


@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: both databases move on each request
    suppress_health_check=list(HealthCheck),
)
@given(data=st.data())
def test_generated_odd_requests_get_the_same_answers_from_both_stacks(
    data: st.DataObject,
    stacks: SideBySide,
    seeded: Path,
    ids: dict[str, str],
    tokens: dict[str, str],
) -> None:
    # Each request meets the seeded world, so the one that shows a difference replays alone.
    for database in stacks.databases:
        copy_database(seeded, database)
    request = data.draw(odd_requests(ids, tokens), label="request")
    difference = stacks.difference(request)
    assert difference is None, difference
