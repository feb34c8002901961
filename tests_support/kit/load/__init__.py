"""The flip-under-load run: its clients, flipper, tally and world."""
