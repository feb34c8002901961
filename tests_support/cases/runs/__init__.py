"""Case tables for runs: test-run, execute, outcome and mail (spec §4.3, §4.4, §6.4, §6.7)."""
