"""Running a data copy from a test: in-process through the library, or as the real script."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from cronjobs.datacopy import CopyOptions, migrate
from cronjobs.datacopy.progress import Progress

REPO_ROOT = Path(__file__).resolve().parents[2]
SCRIPT = REPO_ROOT / "scripts" / "migrate_data.py"


@dataclass(frozen=True)
class CopyRun:
    """What one copy printed and returned."""

    code: int
    output: str
    progress: str


def copy(source: str, target: str, **options: object) -> CopyRun:
    """Run the copy in this process and capture its report and its progress lines."""
    out, progress = io.StringIO(), io.StringIO()
    code = migrate(
        CopyOptions(source_url=source, target_url=target, **options),  # type: ignore[arg-type]
        out,
        Progress(progress, interactive=False),
    )
    return CopyRun(code, out.getvalue(), progress.getvalue())


def script(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """Start the real script from the repository root (the caller waits for it)."""
    return subprocess.Popen(
        [sys.executable, str(SCRIPT), *args],
        cwd=REPO_ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def run_script(*args: str, env: dict[str, str] | None = None) -> CopyRun:
    """Run the real script to its end."""
    process = script(*args, env=env)
    output, progress = process.communicate(timeout=120)
    return CopyRun(process.returncode, output, progress)
