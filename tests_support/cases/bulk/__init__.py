"""Case tables for the bulk upload (spec §4.5)."""
