"""Case tables for auth, users, preferences and access (spec §2, §4.1)."""
