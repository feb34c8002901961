"""Case tables for the global execution endpoints of spec §4.6, with §1.6 and §1.7 (D9).

The global list and detail leave out runs whose job is gone; the statistics count them.
"""

from __future__ import annotations

from typing import Any

from tests_support.cases.executions.per_job import JUNE_2, JUNE_3, NIGHTLY_RUN, get
from tests_support.kit.case import Case
from tests_support.kit.contract import NO_HEADER
from tests_support.kit.filters import (
    HIDDEN_INVALID_DATE,
    INVALID_DATE,
    INVALID_RANGE,
    Params,
    exactly,
    url,
)
from tests_support.kit.worlds.base import MISSING_ID
from tests_support.kit.worlds.executions import (
    GONE_JOB_ID,
    NIGHTLY,
    ORPHAN,
    PING,
    Run,
    pick,
    with_job,
)

# --- GET /executions ----------------------------------------------------------------------------

ALL = exactly(180, pick())  # the orphan is never listed


def page_of(runs: list[Run], *, page: int, limit: int, pages: int) -> dict[str, Any]:
    """The global list body: one page of `runs` with the echoed effective values."""
    first = (page - 1) * limit
    return {"executions": [with_job(run) for run in runs[first:first + limit]],
            "total": len(runs), "page": page, "limit": limit, "total_pages": pages}  # fmt: skip


def paged(name: str, params: Params | None, body: dict[str, Any]) -> Case:
    """A global list case."""
    return get(f"executions_{name}", url("/executions", params), body=body)


GLOBAL_LIST_CASES = [
    paged("default_to_page_1_of_20_newest_without_orphans", None,
          page_of(ALL, page=1, limit=20, pages=9)),
    paged("serve_the_last_page", {"page": "9"}, page_of(ALL, page=9, limit=20, pages=9)),
    paged("answer_past_the_end_with_an_empty_page", {"page": "10"},
          page_of(ALL, page=10, limit=20, pages=9)),
    paged("echo_a_huge_page", {"page": "99999999999999999999"},
          page_of(ALL, page=99999999999999999999, limit=20, pages=9)),
    paged("clamp_page_zero_to_1", {"page": "0"}, page_of(ALL, page=1, limit=20, pages=9)),
    paged("clamp_a_negative_page_to_1", {"page": "-3"}, page_of(ALL, page=1, limit=20, pages=9)),
    paged("treat_a_non_numeric_page_as_1", {"page": "two"},
          page_of(ALL, page=1, limit=20, pages=9)),
    paged("parse_page_with_spaces", {"page": " 2 "}, page_of(ALL, page=2, limit=20, pages=9)),
    paged("round_total_pages_up", {"limit": "7"}, page_of(ALL, page=1, limit=7, pages=26)),
    paged("serve_a_partial_last_page", {"limit": "7", "page": "26"},
          page_of(ALL, page=26, limit=7, pages=26)),
    paged("clamp_limit_zero_to_1", {"limit": "0"}, page_of(ALL, page=1, limit=1, pages=180)),
    paged("clamp_a_negative_limit_to_1", {"limit": "-5", "page": "3"},
          page_of(ALL, page=3, limit=1, pages=180)),
    paged("clamp_limit_to_200", {"limit": "1000"}, page_of(ALL, page=1, limit=200, pages=1)),
    paged("treat_a_non_numeric_limit_as_20", {"limit": "many"},
          page_of(ALL, page=1, limit=20, pages=9)),
    paged("filter_job_id", {"job_id": PING.id},
          page_of(exactly(60, pick(job=PING)), page=1, limit=20, pages=3)),
    paged("leave_out_runs_of_deleted_jobs", {"job_id": GONE_JOB_ID},
          page_of([], page=1, limit=20, pages=0)),
    paged("filter_one_status", {"status": "success", "limit": "50"},
          page_of(exactly(86, pick(statuses=["success"])), page=1, limit=50, pages=2)),
    paged("filter_a_status_list_ignoring_blanks", {"status": "failed, ,running,", "page": "2"},
          page_of(exactly(94, pick(statuses=["failed", "running"])), page=2, limit=20, pages=5)),
    paged("filter_trigger_type", {"trigger_type": "manual"},
          page_of(exactly(36, pick(trigger="manual")), page=1, limit=20, pages=2)),
    paged("filter_execution_type", {"execution_type": "webhook", "limit": "100"},
          page_of(exactly(60, pick(kind="webhook")), page=1, limit=100, pages=1)),
    paged("match_execution_type_exactly", {"execution_type": "Webhook"},
          page_of([], page=1, limit=20, pages=0)),
    paged("combine_filters",
          {"execution_type": "github_actions", "status": "success", "trigger_type": "manual"},
          page_of(exactly(4, pick(kind="github_actions", statuses=["success"], trigger="manual")),
                  page=1, limit=20, pages=1)),
    paged("filter_an_inclusive_day", {"from": "2025-06-02", "to": "2025-06-02"},
          page_of(exactly(24, pick(start=JUNE_2, end=JUNE_3)), page=1, limit=20, pages=2)),
    paged("filter_offset_datetimes",
          {"from": "2025-06-02T09:00:00+09:00", "to": "2025-06-03T00:00:00Z", "page": "2"},
          page_of(exactly(24, pick(start=JUNE_2, end=JUNE_3)), page=2, limit=20, pages=2)),
    # A repeated parameter means its first value, on both stacks (Flask's `args.get`).
    paged("read_the_first_of_repeated_froms",
          [("from", "2025-06-02"), ("to", "2025-06-02"), ("from", "2025-06-01")],
          page_of(exactly(24, pick(start=JUNE_2, end=JUNE_3)), page=1, limit=20, pages=2)),
    paged("read_the_first_of_repeated_tos",
          [("from", "2025-06-02"), ("to", "2025-06-02"), ("to", "2025-06-05")],
          page_of(exactly(24, pick(start=JUNE_2, end=JUNE_3)), page=1, limit=20, pages=2)),
    paged("read_the_first_of_repeated_pages", [("page", "2"), ("page", "3")],
          page_of(ALL, page=2, limit=20, pages=9)),
    paged("read_the_first_of_repeated_limits", [("limit", "7"), ("limit", "50")],
          page_of(ALL, page=1, limit=7, pages=26)),
    paged("read_the_first_of_repeated_statuses",
          [("status", "success"), ("limit", "50"), ("status", "failed")],
          page_of(exactly(86, pick(statuses=["success"])), page=1, limit=50, pages=2)),
    paged("read_the_first_of_repeated_job_ids", [("job_id", PING.id), ("job_id", NIGHTLY.id)],
          page_of(exactly(60, pick(job=PING)), page=1, limit=20, pages=3)),
    get("executions_reject_an_unparsable_to", url("/executions", {"to": "2025/06/02"}),
        status=400, body=INVALID_DATE),
    get("executions_reject_from_after_to", url("/executions", {"from": "2025-06-02T00:00:01",
        "to": "2025-06-02T00:00:00"}), status=400, body=INVALID_RANGE),
    get("executions_need_a_token", "/executions", actor=None, status=401, body=NO_HEADER),
]  # fmt: skip

