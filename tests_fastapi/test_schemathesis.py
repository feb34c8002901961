"""Schemathesis against `/openapi.json`: every documented operation fuzzed, every check on.

The whole gateway runs in-process on a fresh SQLite database with the default admin, and every
request carries the admin's token (the refresh token where the document asks for one). Each
operation gets schemathesis's examples, coverage and fuzzing phases; then a stateful run chains
operations through the links schemathesis infers (create a team, then read, update, delete it),
which is where `use_after_free` and `ensure_resource_availability` look. Hypothesis runs
derandomized, so a run is repeatable: `FUZZ_EXAMPLES` examples per operation (50 by default,
`make fuzz` runs 500) and a quarter as many stateful scenarios of up to 10 steps.

Where the spec makes a built-in check's expectation wrong, the check is replaced by a stricter one
for the operations it names (`kit.fuzz.contract_checks`, with the spec sections).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any, ClassVar

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from tests_support.kit.fuzz.contract_checks import ContractChecks
from tests_support.kit.fuzz.routing_checks import SHADOWED_PATHS, Routes
from tests_support.kit.fuzz.served import Served, ServedApp, offline_document, serving
from tests_support.kit.fuzz.token_checks import bearer

EXAMPLES = max(1, min(int(os.environ.get("FUZZ_EXAMPLES", "50")), 2000))
SERVED = ServedApp()
DOCUMENT = offline_document()
# The tokens come from a login, not from schemathesis's generator.
CONFIG = schemathesis.Config.from_dict({"generation": {"with-security-parameters": False}})
schema = schemathesis.openapi.from_dict(DOCUMENT, config=CONFIG)
schema.app = SERVED  # as `from_asgi` does: requests, and the checks' probes, go to the gateway
FUZZING = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A gateway served for this module, with the admin's tokens."""
    with serving(SERVED, tmp_path_factory.mktemp("schemathesis")) as served:
        yield served


@pytest.fixture(scope="module")
def tokens(served: Served) -> dict[str, str]:
    """The admin's tokens by security scheme."""
    return served.tokens


@pytest.fixture(scope="module")
def contract(tokens: dict[str, str]) -> ContractChecks:
    """The checks of this run."""
    return ContractChecks(DOCUMENT, tokens)


def test_the_shadowed_paths_are_those_the_document_implies() -> None:
    assert Routes(DOCUMENT).shadowed() == SHADOWED_PATHS


@schema.parametrize()
@FUZZING
def test_every_operation_answers_as_documented(
    case: schemathesis.Case, tokens: dict[str, str], contract: ContractChecks
) -> None:
    case.call_and_validate(
        headers=bearer(tokens, case),
        excluded_checks=contract.excluded(case),
        additional_checks=contract.added,
    )


class Workflow(schema.as_state_machine()):  # type: ignore[misc]
    """Chains of operations linked by the resources they create, checked as above."""

    served: ClassVar[Served | None] = None
    contract: ClassVar[ContractChecks | None] = None

    def setup(self) -> None:
        # Every scenario starts from the same rows: what the previous one made (users, teams, a
        # demoted admin) would change what this one can draw, which hypothesis refuses as flaky.
        assert self.served is not None
        self.served.reset()

    def get_call_kwargs(self, case: schemathesis.Case) -> dict[str, Any]:
        assert self.served is not None
        return {"headers": bearer(self.served.tokens, case)}

    def validate_response(
        self, response: schemathesis.Response, case: schemathesis.Case, **kwargs: Any
    ) -> None:
        assert self.contract is not None
        case.validate_response(
            response,
            excluded_checks=self.contract.excluded(case),
            additional_checks=self.contract.added,
            headers=kwargs.get("headers"),
            transport_kwargs=kwargs,
            recorder=self.recorder,
        )


def test_chained_operations_answer_as_documented(served: Served, contract: ContractChecks) -> None:
    Workflow.served, Workflow.contract = served, contract
    Workflow.run(
        settings=settings(FUZZING, max_examples=max(1, EXAMPLES // 4), stateful_step_count=10)
    )
