"""Case tables for the execution history (spec §4.6)."""
