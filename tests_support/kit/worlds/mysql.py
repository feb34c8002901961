"""Bringing the MySQL test database back to the case tables' world, quickly (as `worlds.postgres`).

When the database still has exactly the schema the last preparation left, the rows are put back
(every table emptied, the world's rows inserted again); otherwise it is dropped and prepared.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, create_engine, text

from cronjobs.storage import mysql
from cronjobs.storage.engines import sync_url
from tests_support.kit.databases import wipe_mysql
from tests_support.kit.worlds.base import prepare_world

SCHEMA_QUERY = """
SELECT 'column', CONCAT_WS(':', table_name, column_name, column_type, is_nullable,
       COALESCE(column_default, ''))
  FROM information_schema.columns WHERE table_schema = DATABASE()
UNION ALL SELECT 'index', CONCAT_WS(':', table_name, index_name, seq_in_index, column_name)
  FROM information_schema.statistics WHERE table_schema = DATABASE()
UNION ALL SELECT 'trigger', trigger_name
  FROM information_schema.triggers WHERE trigger_schema = DATABASE()
ORDER BY 1, 2
"""
TABLES = (
    "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY 1"
)

_SNAPSHOTS: dict[str, tuple[tuple[Any, ...], dict[str, list[dict[str, Any]]]]] = {}


def _schema(connection: Connection) -> tuple[Any, ...]:
    return tuple(tuple(row) for row in connection.execute(text(SCHEMA_QUERY)))


def _rows(connection: Connection) -> dict[str, list[dict[str, Any]]]:
    return {
        table: [
            dict(row) for row in connection.execute(text(f"SELECT * FROM `{table}`")).mappings()
        ]
        for table in connection.scalars(text(TABLES))
    }


def _restore(connection: Connection, rows: dict[str, list[dict[str, Any]]]) -> None:
    # Without the foreign-key checks the tables empty and fill in any order.
    connection.exec_driver_sql("SET FOREIGN_KEY_CHECKS = 0")
    for table, table_rows in rows.items():
        connection.execute(text(f"DELETE FROM `{table}`"))
        if table_rows:
            columns = list(table_rows[0])
            names = ", ".join(f"`{column}`" for column in columns)
            values = ", ".join(f":{column}" for column in columns)
            connection.execute(
                text(f"INSERT INTO `{table}` ({names}) VALUES ({values})"), table_rows
            )
    connection.exec_driver_sql("SET FOREIGN_KEY_CHECKS = 1")


def reset_mysql_world(url: str) -> None:
    """Make the MySQL database hold exactly the prepared world (`prepare_world`)."""
    engine = create_engine(sync_url(url), **mysql.engine_options())
    try:
        snapshot = _SNAPSHOTS.get(url)
        with engine.begin() as connection:
            if snapshot is not None and _schema(connection) == snapshot[0]:
                _restore(connection, snapshot[1])
                return
        wipe_mysql(url)
        prepare_world(url)
        with engine.begin() as connection:
            _SNAPSHOTS[url] = (_schema(connection), _rows(connection))
    finally:
        engine.dispose()
