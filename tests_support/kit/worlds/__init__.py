"""Worlds: the databases and rows a group of tests starts from."""
