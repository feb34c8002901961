"""Running jobs: the runner, calls, outcome, manual and trial runs, GitHub, mail (§4.3–§4.4, §6)."""
