"""The mixed-stack story: every endpoint sent to Flask or FastAPI by a seeded draw."""