# --- GET /executions/<execution_id> -------------------------------------------------------------

PING_RUN = pick(job=PING)[5]
GLOBAL_DETAIL_CASES = [
    get("execution_adds_job_name_and_repo", f"/executions/{NIGHTLY_RUN.id}",
        body={"execution": with_job(NIGHTLY_RUN)}),
    get("execution_of_a_job_without_repo_has_null_repo", f"/executions/{PING_RUN.id}",
        body={"execution": with_job(PING_RUN)}),
    get("execution_of_a_deleted_job_is_404", f"/executions/{ORPHAN.id}", status=404,
        body={"error": "Execution not found",
              "message": f"No execution found with ID: {ORPHAN.id}"}),
    get("execution_unknown_is_404", "/executions/{missing}", status=404,
        body={"error": "Execution not found",
              "message": f"No execution found with ID: {MISSING_ID}"}),
]  # fmt: skip

# --- GET /executions/statistics -----------------------------------------------------------------


def statistics(counts: tuple[int, int, int, int], rate: float, mean: float,
               start: str | None = None, end: str | None = None) -> dict[str, Any]:  # fmt: skip
    """The global statistics body; `counts` are total, successful, failed, running."""
    total, success, failed, running = counts
    return {"total_executions": total, "successful_executions": success,
            "failed_executions": failed, "running_executions": running, "success_rate": rate,
            "average_duration_seconds": mean, "range": {"from": start, "to": end}}  # fmt: skip


def stat(name: str, params: Params | None, body: dict[str, Any]) -> Case:
    """A global statistics case."""
    return get(f"statistics_{name}", url("/executions/statistics", params), body=body)


