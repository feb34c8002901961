"""Databases: engines and sessions, URLs, the schema's revisions, adoption, start-up preparation."""
