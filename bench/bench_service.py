"""The service the gateway benchmark measures: its settings, and the rows and users it reads.

Setup goes through the gateway like any client (login, PIC team, job, users), so both stacks see
the same rows.
"""

from __future__ import annotations

from pathlib import Path

from asgi_calls import send_json  # bench/ is on sys.path: gateway_overhead.py puts it there

from cronjobs.domain.process.seed import DEFAULT_ADMIN
from cronjobs.settings import Settings
from strangler.app import GatewayApp

CANARY_READERS = 16  # distinct users reading the job, so canary 50 splits those requests
Headers = list[tuple[bytes, bytes]]


def settings_for(folder: Path) -> Settings:
    """Settings of a development service on a SQLite file in `folder`, scheduler off."""
    (folder / "cutover.toml").write_text("[endpoints]\n", encoding="utf-8")
    return Settings(
        database_url=f"sqlite:///{folder / 'bench.db'}",
        scheduler_enabled=False,
        cutover_file=str(folder / "cutover.toml"),
        _env_file=None,  # type: ignore[call-arg]
    )


async def bearer(app: GatewayApp, username: str, password: str) -> Headers:
    """Log a user in; return its Authorization header."""
    login = await send_json(
        app, "POST", "/api/auth/login", {"username": username, "password": password}
    )
    return [(b"authorization", f"Bearer {login['access_token']}".encode())]


async def prepare(app: GatewayApp) -> tuple[str, list[Headers]]:
    """Create a job as the default admin, and readers; return its path and their headers.

    Canary buckets callers by their token's subject, so the job is read by `CANARY_READERS`
    users in turn: with one token every request would land on the same side.
    """
    admin = await bearer(app, DEFAULT_ADMIN["username"], DEFAULT_ADMIN["password"])
    team = await send_json(
        app, "POST", "/api/pic-teams", {"name": "Bench", "slack_handle": "@b"}, admin
    )
    job = {
        "name": "bench job",
        "cron_expression": "0 0 1 1 *",
        "end_date": "2099-12-31",
        "pic_team": team["pic_team"]["slug"],
        "target_url": "http://127.0.0.1:9/bench",
    }
    created = await send_json(app, "POST", "/api/jobs", job, admin)
    readers = []
    for number in range(CANARY_READERS):
        user = {
            "username": f"reader{number}",
            "email": f"reader{number}@example.com",
            "password": "bench-password",
            "role": "viewer",
        }
        await send_json(app, "POST", "/api/auth/register", user, admin)
        readers.append(await bearer(app, user["username"], user["password"]))
    return f"/api/jobs/{created['job']['id']}", readers
