"""`python -m cronjobs ledger`: the endpoint ledger of MIGRATION.md (DESIGN §2, §4)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from cronjobs import legacy
from cronjobs.settings import Settings

REPOSITORY = Path(__file__).resolve().parents[2]
PYTHON = REPOSITORY / ".venv" / "bin" / "python"
LEDGER_ROW = re.compile(r"^\| `([A-Z]+ /[^`]*)` \| ([^|]*) \|", re.MULTILINE)


def run_ledger(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the ledger command as CI does, from the repository root."""
    python = PYTHON if PYTHON.exists() else Path(sys.executable)
    environment = {**os.environ, "CUTOVER_DEFAULT": "flask"}
    return subprocess.run(
        [str(python), "-m", "cronjobs", "ledger", *args],
        cwd=REPOSITORY,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def flask_endpoint_keys() -> set[str]:
    """Every (method, rule) of the Flask app, read straight from its url_map."""
    flask_app = legacy.create_app(Settings(_env_file=None, database_url="sqlite://"), prepare=False)
    return {
        f"{method} {rule.rule}"
        for rule in flask_app.url_map.iter_rules()
        for method in rule.methods or ()
        if method not in {"HEAD", "OPTIONS"}
    }


def test_ledger_check_passes_on_the_repository() -> None:
    result = run_ledger("--check")
    assert result.returncode == 0, result.stdout + result.stderr


def ledger_rows() -> dict[str, str]:
    """The ledger's rows: endpoint key → its "Implemented in" cell."""
    result = run_ledger()
    assert result.returncode == 0, result.stderr
    return dict(LEDGER_ROW.findall(result.stdout))


def test_ledger_lists_every_flask_endpoint() -> None:
    assert flask_endpoint_keys() - set(ledger_rows()) == set()


def test_ledger_shows_every_flask_endpoint_as_implemented_in_flask() -> None:
    rows = ledger_rows()
    assert {key: rows[key].split(", ")[0] for key in flask_endpoint_keys()} == dict.fromkeys(
        flask_endpoint_keys(), "flask"
    )
