"""Spec §4.3 `POST /jobs/test-run`: the timeout a caller may ask for.

The endpoint's case tables (`tests_support/cases/runs/trial.py`, `trial_calls.py`) are replayed
with the other tables by `test_case_tables.py`.
"""

from __future__ import annotations

import pytest

from cronjobs.domain.runs.trial import timeout_for_test_run


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        (None, 10.0),
        (0, 10.0),
        ("", 10.0),
        (False, 10.0),
        (0.2, 1.0),
        ("0", 1.0),
        (-5, 1.0),
        (7, 7.0),
        (" 12.5 ", 12.5),
        (31, 30.0),
        ("1e3", 30.0),
    ],
)
def test_timeout_is_clamped_to_one_to_thirty_seconds(value: object, seconds: float) -> None:
    assert timeout_for_test_run(value) == seconds