EVERYTHING = statistics((181, 87, 47, 47), 48.06629834254144, 1.7593283582089552)
ORPHAN_ONLY = (1, 1, 0, 0)
STATISTICS_CASES = [
    stat("count_every_run_including_orphans", None, EVERYTHING),
    stat("ignore_the_status_filter", {"status": "failed", "page": "2"}, EVERYTHING),
    stat("filter_job_id_without_rounding", {"job_id": NIGHTLY.id},
         statistics((60, 20, 20, 20), 33.33333333333333, 1.7125)),
    stat("count_orphans_by_job_id", {"job_id": GONE_JOB_ID}, statistics(ORPHAN_ONLY, 100.0, 10.0)),
    stat("echo_an_inclusive_day_in_utc", {"from": "2025-06-02", "to": "2025-06-02"},
         statistics((24, 11, 6, 7), 45.83333333333333, 1.838235294117647,
                    "2025-06-02T00:00:00+00:00", "2025-06-03T00:00:00+00:00")),
    stat("echo_offsets_converted_to_utc", {"from": "2025-06-02T09:30:00.5+09:00"},
         statistics((156, 75, 40, 41), 48.07692307692308, 1.7956521739130435,
                    "2025-06-02T00:30:00.500000+00:00")),
    stat("echo_a_datetime_to_unchanged", {"to": "2025-06-01T03:00:00Z"},
         statistics((3, 2, 1, 0), 66.66666666666666, 0.25, None, "2025-06-01T03:00:00+00:00")),
    stat("count_orphans_in_a_window", {"from": "2025-07-01"},
         statistics(ORPHAN_ONLY, 100.0, 10.0, "2025-07-01T00:00:00+00:00")),
    stat("answer_zeros_for_an_empty_window", {"from": "2026-01-01T00:00:00Z"},
         statistics((0, 0, 0, 0), 0.0, 0.0, "2026-01-01T00:00:00+00:00")),
    stat("read_the_first_of_repeated_froms",
         [("from", "2025-06-02"), ("to", "2025-06-02"), ("from", "2025-06-01")],
         statistics((24, 11, 6, 7), 45.83333333333333, 1.838235294117647,
                    "2025-06-02T00:00:00+00:00", "2025-06-03T00:00:00+00:00")),
    get("statistics_reject_an_unparsable_from", url("/executions/statistics",
        {"from": "2025-06-02T25:00"}), status=400, body=INVALID_DATE),
    get("statistics_reject_a_from_before_year_one_in_utc", url("/executions/statistics",
        {"from": "0001-01-01T00:00:00+01:00"}), status=400, body=INVALID_DATE),
    get("statistics_reject_an_empty_range", url("/executions/statistics",
        {"from": "2025-06-02", "to": "2025-06-01T12:00:00"}), status=400, body=INVALID_RANGE),
]  # fmt: skip

# --- routing (§1.1): fixed segments win over parameters -----------------------------------------

ROUTING_CASES = [
    # Authenticated, or the 401 would hide which route answered; an execution lookup is a 404.
    get("executions_statistics_is_not_an_execution_id", "/executions/statistics", setup=None,
        body=statistics((0, 0, 0, 0), 0.0, 0.0)),
    get("executions_with_trailing_slash_is_404", "/executions/", actor=None, status=404,
        body={"error": "Not found", "message": "The requested URL was not found on the server."}),
    Case(name="post_executions_is_405", method="POST", path="/executions", actor=None,
         status=405, allow=frozenset({"GET", "HEAD", "OPTIONS"}),
         body={"error": "Method not allowed",
               "message": "The method is not allowed for the requested URL."}),
]  # fmt: skip

HIDDEN_DETAIL_CASES = [
    get("job_executions_hide_the_date_message", url(f"/jobs/{NIGHTLY.id}/executions",
        {"from": "soon"}), status=400, body=HIDDEN_INVALID_DATE),
    get("executions_hide_the_date_message", url("/executions", {"to": "x"}), status=400,
        body=HIDDEN_INVALID_DATE),
    get("statistics_hide_the_date_message", url("/executions/statistics", {"from": "06/02"}),
        status=400, body=HIDDEN_INVALID_DATE),
    get("statistics_keep_the_range_message", url("/executions/statistics",
        {"from": "2025-06-02", "to": "2025-06-01"}), status=400, body=INVALID_RANGE),
]  # fmt: skip

GLOBAL_CASES = [
    *GLOBAL_LIST_CASES, *GLOBAL_DETAIL_CASES, *STATISTICS_CASES, *ROUTING_CASES,
]  # fmt: skip
