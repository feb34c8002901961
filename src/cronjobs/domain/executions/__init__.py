"""Execution history: lists, statistics and rendering (spec §4.6)."""
