"""Notifications: a user's inbox and the broadcasts that fill it (spec §4.7, §6.6)."""
