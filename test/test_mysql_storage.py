"""MySQL and MariaDB storage (`storage.mysql`): the driver, the session, named locks, round-trips.

The database tests need `TEST_MYSQL_URL` (`.ci/run` sets it) and are skipped without it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from sqlalchemy import Engine, func, insert, inspect, select, text
from sqlalchemy.dialects.mysql import DOUBLE
from sqlalchemy.exc import DataError

from cronjobs.domain.common.lengths import install_text_checks
from cronjobs.domain.process.seed import startup_seed
from cronjobs.models import JobCategory, PicTeam, User
from cronjobs.storage.engines import create_sync_engine, sync_url, writer
from cronjobs.storage.mysql import hold_named_lock
from cronjobs.storage.prepare import prepare_database
from cronjobs.storage.urls import same_database
from tests_support.kit.databases import mysql_url, wipe_mysql

pytestmark = pytest.mark.mysql

MOMENT = datetime(2026, 12, 7, 1, 2, 3, 456789)
EMOJI_NAME = "cron 🕒 ünïcode"
OTHER_SESSION_LOCK = text(
    "SELECT GET_LOCK(CONCAT('cronjobs:', SHA1(CONCAT(DATABASE(), '/', :name))), 0)"
)


@pytest.fixture
def engine() -> Iterator[Engine]:
    """A sync engine on the MySQL test database, prepared and seeded as startup does."""
    url = mysql_url()
    wipe_mysql(url)
    engine = create_sync_engine(url, setup=install_text_checks)
    prepare_database(engine, startup_seed, default_admin=True)
    yield engine
    engine.dispose()


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("mysql://u@h/db", "mysql+pymysql"),
        ("mysql+pymysql://u@h/db", "mysql+pymysql"),
        ("mysql+aiomysql://u@h/db", "mysql+pymysql"),
        ("mysql+asyncmy://u@h/db", "mysql+pymysql"),
        ("mariadb://u@h/db", "mariadb+pymysql"),
        ("mariadb+aiomysql://u@h/db", "mariadb+pymysql"),
    ],
)
def test_mysql_and_mariadb_urls_use_pymysql(given: str, used: str) -> None:
    assert sync_url(given).drivername == used


def test_a_mariadb_and_a_mysql_url_on_the_default_port_are_the_same_database() -> None:
    assert same_database(
        "mariadb://root@127.0.0.1/cron", "mysql+pymysql://root@localhost:3306/cron"
    )


def test_a_prepared_database_holds_the_seed_and_the_default_admin(engine: Engine) -> None:
    with engine.connect() as connection:
        admins = connection.scalar(select(func.count()).where(User.username == "admin"))
        categories = connection.scalar(select(func.count()).select_from(JobCategory))
    assert (admins, categories > 0) == (1, True)


def test_a_datetime_keeps_its_microseconds(engine: Engine) -> None:
    with writer(engine).begin() as connection:
        connection.execute(
            insert(PicTeam).values(
                id="t1",
                slug="ops",
                name="Ops",
                is_active=True,
                created_at=MOMENT,
                updated_at=MOMENT,
            )
        )
    with engine.connect() as connection:
        assert connection.scalar(select(PicTeam.created_at).where(PicTeam.id == "t1")) == MOMENT


def test_a_duration_is_stored_in_double_precision(engine: Engine) -> None:
    columns = {column["name"]: column for column in inspect(engine).get_columns("job_executions")}
    assert isinstance(columns["duration_seconds"]["type"], DOUBLE)


def test_a_four_byte_character_round_trips(engine: Engine) -> None:
    with writer(engine).begin() as connection:
        connection.execute(
            insert(PicTeam).values(
                id="t2", slug="emoji", name=EMOJI_NAME, created_at=MOMENT, updated_at=MOMENT
            )
        )
    with engine.connect() as connection:
        assert connection.scalar(select(PicTeam.name).where(PicTeam.id == "t2")) == EMOJI_NAME


def test_sessions_keep_datetimes_in_utc(engine: Engine) -> None:
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT @@session.time_zone")) == "+00:00"


def test_an_over_long_value_is_refused_not_truncated(engine: Engine) -> None:
    with pytest.raises(DataError), writer(engine).begin() as connection:
        connection.execute(text("UPDATE users SET role = :role"), {"role": "r" * 21})


def test_a_named_lock_is_held_by_its_transaction(engine: Engine) -> None:
    with writer(engine).begin() as holder, engine.connect() as other:
        hold_named_lock(holder, "test lock")
        assert other.scalar(OTHER_SESSION_LOCK, {"name": "test lock"}) == 0


def test_a_named_lock_is_given_back_when_its_transaction_ends(engine: Engine) -> None:
    # `other` is checked out first, so the holder is another connection (another session).
    with engine.connect() as other:
        with writer(engine).begin() as holder:
            hold_named_lock(holder, "test lock")
        assert other.scalar(OTHER_SESSION_LOCK, {"name": "test lock"}) == 1
        other.execute(text("DO RELEASE_ALL_LOCKS()"))
