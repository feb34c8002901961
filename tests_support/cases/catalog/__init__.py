"""Case tables for categories and PIC teams (spec §4.8)."""
