"""Job categories and PIC teams: administration and resolution by name (spec §4.8)."""
