"""MySQL and MariaDB storage (`storage.mysql`): the driver, the session, named locks, round-trips,
text compared exactly (binary, no-pad) and unbounded (LONGTEXT), legacy tables converted (0008).

The database tests need `TEST_MYSQL_URL` (`.ci/run` sets it) and are skipped without it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from alembic import command
from sqlalchemy import Engine, func, insert, inspect, select, text
from sqlalchemy.dialects.mysql import DOUBLE
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DataError

from cronjobs.domain.common.lengths import install_text_checks
from cronjobs.domain.process.seed import startup_seed
from cronjobs.models import Job, JobCategory, PicTeam, User
from cronjobs.storage.engines import create_sync_engine, sync_url, writer
from cronjobs.storage.migrations import alembic_config
from cronjobs.storage.mysql import DRIVER, binary_collation, hold_named_lock
from cronjobs.storage.prepare import prepare_database
from cronjobs.storage.urls import same_database
from tests_support.kit.databases import mysql_url, wipe_mysql
from tests_support.kit.legacy_ddl import create_legacy_database
from tests_support.kit.schema_revisions import upgrade

pytestmark = pytest.mark.mysql

MOMENT = datetime(2026, 12, 7, 1, 2, 3, 456789)
EMOJI_NAME = "cron 🕒 ünïcode"
OTHER_SESSION_LOCK = text(
    "SELECT GET_LOCK(CONCAT('cronjobs:', SHA1(CONCAT(DATABASE(), '/', :name))), 0)"
)
LONG_TEXT = "x" * 200_000  # three times what a MySQL TEXT holds
COLUMN_QUERY = text(
    "SELECT data_type, collation_name FROM information_schema.columns"
    " WHERE table_schema = DATABASE() AND table_name = :table AND column_name = :column"
)
# Every text column but those of the table the legacy scheduler left (never touched, spec §5.9).
TEXT_COLUMNS_QUERY = text(
    "SELECT CONCAT(table_name, '.', column_name), data_type, collation_name"
    " FROM information_schema.columns WHERE table_schema = DATABASE()"
    " AND table_name <> 'apscheduler_jobs' AND collation_name IS NOT NULL"
)


@pytest.fixture(params=["pymysql", "mysqldb"])
def driver(request: pytest.FixtureRequest) -> str:
    """Each sync driver the engines may use: PyMySQL always, mysqlclient when installed."""
    if request.param == "mysqldb":
        pytest.importorskip("MySQLdb", reason="mysqlclient is not installed (make mysql-driver)")
    return str(request.param)


@pytest.fixture
def engine(driver: str) -> Iterator[Engine]:
    """A sync engine through `driver` on the MySQL test database, prepared as startup does."""
    url = make_url(mysql_url())
    wipe_mysql(str(url))
    through = url.set(drivername=f"{url.get_backend_name()}+{driver}")
    engine = create_sync_engine(through.render_as_string(False), setup=install_text_checks)
    prepare_database(engine, startup_seed, default_admin=True)
    yield engine
    engine.dispose()


@pytest.fixture
def legacy() -> Iterator[Engine]:
    """An engine on a database the legacy service left: default collation, TEXT columns."""
    url = mysql_url()
    wipe_mysql(url)
    engine = create_sync_engine(url, setup=install_text_checks)
    with engine.begin() as connection:
        create_legacy_database(connection)
    yield engine
    engine.dispose()


def column_type(engine: Engine, table: str, column: str) -> tuple[str, str]:
    """Return a column's data type and collation as information_schema gives them."""
    with engine.connect() as connection:
        found = connection.execute(COLUMN_QUERY, {"table": table, "column": column}).one()
    return str(found[0]), str(found[1])


def inexact_text_columns(engine: Engine) -> dict[str, tuple[str, str]]:
    """Return the text columns that are not VARCHAR or LONGTEXT in the binary collation."""
    exact = {
        ("varchar", binary_collation(engine.dialect)),
        ("longtext", binary_collation(engine.dialect)),
    }
    with engine.connect() as connection:
        rows = connection.execute(TEXT_COLUMNS_QUERY)
        return {
            str(name): (kind, collation)
            for name, kind, collation in rows
            if (kind, collation) not in exact
        }


def foreign_keys(engine: Engine) -> list[tuple[str, Any]]:
    """Return every foreign key of the service's tables, with its table."""
    inspector = inspect(engine)
    return sorted(
        (
            (table, key)
            for table in inspector.get_table_names()
            for key in inspector.get_foreign_keys(table)
        ),
        key=lambda item: str(item[1]["name"]),
    )


@pytest.mark.parametrize(
    ("given", "backend"),
    [
        ("mysql://u@h/db", "mysql"),
        ("mysql+aiomysql://u@h/db", "mysql"),
        ("mysql+asyncmy://u@h/db", "mysql"),
        ("mariadb://u@h/db", "mariadb"),
        ("mariadb+aiomysql://u@h/db", "mariadb"),
    ],
)
def test_urls_naming_no_sync_driver_use_the_engines_choice(given: str, backend: str) -> None:
    assert sync_url(given).drivername == f"{backend}+{DRIVER}"


