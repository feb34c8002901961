"""Test support shared by both suites: databases, data factories, token forging."""
