"""Fuzzing kit: the gateway schemathesis calls, the contract's checks, the differential fuzz."""
