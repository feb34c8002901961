"""Case tables for jobs: create, read, update and delete (spec §4.2)."""
