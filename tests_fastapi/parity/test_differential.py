"""Differential check (DESIGN §8): one scripted session replayed on Flask and on FastAPI.

The same 450 requests, good and bad, over all 45 endpoints, run against two fresh databases,
one served entirely by each stack (SQLite, and PostgreSQL when TEST_DATABASE_URL is set). Both
runs call one HttpStub standing in for webhooks and GitHub. Each response, and the calls the
service made to the stub while answering, are normalised (`cases.differential.recorder`) and
compared one by one; the first difference is printed in full. The script is told in parts,
`tests_support/differential_script_*.py`, sharing a `differential_cast.Cast`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from werkzeug.exceptions import HTTPException

from cronjobs import legacy
from cronjobs.main import create_app, plan_for
from cronjobs.settings import Settings
from strangler.endpoints import endpoint_key
from tests_support.cases.differential.auth import auth_story
from tests_support.cases.differential.cast import Cast, answer_calls
from tests_support.cases.differential.catalog import catalog_story
from tests_support.cases.differential.history import history_story
from tests_support.cases.differential.jobs import jobs_story
from tests_support.cases.differential.recorder import Exchange, Session, first_difference
from tests_support.cases.differential.runs import runs_story
from tests_support.kit.clients import serve
from tests_support.kit.servers.http_stub import HttpStub, closed_port_url
from tests_support.kit.worlds.runs import RUN_TIMEOUT_SECONDS

SCRIPT = (auth_story, catalog_story, jobs_story, runs_story, history_story)
Run = Callable[[str], Awaitable[list[Exchange]]]


async def record(settings: Settings, stub: HttpStub, cast: Cast) -> list[Exchange]:
    """Run the whole script on a fresh service built from `settings`."""
    async with serve(create_app(settings)) as client:
        aliases = {cast.stub: "<stub>", cast.closed: "<closed>"}
        session = Session(client, stub, aliases=aliases)
        for part in SCRIPT:
            await part(session, cast)
    return session.exchanges


@pytest.fixture
def stack() -> str:
    """No single stack: each recording picks its own."""
    return "differential"


@pytest.fixture
def run_on(
    make_settings: Callable[..., Settings],
    empty_database: Callable[[str], str],
    http_stub: HttpStub,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> Run:
    """Run the session on an empty database with every endpoint on one stack."""
    answer_calls(http_stub)
    closed = closed_port_url()

    async def run(stack: str) -> list[Exchange]:
        url = empty_database(stack)
        settings = make_settings(
            database_url=url,
            fastapi_database_url=url,
            cutover_default=stack,
            cutover_file=str(tmp_path / f"{stack}-cutover.toml"),
            github_api_url=f"{http_stub.url}/",
            github_token="",  # else read from the environment the previous run left
            run_timeout_seconds=RUN_TIMEOUT_SECONDS,
        )
        cast = Cast(stub=http_stub.url, closed=closed, env=monkeypatch)
        return await record(settings, http_stub, cast)

    return run


@pytest.fixture(scope="module")
def recordings() -> dict[str, dict[str, list[Exchange]]]:
    """The runs recorded so far in this module, by kind of database."""
    return {}


@pytest.fixture
async def runs(
    recordings: dict[str, dict[str, list[Exchange]]], database: str, run_on: Run
) -> dict[str, list[Exchange]]:
    """The session as each stack answered it, on this kind of database.

    A run of 450 requests takes seconds, so each is recorded once and every test reads it.
    """
    if database not in recordings:
        # Flask's run is recorded in full first: on PostgreSQL both runs share one database.
        flask = await run_on("flask")
        recordings[database] = {"flask": flask, "fastapi": await run_on("fastapi")}
    return recordings[database]


def offline_settings() -> Settings:
    """Settings to build both apps without touching any database (as the ledger does)."""
    return Settings(_env_file=None, database_url="sqlite://", testing=True)


def endpoint_keys(exchanges: list[Exchange]) -> list[str | None]:
    """Name the legacy endpoint each request reached (HEAD counts as GET), None for none."""
    flask_app = legacy.create_app(offline_settings(), prepare=False)
    adapter = flask_app.url_map.bind("testserver")
    keys: list[str | None] = []
    for exchange in exchanges:
        method = "GET" if exchange.method == "HEAD" else exchange.method
        try:
            rule, _ = adapter.match(exchange.path, method, return_rule=True)
        except HTTPException:
            keys.append(None)  # a 404 or 405 on purpose
        else:
            keys.append(endpoint_key(method, rule.rule))
    return keys


async def test_scripted_session_gets_the_same_answers_from_both_stacks(
    runs: dict[str, list[Exchange]],
) -> None:
    assert len(runs["flask"]) >= 200
    difference = first_difference(runs["flask"], runs["fastapi"])
    if difference is not None:
        print(difference)
        pytest.fail(difference)


async def test_scripted_session_is_served_entirely_by_the_chosen_stack(
    runs: dict[str, list[Exchange]],
) -> None:
    routed, unrouted = {}, {}
    for stack, exchanges in runs.items():
        keys = endpoint_keys(exchanges)
        routed[stack] = {e.served_by for e, key in zip(exchanges, keys, strict=True) if key}
        unrouted[stack] = {e.served_by for e, key in zip(exchanges, keys, strict=True) if not key}
    assert routed == {"flask": {"flask"}, "fastapi": {"fastapi"}}
    # A path or method no legacy rule matches goes to Flask for its JSON 404/405 (DESIGN §3).
    assert unrouted == {"flask": {"flask"}, "fastapi": {"flask"}}


async def test_scripted_session_reaches_every_endpoint(runs: dict[str, list[Exchange]]) -> None:
    reached = set(endpoint_keys(runs["flask"])) - {None}
    assert reached == set(plan_for(offline_settings()).flags)
