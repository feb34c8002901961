"""`storage.engines.unreachable`: the readiness check of the service's database."""

from __future__ import annotations

from pathlib import Path

from cronjobs.domain.common.lengths import install_text_checks
from cronjobs.storage.engines import create_sync_engine, unreachable


def test_a_database_that_answers_is_reachable(tmp_path: Path) -> None:
    engine = create_sync_engine(f"sqlite:///{tmp_path / 'app.db'}", setup=install_text_checks)
    assert unreachable(engine) is None


def test_a_server_that_refuses_connections_is_unreachable() -> None:
    engine = create_sync_engine("postgresql://nobody@127.0.0.1:1/none", setup=install_text_checks)
    reason = unreachable(engine)
    assert reason is not None and reason.startswith("database unreachable: OperationalError")


def test_a_file_in_a_missing_folder_is_unreachable(tmp_path: Path) -> None:
    missing = tmp_path / "gone" / "app.db"
    engine = create_sync_engine(f"sqlite:///{missing}", setup=install_text_checks)
    assert unreachable(engine) == (
        "database unreachable: OperationalError: unable to open database file"
    )
