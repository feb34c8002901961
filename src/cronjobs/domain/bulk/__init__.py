"""The bulk upload of jobs from a sheet (spec §4.5)."""
