"""Case tables for spec §4.3 cron tools: validate-cron and cron-preview (§1.8, A8, D14).

Expected fire times are computed here independently of APScheduler, from the calendar: a
daily 09:00 run, or 09:00 on days that satisfy a predicate. They are computed just before the
request is sent, in the scheduler timezone, so they hold whenever the suite runs.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from tests_support.cases.app_variants import AppCase
from tests_support.kit.case import NOTHING, Case
from tests_support.kit.contract import (
    CONTENT_TYPE_ERROR,
    INVALID_JSON,
    JSON_SUFFIX,
    NO_HEADER,
    NOT_AN_OBJECT,
    TEXT,
    must_be,
)

Day = Callable[[datetime], bool]
VALID = {"valid": True, "message": "Valid cron expression"}
INVALID_COUNT = {"error": "Invalid count", "message": '"count" must be an integer.'}
FIELDS = "Cron expression must have exactly 5 fields (minute hour day month day-of-week)."
REQUIRED = "Cron expression is required."
DAILY = "0 9 * * *"
# Every example of §1.8 with the library's text.
INVALID_EXPRESSIONS = {
    "minute_61": ("61 * * * *", "Error validating expression '61': the last value (61) is "
                                "higher than the maximum value (59)"),
    "day_l": ("* * L * *", 'Unrecognized expression "L" for field "day"'),
    "question_mark": ("0 9 * * ?", 'Unrecognized expression "?" for field "day_of_week"'),
    "zero_increment": ("*/0 * * * *", "Increment must be higher than 0"),
    "reversed_range": ("5-1 * * * *",
                       "The minimum value in a range must not be higher than the maximum"),
    "wrapping_weekdays": ("0 9 * * 6-0",
                          "The minimum value in a range must not be higher than the maximum"),
    "day_of_week_7": ("0 9 * * 7", "Error validating expression '7': the last value (7) is "
                                   "higher than the maximum value (6)"),
    "month_name": ("a b c d e", 'Invalid month name "d"'),
    "macro": ("@daily", FIELDS),
    "six_fields": ("0 0 9 * * 1", FIELDS),
    "four_fields": ("0 9 * *", FIELDS),
    "blank": ("   ", REQUIRED),
}  # fmt: skip


def zone_of(name: str) -> tzinfo:
    """The zone a SCHEDULER_TIMEZONE value means: UTC when the name is invalid."""
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError):
        return UTC


def nine_am(count: int, zone_name: str = "Asia/Tokyo", day: Day = lambda _t: True) -> list[str]:
    """The next `count` 09:00 instants at or after now on days that satisfy `day`."""
    zone = zone_of(zone_name)
    now = datetime.now(zone)
    runs: list[str] = []
    current = now.date()
    while len(runs) < count:
        candidate = datetime(current.year, current.month, current.day, 9, tzinfo=zone)
        if candidate >= now and day(candidate):
            runs.append(candidate.isoformat())
        current += timedelta(days=1)
    return runs


def preview(count: int, zone_name: str = "Asia/Tokyo", day: Day = lambda _t: True) -> Any:
    """The cron-preview body for 09:00 runs, computed when the request is sent."""
    return lambda _world: {
        "timezone": zone_name,
        "next_runs": nine_am(count, zone_name, day),
        "count": count,
    }


def invalid(message: str, valid: bool | None = None) -> dict[str, Any]:
    """The invalid-cron body (validate-cron adds `"valid": false`)."""
    body: dict[str, Any] = {"error": "Invalid cron expression", "message": message}
    return body if valid is None else {"valid": valid} | body


def validate(name: str, payload: Any = NOTHING, **fields: Any) -> Case:
    """A POST /jobs/validate-cron case (as the viewer: any role may call it)."""
    fields.setdefault("actor", "viewer")
    return Case(
        name=f"validate_{name}", method="POST", path="/jobs/validate-cron", json=payload, **fields
    )


def preview_case(name: str, payload: Any = NOTHING, **fields: Any) -> Case:
    """A POST /jobs/cron-preview case (as the viewer: any role may call it)."""
    fields.setdefault("actor", "viewer")
    return Case(
        name=f"preview_{name}", method="POST", path="/jobs/cron-preview", json=payload, **fields
    )


def _is_last_day(moment: datetime) -> bool:
    return moment.day == calendar.monthrange(moment.year, moment.month)[1]


VALIDATE_CASES = [
    validate("accepts_a_valid_expression", {"expression": "0 9 * * 1"}, status=200, body=VALID),
    validate("trims_the_expression", {"expression": "  0 9 * * 1  "}, status=200, body=VALID),
    validate("accepts_day_and_month_names_in_any_case", {"expression": "0 9 * JAN Mon-fri"},
             status=200, body=VALID),
    validate("accepts_last_day_of_month", {"expression": "0 9 last * *"}, status=200,
             body=VALID),
    validate("falls_back_to_cron_expression", {"cron_expression": "0 9 * * 1"}, status=200,
             body=VALID),
    validate("falls_back_when_expression_is_empty",
             {"expression": "", "cron_expression": "0 9 * * 1"}, status=200, body=VALID),
    validate("falls_back_when_expression_is_null",
             {"expression": None, "cron_expression": "0 9 * * 1"}, status=200, body=VALID),
    validate("prefers_a_truthy_expression",
             {"expression": "0 9 * *", "cron_expression": "0 9 * * 1"}, status=200,
             body=invalid(FIELDS, valid=False)),
    validate("does_not_fall_back_from_a_blank_expression",
             {"expression": "  ", "cron_expression": "0 9 * * 1"}, status=200,
             body=invalid(REQUIRED, valid=False)),
    validate("reports_a_missing_expression", {}, status=200, body=invalid(REQUIRED, valid=False)),
    validate("accepts_json_suffix_media_type", {"expression": DAILY}, content_type=JSON_SUFFIX,
             status=200, body=VALID),
    validate("admin_may_call_it", {"expression": DAILY}, actor="admin", status=200, body=VALID),
    validate("requires_a_token", {"expression": DAILY}, actor=None, status=401, body=NO_HEADER),
    validate("rejects_text_plain", {"expression": DAILY}, content_type=TEXT, status=400,
             body=CONTENT_TYPE_ERROR),
    validate("rejects_malformed_json", NOTHING, raw=b"{", status=400, body=INVALID_JSON),
    validate("rejects_an_array_body", [DAILY], status=400, body=NOT_AN_OBJECT),
    validate("rejects_a_number_expression", {"expression": 5}, status=400,
             body=must_be("expression", "a string")),
    validate("type_checks_expression_first", {"expression": [], "cron_expression": 5},
             status=400, body=must_be("expression", "a string")),
    validate("type_checks_cron_expression_beside_a_valid_expression",
             {"expression": DAILY, "cron_expression": {}}, status=400,
             body=must_be("cron_expression", "a string")),
] + [
    validate(f"reports_{key}", {"expression": expression}, status=200,
             body=invalid(message, valid=False))
    for key, (expression, message) in INVALID_EXPRESSIONS.items()
]  # fmt: skip

COUNT_FIVE = {"absent": NOTHING, "null": None, "zero": 0, "zero_float": 0.0, "false": False,
              "empty_string": ""}  # fmt: skip
COUNTS = {"integer": (3, 3), "integral_float": (3.0, 3), "integer_string": ("7", 7),
          "padded_signed_string": (" +2 ", 2), "twenty": (20, 20), "above_twenty": (21, 20),
          "huge": (10**6, 20), "huge_string": ("999", 20)}  # fmt: skip
NO_RUNS = {"negative": -1, "negative_string": "-3", "zero_string": "0"}
BAD_COUNTS = {"fraction": 2.5, "fraction_string": "2.5", "word": "abc", "blank_string": " ",
              "true": True, "list": [3], "object": {"n": 3}, "exponent": "1e3"}  # fmt: skip


def _with_count(value: Any) -> dict[str, Any]:
    return {"expression": DAILY} if value is NOTHING else {"expression": DAILY, "count": value}


PREVIEW_CASES = [
    preview_case(f"counts_five_for_{key}", _with_count(value), status=200, body=preview(5))
    for key, value in COUNT_FIVE.items()
] + [
    preview_case(f"accepts_an_{key}_count", _with_count(value), status=200,
                 body=preview(effective))
    for key, (value, effective) in COUNTS.items()
] + [
    preview_case(f"lists_no_runs_for_a_{key}_count", _with_count(value), status=200,
                 body={"timezone": "Asia/Tokyo", "next_runs": [], "count": 0})
    for key, value in NO_RUNS.items()
] + [
    preview_case(f"rejects_a_{key}_count", _with_count(value), status=400, body=INVALID_COUNT)
    for key, value in BAD_COUNTS.items()
] + [
    preview_case("checks_the_expression_before_the_count",
                 {"expression": "0 9 * * 7", "count": "abc"}, status=400,
                 body=invalid(INVALID_EXPRESSIONS["day_of_week_7"][1])),
    preview_case("rejects_an_invalid_expression", {"expression": "* * L * *"}, status=400,
                 body=invalid('Unrecognized expression "L" for field "day"')),
    preview_case("rejects_a_missing_expression", {"count": 3}, status=400,
                 body=invalid(REQUIRED)),
    preview_case("falls_back_to_cron_expression", {"cron_expression": DAILY, "count": 2},
                 status=200, body=preview(2)),
    preview_case("numeric_day_1_is_tuesday", {"expression": "0 9 * * 1", "count": 3},
                 status=200, body=preview(3, day=lambda t: t.weekday() == 1)),
    preview_case("numeric_day_0_is_monday", {"expression": "0 9 * * 0", "count": 2},
                 status=200, body=preview(2, day=lambda t: t.weekday() == 0)),
    preview_case("day_name_mon_is_monday", {"expression": "0 9 * * MON", "count": 2},
                 status=200, body=preview(2, day=lambda t: t.weekday() == 0)),
    preview_case("day_name_sun_is_sunday", {"expression": "0 9 * * sun", "count": 2},
                 status=200, body=preview(2, day=lambda t: t.weekday() == 6)),
    preview_case("day_of_month_and_day_of_week_are_anded", {"expression": "0 9 1 * 0",
                                                           "count": 2}, status=200,
                 body=preview(2, day=lambda t: t.day == 1 and t.weekday() == 0)),
    preview_case("last_is_the_last_day_of_the_month", {"expression": "0 9 last * *",
                                                      "count": 3}, status=200,
                 body=preview(3, day=_is_last_day)),
    preview_case("requires_a_token", {"expression": DAILY}, actor=None, status=401,
                 body=NO_HEADER),
    preview_case("rejects_text_plain", {"expression": DAILY}, content_type=TEXT, status=400,
                 body=CONTENT_TYPE_ERROR),
    preview_case("rejects_an_empty_body", NOTHING, raw=b"", status=400, body=INVALID_JSON),
    preview_case("rejects_a_null_body", None, status=400, body=NOT_AN_OBJECT),
    preview_case("rejects_a_number_cron_expression", {"cron_expression": 9}, status=400,
                 body=must_be("cron_expression", "a string")),
]  # fmt: skip


def zone_preview(name: str, zone: str) -> AppCase:
    """A cron-preview case on an app whose SCHEDULER_TIMEZONE is `zone`."""
    return AppCase(
        name=f"preview_{name}",
        method="POST",
        path="/jobs/cron-preview",
        actor="viewer",
        json={"expression": DAILY, "count": 3},
        settings={"scheduler_timezone": zone},
        status=200,
        body=preview(3, zone),
    )


ZONE_CASES = [
    zone_preview("uses_utc_offsets_in_utc", "UTC"),
    zone_preview("uses_new_york_offsets", "America/New_York"),
    zone_preview("echoes_an_invalid_timezone_and_uses_utc", "Mars/Phobos"),
]
