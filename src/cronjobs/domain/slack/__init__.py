"""Slack: the global settings row and the messages sent to it (spec §4.9, §6.8)."""