@pytest.mark.parametrize(
    "given", ["mysql+pymysql://u@h/db", "mysql+mysqldb://u@h/db", "mariadb+pymysql://u@h/db"]
)
def test_a_url_naming_a_sync_driver_keeps_it(given: str) -> None:
    assert sync_url(given) == make_url(given)


def test_the_engines_choose_mysqlclient_when_it_is_installed() -> None:
    pytest.importorskip("MySQLdb", reason="mysqlclient is not installed (make mysql-driver)")
    assert sync_url("mysql://u@h/db").drivername == "mysql+mysqldb"


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


def test_the_collation_compares_case_accents_and_trailing_spaces(engine: Engine) -> None:
    collation = binary_collation(engine.dialect)
    with engine.connect() as connection:
        same = connection.execute(
            text(
                f"SELECT 'a' = 'A' COLLATE {collation}, 'e' = 'é' COLLATE {collation},"
                f" 'x' = 'x ' COLLATE {collation}"
            )
        ).one()
    assert tuple(same) == (0, 0, 0)


def test_usernames_differing_only_in_case_are_two_users(engine: Engine) -> None:
    with writer(engine).begin() as connection:  # the seed made `admin`
        connection.execute(
            insert(User).values(username="Admin", email="upper@example.com", password_hash="-")
        )
    with engine.connect() as connection:
        names = connection.scalars(
            select(User.username).where(User.username.in_(["admin", "Admin"]))
        )
        assert sorted(names) == ["Admin", "admin"]


def test_a_username_is_found_in_its_own_case_only(engine: Engine) -> None:
    with engine.connect() as connection:
        assert connection.scalar(select(User.id).where(User.username == "ADMIN")) is None


def test_an_accented_username_is_another_username(engine: Engine) -> None:
    with engine.connect() as connection:
        assert connection.scalar(select(User.id).where(User.username == "ädmin")) is None


def test_names_differing_only_in_a_trailing_space_are_two_jobs(engine: Engine) -> None:
    with writer(engine).begin() as connection:
        connection.execute(
            insert(Job),
            [
                {"name": "x", "cron_expression": "* * * * *"},
                {"name": "x ", "cron_expression": "* * * * *"},
            ],
        )
    with engine.connect() as connection:
        assert connection.scalar(select(func.count()).where(Job.name.in_(["x", "x "]))) == 2


def test_a_name_is_not_found_with_a_trailing_space(engine: Engine) -> None:
    with writer(engine).begin() as connection:
        connection.execute(insert(Job).values(name="x", cron_expression="* * * * *"))
    with engine.connect() as connection:
        assert connection.scalar(select(Job.id).where(Job.name == "x ")) is None


def test_a_200000_character_text_round_trips(engine: Engine) -> None:
    with writer(engine).begin() as connection:
        connection.execute(
            insert(Job).values(name="big", cron_expression="* * * * *", job_metadata=LONG_TEXT)
        )
    with engine.connect() as connection:
        assert connection.scalar(select(Job.job_metadata).where(Job.name == "big")) == LONG_TEXT


def test_every_text_column_of_a_new_database_compares_in_binary(engine: Engine) -> None:
    assert inexact_text_columns(engine) == {}


def test_a_legacy_text_column_is_adopted_then_made_longtext(legacy: Engine) -> None:
    upgrade(legacy)
    assert column_type(legacy, "jobs", "job_metadata") == (
        "longtext",
        binary_collation(legacy.dialect),
    )


def test_a_legacy_default_collation_column_is_made_binary(legacy: Engine) -> None:
    upgrade(legacy)
    assert column_type(legacy, "users", "username") == ("varchar", binary_collation(legacy.dialect))


def test_every_text_column_of_an_upgraded_legacy_database_compares_in_binary(
    legacy: Engine,
) -> None:
    upgrade(legacy)
    assert inexact_text_columns(legacy) == {}


def test_a_legacy_username_gets_a_case_variant_after_the_upgrade(legacy: Engine) -> None:
    upgrade(legacy)  # the legacy rows hold the user `legacy`
    with writer(legacy).begin() as connection:
        connection.execute(
            insert(User).values(username="LEGACY", email="LEGACY@example.com", password_hash="-")
        )
    with legacy.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(User)) == 2


def test_legacy_foreign_keys_survive_the_conversion(legacy: Engine) -> None:
    before = foreign_keys(legacy)
    upgrade(legacy)
    assert foreign_keys(legacy) == before


def test_a_downgrade_below_0008_gives_the_legacy_columns_back(legacy: Engine) -> None:
    before = column_type(legacy, "jobs", "job_metadata"), column_type(legacy, "users", "username")
    upgrade(legacy)
    with legacy.begin() as connection:
        command.downgrade(alembic_config(connection), "0007_filter_indexes")
    after = column_type(legacy, "jobs", "job_metadata"), column_type(legacy, "users", "username")
    assert after == before
