"""Which of schemathesis's checks run where: all of them, except where the spec makes a built-in
expectation wrong; there a stricter check of the contract's own answer takes its place, and only
on the operations named here.

- `positive_data_acceptance`, on every operation, by `refusals`: the 400s `ACCEPTED_REFUSALS`
  names per operation (rules on stored data, on the clock, or beyond JSON Schema: §1.6, §1.8,
  §4, D22), and NUL text anywhere (D1), are accepted; any other refusal fails.
- `ignored_auth`, on every operation needing a token, by `token_checks`: a malformed token is a
  422 (§2.2 step 4, D3), not the 401/403 it expects.
- `allow_header_conformance` and `unsupported_method`, on `SHADOWED_PATHS`, by `routing_checks`:
  `Allow` is the union of the routes matching a path (§1.1, A10).
- `negative_data_rejection`, on `POST /api/v2/jobs/bulk-upload`, by `form_checks`: multipart
  fields are text (§4.5).

The replacements run on every operation: outside their scope they check nothing.
"""

from __future__ import annotations

from typing import Any

from schemathesis import Case

from tests_support.kit.fuzz.checks import Check, builtin
from tests_support.kit.fuzz.form_checks import file_part_required
from tests_support.kit.fuzz.refusals import ACCEPTED_REFUSALS, positive_data_acceptance_by_contract
from tests_support.kit.fuzz.routing_checks import SHADOWED_PATHS, Routes, routing_as_specified
from tests_support.kit.fuzz.token_checks import token_scheme, tokens_enforced

BULK_UPLOAD = "POST /api/v2/jobs/bulk-upload"


class ContractChecks:
    """The checks of one run: what each operation excludes, and the contract's own checks."""

    def __init__(self, document: dict[str, Any], tokens: dict[str, str]) -> None:
        self.added: list[Check] = [
            positive_data_acceptance_by_contract,
            tokens_enforced(tokens),
            routing_as_specified(Routes(document)),
            file_part_required,
        ]

    def excluded(self, case: Case) -> list[Check]:
        """Return the built-in checks the contract replaces on this case's operation."""
        label = case.operation.label
        names = ["positive_data_acceptance"]  # refusals.py: excused answers only, per operation
        if token_scheme(case) is not None:
            names.append("ignored_auth")
        if case.operation.path in SHADOWED_PATHS:
            names += ["allow_header_conformance", "unsupported_method"]
        if label == BULK_UPLOAD:
            names.append("negative_data_rejection")
        return [builtin(name) for name in names]


__all__ = ["ACCEPTED_REFUSALS", "ContractChecks"]
