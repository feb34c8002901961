"""Database URLs: which database two spellings name, and how to print one safely.

Both the initialiser (never the main database) and the data copy (never onto itself) refuse by
this one comparison, so a URL spelled two ways is the same database to both.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from sqlalchemy.engine import make_url

from cronjobs.storage.engines import is_sqlite

LOOPBACK_HOSTS = frozenset({"", "localhost", "127.0.0.1", "::1"})
DEFAULT_PORTS = {"postgresql": 5432, "mysql": 3306}
BACKEND_ALIASES = {"postgres": "postgresql", "mariadb": "mysql"}


def shown_url(url: str) -> str:
    """Return a URL fit to print: its password hidden."""
    return make_url(url).render_as_string(hide_password=True)


def sqlite_path(url: str) -> Path | None:
    """Return the resolved file of a SQLite URL, or None for an in-memory database."""
    database = make_url(url).database or ""
    if database.startswith("file:"):
        database = unquote(urlsplit(database).path)
    if database in {"", ":memory:"}:
        return None
    return Path(os.path.realpath(Path(database).expanduser()))


def _server(url: str) -> tuple[str, str, int | None, str]:
    parsed = make_url(url)
    backend = BACKEND_ALIASES.get(parsed.get_backend_name(), parsed.get_backend_name())
    host = (parsed.host or "").lower()
    host = "localhost" if host in LOOPBACK_HOSTS or host.startswith("/") else host
    return backend, host, parsed.port or DEFAULT_PORTS.get(backend), parsed.database or ""


def same_database(first: str, second: str) -> bool:
    """Tell whether two URLs name the same database (SQLite: the same resolved file)."""
    if is_sqlite(first) != is_sqlite(second):
        return False
    if not is_sqlite(first):
        return _server(first) == _server(second)
    path_one, path_two = sqlite_path(first), sqlite_path(second)
    if path_one is None or path_two is None:
        return False  # every in-memory database is private to its connection
    if path_one.exists() and path_two.exists():
        return os.path.samefile(path_one, path_two)
    return path_one == path_two
