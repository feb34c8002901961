"""JSON Schema fragments for the contract's input rules (§1.2, §1.9, §4, A4), shared by the docs.

The domain checks every request; these fragments let `/openapi.json` say what it accepts, so a
client (or a fuzzer) that follows the document sends requests the service takes. Patterns are
ECMA-262 regular expressions, as OpenAPI 3.1 reads them.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

# Whitespace as Python's `str.strip` sees it, which is what the service trims (ECMA-262's `\s`
# differs: it leaves out U+001C–U+001F and U+0085, and takes in U+FEFF).
SPACE = (
    r"\t\n\u000b\u000c\r\u001c-\u001f \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
)
# Not blank once trimmed: some character other than whitespace.
NON_BLANK = f"[^{SPACE}]"
# Slugify (§1.9) leaves something: an ASCII letter or digit, or one of the two characters whose
# lower case holds one (U+0130 → "i̇", U+212A KELVIN SIGN → "k").
SLUGGABLE = "[A-Za-z0-9\u0130\u212a]"
# Blank: empty or whitespace only.
BLANK = f"^[{SPACE}]*$"
# A webhook target of a test run: http:// or https://, any case, once trimmed (§4.3 step 7).
HTTP_URL = f"^[{SPACE}]*[Hh][Tt][Tt][Pp][Ss]?://"
# Whitespace Python's `float` and `int` strip, which is `SPACE` but U+001C–U+001F.
NUMBER_SPACE = SPACE.replace(r"\u001c-\u001f", "")
# A base-10 number as text (test-run `timeout_seconds`, A7).
NUMBER_TEXT = (
    f"^[{NUMBER_SPACE}]*[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?[{NUMBER_SPACE}]*$"
)
# An integer as text (cron-preview `count`, A8).
INTEGER_TEXT = f"^[{NUMBER_SPACE}]*[+-]?[0-9]+[{NUMBER_SPACE}]*$"

STRING: dict[str, Any] = {"type": "string"}
# A truthy string: not empty (whitespace counts).
NON_EMPTY: dict[str, Any] = {"type": "string", "minLength": 1}
NULL: dict[str, Any] = {"type": "null"}
OBJECT: dict[str, Any] = {"type": "object"}
# Every JSON value Python reads as false: where the contract treats a falsy value as absent (A4).
FALSY: list[dict[str, Any]] = [
    NULL,
    {"const": False},
    {"const": 0},
    {"const": ""},
    {"type": "array", "maxItems": 0},
    {"type": "object", "maxProperties": 0},
]


def trimmed(low: int, high: int) -> str:
    """Return the pattern of a string whose trimmed length is `low` to `high` characters.

    The service stores most text trimmed, and a column's length bounds the trimmed text (§5):
    whitespace around it is free.
    """
    if low <= 1:
        core = f"{NON_BLANK}([\\s\\S]{{0,{high - 2}}}{NON_BLANK})?"
        if low == 0:
            core = f"({core})?"
    else:
        core = f"{NON_BLANK}[\\s\\S]{{{low - 2},{high - 2}}}{NON_BLANK}"
    return f"^[{SPACE}]*{core}[{SPACE}]*$"


def text(*patterns: str, max_length: int | None = None) -> dict[str, Any]:
    """Return a string schema matching every one of `patterns`, at most `max_length` long."""
    schema: dict[str, Any] = dict(STRING)
    if len(patterns) == 1:
        schema["pattern"] = patterns[0]
    elif patterns:
        schema["allOf"] = [{"pattern": pattern} for pattern in patterns]
    if max_length is not None:
        schema["maxLength"] = max_length
    return schema


def one_of_values(*schemas: dict[str, Any]) -> dict[str, Any]:
    """Return a schema accepting a value that matches any of `schemas`."""
    return {"anyOf": list(schemas)}


def documented(schema: dict[str, Any], description: str | None = None, **field: Any) -> Any:
    """Declare a field whose JSON Schema is `schema` as written (pydantic's would be looser)."""
    extra = dict(schema)
    if description is not None:
        extra["description"] = description

    def replace(generated: dict[str, Any]) -> None:
        generated.clear()
        generated.update(extra)

    return Field(json_schema_extra=replace, **field)


def required_unless_blank(*names: str, **others: dict[str, Any]) -> dict[str, Any]:
    """Return the branch of an `anyOf` where each named field is a string that is not blank,
    and each of `others`, if present, matches its schema."""
    properties = {name: text(NON_BLANK) for name in names} | others
    return {"required": list(names), "properties": properties}
