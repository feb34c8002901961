"""The request's database session on `g`: opened on first use, closed at teardown."""

from __future__ import annotations

from flask import Flask, current_app, g, request
from sqlalchemy.orm import Session, sessionmaker

from cronjobs.domain.common.transactions import wants_write
from cronjobs.storage.engines import SyncSessions, has_committed

EXTENSION_KEY = "cronjobs.sessions"


def init_database(app: Flask, sessions: SyncSessions) -> None:
    """Attach the session factories to the app and close each request's session at teardown."""
    app.extensions[EXTENSION_KEY] = sessions
    app.teardown_appcontext(_close_session)


def get_session() -> Session:
    """Return this request's session, opening it on first use."""
    if "db_session" not in g:
        sessions: SyncSessions = current_app.extensions[EXTENSION_KEY]
        view = current_app.view_functions.get(request.endpoint or "")
        factory = sessions.write if wants_write(request.method, view) else sessions.read
        g.db_session = factory()
    session: Session = g.db_session
    return session


def session_factory() -> sessionmaker[Session]:
    """Return the factory of this app's write sessions, for work that commits step by step.

    A manual run (§4.4) commits its own steps on the database of the request (A16); it opens
    them from here once the request's session has committed.
    """
    sessions: SyncSessions = current_app.extensions[EXTENSION_KEY]
    return sessions.write


def session_committed() -> bool:
    """Tell whether this request's session has committed anything yet."""
    session: Session | None = g.get("db_session")
    return session is not None and has_committed(session)


def discard_session() -> None:
    """Close this request's session (rolling back), so that its next use opens a new one."""
    session: Session | None = g.pop("db_session", None)
    if session is not None:
        session.close()


def _close_session(_exc: BaseException | None) -> None:
    discard_session()


def dispose(app: Flask) -> None:
    """Close the app's connection pool; the gateway calls it at shutdown (WSGI has no lifespan)."""
    sessions: SyncSessions = app.extensions[EXTENSION_KEY]
    sessions.engine.dispose()
