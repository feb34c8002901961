"""Case tables for the per-job execution endpoints of spec §4.6, with §1.6, §1.7 and D11.

Every case starts from `execution_seed.seed`: three jobs × 60 runs and one orphaned run. Expected
lists are filters over the seed (`pick`) whose sizes are pinned with `exactly`, so a wrong count
fails even if the filter itself were wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from tests_support.kit.case import Case
from tests_support.kit.contract import NO_HEADER
from tests_support.kit.filters import INVALID_DATE, INVALID_RANGE, Params, exactly, url
from tests_support.kit.worlds.base import MISSING_ID, World
from tests_support.kit.worlds.executions import (
    GONE_JOB_ID,
    NIGHTLY,
    ORPHAN,
    PING,
    RELEASE,
    Run,
    SeedJob,
    extra_job,
    extra_run,
    insert_runs,
    pick,
    resource,
    seed,
)

JUNE_2, JUNE_3 = datetime(2025, 6, 2), datetime(2025, 6, 3)


def job_not_found(job_id: str) -> dict[str, str]:
    """The job-not-found 404 body."""
    return {"error": "Job not found", "message": f"No job found with ID: {job_id}"}


def get(name: str, path: str, *, status: int = 200, actor: str | None = "viewer",
        setup: Callable[[World], None] | None = seed, **fields: Any) -> Case:  # fmt: skip
    """A GET case on the seeded history; any role may read executions."""
    return Case(name=name, method="GET", path=path, status=status, actor=actor, setup=setup,
                **fields)  # fmt: skip


# --- GET /jobs/<job_id>/executions --------------------------------------------------------------


def job_list(job: SeedJob, runs: list[Run]) -> dict[str, Any]:
    """The per-job list body."""
    return {"job_id": job.id, "job_name": job.name, "total_executions": len(runs),
            "executions": [resource(run) for run in runs]}  # fmt: skip


def listed(name: str, params: Params | None, job: SeedJob, runs: list[Run]) -> Case:
    """A per-job list case."""
    path = url(f"/jobs/{job.id}/executions", params)
    return get(f"job_executions_{name}", path, body=job_list(job, runs))


NIGHTLY_RUNS = exactly(60, pick(job=NIGHTLY))
JUNE_2_NIGHTLY = exactly(8, pick(job=NIGHTLY, start=JUNE_2, end=JUNE_3))
NOT_JUNE_2 = {"to": "2025-06-02T00:00:00"}

JOB_LIST_CASES = [
    listed("default_to_the_50_newest", None, NIGHTLY, NIGHTLY_RUNS[:50]),
    listed("honour_a_limit", {"limit": "7"}, PING, exactly(60, pick(job=PING))[:7]),
    listed("parse_limit_with_sign_and_spaces", {"limit": " +3 "}, NIGHTLY, NIGHTLY_RUNS[:3]),
    listed("treat_limit_zero_as_50", {"limit": "0"}, NIGHTLY, NIGHTLY_RUNS[:50]),
    listed("treat_negative_limit_as_50", {"limit": "-4"}, NIGHTLY, NIGHTLY_RUNS[:50]),
    listed("treat_non_numeric_limit_as_50", {"limit": "ten"}, NIGHTLY, NIGHTLY_RUNS[:50]),
    listed("clamp_limit_to_200", {"limit": "5000"}, NIGHTLY, NIGHTLY_RUNS),
    listed("filter_one_status", {"status": "success"}, RELEASE,
           exactly(36, pick(job=RELEASE, statuses=["success"]))),
    listed("filter_a_status_list_ignoring_blanks", {"status": " ,failed,, running ,"}, PING,
           exactly(30, pick(job=PING, statuses=["failed", "running"]))),
    listed("ignore_a_status_of_only_commas", {"status": " , ,"}, NIGHTLY, NIGHTLY_RUNS[:50]),
    listed("filter_trigger_type", {"trigger_type": "manual"}, NIGHTLY,
           exactly(12, pick(job=NIGHTLY, trigger="manual"))),
    listed("match_trigger_type_exactly", {"trigger_type": "Manual"}, NIGHTLY, []),
    listed("combine_status_trigger_and_limit",
           {"status": "success", "trigger_type": "scheduled", "limit": "4"}, NIGHTLY,
           exactly(16, pick(job=NIGHTLY, statuses=["success"], trigger="scheduled"))[:4]),
    listed("make_a_date_only_to_inclusive", {"from": "2025-06-02", "to": "2025-06-02"}, NIGHTLY,
           JUNE_2_NIGHTLY),
    listed("accept_z_datetimes", {"from": "2025-06-02T00:00:00Z", "to": "2025-06-03T00:00:00Z"},
           NIGHTLY, JUNE_2_NIGHTLY),
    listed("convert_offsets_to_utc",
           {"from": "2025-06-02T09:00:00+09:00", "to": "2025-06-02T19:00:00-05:00"}, NIGHTLY,
           JUNE_2_NIGHTLY),
    listed("keep_a_datetime_to_exclusive", {"from": "2025-06-01", **NOT_JUNE_2}, NIGHTLY,
           exactly(8, pick(job=NIGHTLY, end=JUNE_2))),
    listed("bound_only_from", {"from": "2025-06-08T00:00:00.000001"}, NIGHTLY,
           exactly(3, pick(job=NIGHTLY, start=datetime(2025, 6, 8, 0, 0, 0, 1)))),
    listed("ignore_blank_dates", {"from": "  ", "to": ""}, NIGHTLY, NIGHTLY_RUNS[:50]),
    # A repeated parameter means its first value, on both stacks (Flask's `args.get`).
    listed("read_the_first_of_repeated_froms",
           [("from", "2025-06-02"), ("to", "2025-06-02"), ("from", "2025-06-01")], NIGHTLY,
           JUNE_2_NIGHTLY),
    listed("read_the_first_of_repeated_limits", [("limit", "3"), ("limit", "7")], NIGHTLY,
           NIGHTLY_RUNS[:3]),
    get("job_executions_reject_an_unparsable_from", url(f"/jobs/{NIGHTLY.id}/executions",
        {"from": "yesterday"}), status=400, body=INVALID_DATE),
    get("job_executions_reject_an_impossible_date", url(f"/jobs/{NIGHTLY.id}/executions",
        {"to": "2025-13-01"}), status=400, body=INVALID_DATE),
    get("job_executions_reject_a_to_without_a_next_day", url(f"/jobs/{NIGHTLY.id}/executions",
        {"to": "9999-12-31"}), status=400, body=INVALID_DATE),
    get("job_executions_reject_from_after_to", url(f"/jobs/{NIGHTLY.id}/executions",
        {"from": "2025-06-03", "to": "2025-06-02"}), status=400, body=INVALID_RANGE),
    get("job_executions_reject_from_equal_to", url(f"/jobs/{NIGHTLY.id}/executions",
        {"from": "2025-06-02T00:00:00", "to": "2025-06-02T00:00:00Z"}), status=400,
        body=INVALID_RANGE),
    get("job_executions_check_the_job_before_dates", url("/jobs/{missing}/executions",
        {"from": "yesterday"}), status=404, body=job_not_found(MISSING_ID)),
    get("job_executions_of_an_unknown_job_is_404", f"/jobs/{GONE_JOB_ID}/executions",
        status=404, body=job_not_found(GONE_JOB_ID)),
    get("job_executions_need_a_token", f"/jobs/{NIGHTLY.id}/executions", actor=None,
        status=401, body=NO_HEADER),
]  # fmt: skip

# --- GET /jobs/<job_id>/executions/<execution_id> -----------------------------------------------

NIGHTLY_RUN = NIGHTLY_RUNS[-3]
JOB_DETAIL_CASES = [
    get("job_execution_returns_the_run_and_its_job",
        f"/jobs/{NIGHTLY.id}/executions/{NIGHTLY_RUN.id}",
        body={"job": {"id": NIGHTLY.id, "name": NIGHTLY.name},
              "execution": resource(NIGHTLY_RUN)}),
    get("job_execution_of_another_job_is_404", f"/jobs/{PING.id}/executions/{NIGHTLY_RUN.id}",
        status=404, body={"error": "Execution not found", "message":
                          f"No execution found with ID: {NIGHTLY_RUN.id} for job: {PING.id}"}),
    get("job_execution_unknown_is_404", f"/jobs/{PING.id}/executions/nope", status=404,
        body={"error": "Execution not found",
              "message": f"No execution found with ID: nope for job: {PING.id}"}),
    get("job_execution_of_an_unknown_job_is_job_404", f"/jobs/{GONE_JOB_ID}/executions/{ORPHAN.id}",
        status=404, body=job_not_found(GONE_JOB_ID)),
]  # fmt: skip

# --- GET /jobs/<job_id>/executions/stats (D11) --------------------------------------------------


def job_stats(job: SeedJob, counts: tuple[int, int, int, int], rate: float,
              mean: float | None, latest: Run | None) -> dict[str, Any]:  # fmt: skip
    """The per-job statistics body; `counts` are total, success, failed, running."""
    total, success, failed, running = counts
    return {
        "job_id": job.id, "job_name": job.name,
        "statistics": {"total_executions": total, "success_count": success,
                       "failed_count": failed, "running_count": running, "success_rate": rate,
                       "average_duration_seconds": mean},
        "latest_execution": None if latest is None else resource(latest),
    }  # fmt: skip


def extra(job: SeedJob, *runs: tuple[str, float | None]) -> Callable[[World], None]:
    """Insert the main seed plus one more job with runs (status, duration), an hour apart."""
    made = [extra_run(job, hour, status, duration) for hour, (status, duration) in enumerate(runs)]

    def setup(world: World) -> None:
        seed(world)
        insert_runs(world, [job], made)

    return setup


EMPTY, ZERO, NO_DURATION, THIRDS = (extra_job(4, "never-ran"), extra_job(5, "instant"),
                                    extra_job(6, "untimed"), extra_job(7, "thirds"))  # fmt: skip


def stats(name: str, job: SeedJob, body: dict[str, Any], **fields: Any) -> Case:
    """A per-job statistics case."""
    return get(f"job_stats_{name}", f"/jobs/{job.id}/executions/stats", body=body, **fields)


JOB_STATS_CASES = [
    stats("count_statuses_and_average_successful_runs", NIGHTLY,
          job_stats(NIGHTLY, (60, 20, 20, 20), 33.33, 1.73, NIGHTLY_RUNS[0])),
    stats("round_rate_and_mean_to_two_places", PING,
          job_stats(PING, (60, 30, 15, 15), 50.0, 1.67, pick(job=PING)[0])),
    stats("of_another_job", RELEASE, job_stats(RELEASE, (60, 36, 12, 12), 60.0, 1.68,
                                               pick(job=RELEASE)[0])),
    stats("of_a_job_without_runs_are_zero_and_null", EMPTY,
          job_stats(EMPTY, (0, 0, 0, 0), 0, None, None), setup=extra(EMPTY)),
    stats("average_zero_durations_to_zero_not_null", ZERO,
          job_stats(ZERO, (3, 2, 1, 0), 66.67, 0.0, extra_run(ZERO, 2, "failed", 5.0)),
          setup=extra(ZERO, ("success", 0.0), ("success", 0.0), ("failed", 5.0))),
    stats("average_is_null_without_a_timed_successful_run", NO_DURATION,
          job_stats(NO_DURATION, (3, 1, 1, 1), 33.33, None,
                    extra_run(NO_DURATION, 2, "running", None)),
          setup=extra(NO_DURATION, ("success", None), ("failed", 4.0), ("running", None))),
    stats("ignore_untimed_successful_runs_in_the_mean", THIRDS,
          job_stats(THIRDS, (5, 4, 1, 0), 80.0, 1.67, extra_run(THIRDS, 4, "failed", 9.0)),
          setup=extra(THIRDS, ("success", 1.0), ("success", None), ("success", 2.0),
                      ("success", 2.0), ("failed", 9.0))),
    get("job_stats_of_an_unknown_job_is_404", f"/jobs/{GONE_JOB_ID}/executions/stats",
        status=404, body=job_not_found(GONE_JOB_ID)),
]  # fmt: skip

JOB_CASES = [*JOB_LIST_CASES, *JOB_DETAIL_CASES, *JOB_STATS_CASES]
