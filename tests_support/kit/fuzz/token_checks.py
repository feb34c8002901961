"""Tokens as §2.2 answers them, in place of schemathesis's `ignored_auth`.

`ignored_auth` re-sends a request that succeeded without its token and with a made-up one, and
wants 401 or 403 for both; the contract answers a malformed token with 422 (§2.2 step 4, D3).
This check sends the same probes, plus the other kind of token, and wants §2.2's exact answers.
"""

from __future__ import annotations

from schemathesis import Case, CheckContext, Response

from tests_support.kit.fuzz.checks import Check, body_of

INVALID_TOKEN = "Bearer SCHEMATHESIS-INVALID-VALUE"
MISSING = (401, {"msg": "Missing Authorization Header"})
MALFORMED = (422, {"msg": "Not enough segments"})
WRONG_KIND = {
    "bearerAuth": ("refreshToken", (422, {"msg": "Only non-refresh tokens are allowed"})),
    "refreshToken": ("bearerAuth", (422, {"msg": "Only refresh tokens are allowed"})),
}


def token_scheme(case: Case) -> str | None:
    """Return the security scheme an operation documents (`bearerAuth`, `refreshToken`), if any."""
    for requirement in case.operation.definition.raw.get("security", ()):
        for name in requirement:
            return str(name)
    return None


def bearer(tokens: dict[str, str], case: Case) -> dict[str, str]:
    """Return the Authorization header an operation needs, from the admin's tokens."""
    scheme = token_scheme(case)
    return {"Authorization": f"Bearer {tokens[scheme]}"} if scheme else {}


def tokens_enforced(tokens: dict[str, str]) -> Check:
    """Return a check that, once per operation that answered 2xx with a token, re-sends the
    request without it, with a malformed one and with the other kind, and wants §2.2's answers."""
    probed: set[str] = set()

    def tokens_enforced_as_specified(ctx: CheckContext, response: Response, case: Case) -> None:
        scheme = token_scheme(case)
        label = case.operation.label
        answered = 200 <= response.status_code < 300 and label not in probed
        # OPTIONS, and methods the operation does not have, are routing's (§1.1): no token.
        if (
            scheme is None
            or not answered
            or response.request.method != case.operation.method.upper()
        ):
            return
        probed.add(label)
        other, wrong_kind = WRONG_KIND[scheme]
        probes = [
            ({}, MISSING),
            ({"Authorization": INVALID_TOKEN}, MALFORMED),
            ({"Authorization": f"Bearer {tokens[other]}"}, wrong_kind),
        ]
        for headers, expected in probes:
            answer = case.call(headers=headers)
            got = (answer.status_code, body_of(answer))
            assert got == expected, f"{label} with {headers or 'no token'}: {got}, want {expected}"

    return tokens_enforced_as_specified
