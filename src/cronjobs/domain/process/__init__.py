"""The process's own work: health, weekly maintenance, the seed (spec §4.10, §6.8, §2.4)."""
