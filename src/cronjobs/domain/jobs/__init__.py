"""Jobs: create, read, update, delete, their fields, rendering, schedules and expiry (spec §4.2)."""
