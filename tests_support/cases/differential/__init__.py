"""The differential check: a scripted session recorded on each stack and compared (DESIGN §8)."""
