"""Values longer than their column are a 400 on every engine, never a database error (D1)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import create_engine, func, select

from cronjobs.legacy import create_app, dispose
from cronjobs.models import Base, JobCategory, Notification, PicTeam, User
from cronjobs.settings import Settings
from cronjobs.storage.engines import sync_url
from tests_support.kit.databases import DATABASE_KINDS, empty_server_url

LONG = "x" * 300
TEAM = {"name": "QA", "slack_handle": "@qa"}
JOB = {"cron_expression": "* * * * *", "end_date": "2099-01-01", "pic_team": "qa"}

# (path, body, column named in the message, its limit, the table that must stay unchanged)
CASES: dict[str, tuple[str, dict[str, Any], str, int, type[Base]]] = {
    "register_username": (
        "/api/auth/register",
        {"username": LONG, "email": "a@b.c", "password": "secret1"},
        "username",
        80,
        User,
    ),
    "user_email": ("/api/auth/register", {"username": "abc", "email": LONG, "password": "secret1"},
                   "email", 120, User),
    "job_name": ("/api/jobs", {**JOB, "name": LONG, "target_url": "http://a"}, "name", 255,
                 Notification),
    "job_target_url": ("/api/jobs", {**JOB, "name": "n", "target_url": "http://" + "a" * 600},
                       "target_url", 500, Notification),
    "category_name": ("/api/job-categories", {"name": LONG}, "slug", 100, JobCategory),
    "team_handle": ("/api/pic-teams", {"name": "T2", "slack_handle": LONG}, "slack_handle", 255,
                    PicTeam),
}  # fmt: skip


@pytest.fixture(params=DATABASE_KINDS)
def database(request: pytest.FixtureRequest, database_url: str) -> str:
    """This test's database URL, on SQLite, PostgreSQL or MySQL."""
    return database_url if request.param == "sqlite" else empty_server_url(request.param)


@pytest.fixture
def admin_client(database: str) -> Iterator[tuple[FlaskClient, dict[str, str]]]:
    """A Flask client, the admin's headers, and a PIC team `qa` to create jobs with."""
    app = create_app(Settings(database_url=database, testing=True, _env_file=None))
    client = app.test_client()
    login = client.post("/api/auth/login", json={"username": "admin", "password": "admin123"})
    headers = {"Authorization": f"Bearer {login.get_json()['access_token']}"}
    assert client.post("/api/pic-teams", json=TEAM, headers=headers).status_code == 201
    yield client, headers
    dispose(app)


def _count(database: str, model: type[Base]) -> int:
    engine = create_engine(sync_url(database))
    with engine.connect() as connection:
        count = int(connection.scalar(select(func.count()).select_from(model)) or 0)
    engine.dispose()
    return count


@pytest.mark.parametrize("case", sorted(CASES))
def test_an_over_long_value_is_refused_with_a_400_and_nothing_is_stored(
    admin_client: tuple[FlaskClient, dict[str, str]], database: str, case: str
) -> None:
    client, headers = admin_client
    path, body, column, limit, table = CASES[case]
    before = _count(database, table)

    response = client.post(path, json=body, headers=headers)

    assert (response.status_code, response.get_json()) == (
        400,
        {"error": "Invalid payload", "message": f'"{column}" must be at most {limit} characters.'},
    )
    assert _count(database, table) == before


NUL_REFUSED = {"error": "Invalid payload", "message": "Text must not contain NUL characters."}
NUL_REQUESTS = {
    "path_id": ("GET", "/api/jobs/a%00b", None),
    "execution_path_id": ("GET", "/api/executions/a%00b", None),
    "query_filter": ("GET", "/api/executions?status=a%00b", None),
    "stored_name": ("POST", "/api/job-categories", {"name": "a\x00b"}),
    "stored_handle": ("POST", "/api/pic-teams", {"name": "T3", "slack_handle": "@a\x00"}),
}


@pytest.mark.parametrize("case", sorted(NUL_REQUESTS))
def test_text_holding_a_nul_character_is_refused_with_a_400_on_every_engine(
    admin_client: tuple[FlaskClient, dict[str, str]], case: str
) -> None:
    client, headers = admin_client
    method, path, body = NUL_REQUESTS[case]

    response = client.open(path, method=method, json=body, headers=headers)

    assert (response.status_code, response.get_json()) == (400, NUL_REFUSED)
