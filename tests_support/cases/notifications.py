"""Case tables for spec §4.7 (notifications), with §1.6 date ranges and §1.7 integers (D9).

Every case starts from `notification_seed.seed`. Each endpoint sees only the caller's rows: alice
(`user`) has 45 notifications (15 read), olga (`other`) 3 (1 read), the admin none.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from cronjobs.models import Notification
from tests_support.kit.case import Case, Check, Matches, Reply, Step
from tests_support.kit.contract import NO_HEADER
from tests_support.kit.filters import INVALID_DATE, INVALID_RANGE, Params, exactly, url
from tests_support.kit.unchanged import recorded, unchanged
from tests_support.kit.worlds.base import World
from tests_support.kit.worlds.notifications import (
    ALICE,
    OLGA,
    UNKNOWN_ID,
    listing,
    pick,
    resource,
    seed,
)

ANY_UTC_TIMESTAMP = Matches("UTC timestamp", r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?\+00:00")
NOT_FOUND = {"error": "Notification not found"}
CANNOT_ACCESS = {"error": "Forbidden: Cannot access other users notifications"}
CANNOT_DELETE = {"error": "Forbidden: Cannot delete other users notifications"}
NO_RANGE = {"from": None, "to": None}
JUNE_2 = datetime(2025, 6, 2)
UNREAD, READ = ALICE[1], ALICE[3]
ALL = exactly(45, pick())
JUNE_2_NOTES = exactly(21, pick(start=JUNE_2))
# The first `from` makes a one-day window; the last would widen it to two days.
REPEATED_FROMS = [("from", "2025-06-02"), ("to", "2025-06-02"), ("from", "2025-06-01")]


def case(name: str, method: str, path: str, *, actor: str | None = "user", **fields: Any) -> Case:
    """A case on the seeded notifications, as alice unless told otherwise."""
    fields.setdefault("setup", seed)
    return Case(name=name, method=method, path=path, actor=actor, **fields)


def listed(name: str, params: Params | None, body: Any, actor: str = "user") -> Case:
    """A GET /notifications case."""
    path = url("/notifications", params)
    return case(f"list_{name}", "GET", path, actor=actor, status=200, body=body)


LIST_CASES = [
    listed("first_page_of_20_newest", None, listing(ALL, pages=3)),
    listed("last_page", {"page": "3"}, listing(ALL, page=3, pages=3)),
    listed("empty_page_past_the_end", {"page": "4"}, listing(ALL, page=4, pages=3)),
    listed("clamp_page_zero_to_1", {"page": "0"}, listing(ALL, pages=3)),
    listed("clamp_a_negative_page_to_1", {"page": "-1"}, listing(ALL, pages=3)),
    listed("treat_a_non_numeric_page_as_1", {"page": "x"}, listing(ALL, pages=3)),
    listed("honour_per_page", {"per_page": "7", "page": "2"},
           listing(ALL, page=2, per_page=7, pages=7)),
    listed("treat_per_page_zero_as_20", {"per_page": "0"}, listing(ALL, pages=3)),
    listed("treat_a_negative_per_page_as_20", {"per_page": "-2"}, listing(ALL, pages=3)),
    listed("treat_a_non_numeric_per_page_as_20", {"per_page": "lots"}, listing(ALL, pages=3)),
    listed("clamp_per_page_to_100", {"per_page": "1000"}, listing(ALL, per_page=100, pages=1)),
    listed("filter_unread_only", {"unread_only": "true"},
           listing(exactly(30, pick(unread=True)), pages=2)),
    listed("read_unread_only_case_insensitively", {"unread_only": "TRUE", "per_page": "50"},
           listing(pick(unread=True), per_page=50, pages=1)),
    listed("ignore_unread_only_yes", {"unread_only": "yes"}, listing(ALL, pages=3)),
    listed("ignore_unread_only_1", {"unread_only": "1"}, listing(ALL, pages=3)),
    listed("ignore_unread_only_with_spaces", {"unread_only": " true"}, listing(ALL, pages=3)),
    listed("filter_an_inclusive_day", {"from": "2025-06-02", "to": "2025-06-02"},
           listing(JUNE_2_NOTES, pages=2, start="2025-06-02T00:00:00",
                   end="2025-06-03T00:00:00")),
    listed("echo_offsets_as_naive_utc", {"from": "2025-06-02T09:00:00+09:00", "page": "2"},
           listing(JUNE_2_NOTES, page=2, pages=2, start="2025-06-02T00:00:00")),
    listed("keep_a_datetime_to_exclusive", {"to": "2025-06-01T02:00:00.999999Z"},
           listing(exactly(2, pick(end=datetime(2025, 6, 1, 2, 0, 0, 999_999))), pages=1,
                   end="2025-06-01T02:00:00.999999")),
    listed("combine_unread_only_and_dates", {"unread_only": "True", "from": "2025-06-02"},
           listing(exactly(14, pick(unread=True, start=JUNE_2)), pages=1,
                   start="2025-06-02T00:00:00")),
    listed("show_only_the_callers_rows", None, listing(pick(OLGA), pages=1), actor="other"),
    listed("answer_an_empty_list_to_a_user_without_rows", None, listing([], pages=0),
           actor="admin"),
    # A repeated parameter means its first value, on both stacks (Flask's `args.get`).
    listed("read_the_first_of_repeated_froms", REPEATED_FROMS,
           listing(JUNE_2_NOTES, pages=2, start="2025-06-02T00:00:00",
                   end="2025-06-03T00:00:00")),
    listed("read_the_first_of_repeated_per_pages",
           [("per_page", "7"), ("page", "2"), ("per_page", "50")],
           listing(ALL, page=2, per_page=7, pages=7)),
    case("list_reject_an_unparsable_date", "GET", url("/notifications", {"from": "June"}),
         status=400, body=INVALID_DATE),
    case("list_reject_from_equal_to", "GET", url("/notifications", {
         "from": "2025-06-02T00:00:00", "to": "2025-06-02T00:00:00+00:00"}),
         status=400, body=INVALID_RANGE),
    case("list_needs_a_token", "GET", "/notifications", actor=None, status=401, body=NO_HEADER),
]  # fmt: skip


def counted(name: str, params: Params | None, body: Any, actor: str = "user") -> Case:
    """A GET /notifications/unread-count case."""
    path = url("/notifications/unread-count", params)
    return case(f"unread_count_{name}", "GET", path, actor=actor, status=200, body=body)


UNREAD_COUNT_CASES = [
    counted("of_the_caller", None, {"unread_count": 30, "range": NO_RANGE}),
    counted("of_another_user", None, {"unread_count": 2, "range": NO_RANGE}, actor="other"),
    counted("in_a_window", {"from": "2025-06-02", "to": "2025-06-02"},
            {"unread_count": 14, "range": {"from": "2025-06-02T00:00:00",
                                           "to": "2025-06-03T00:00:00"}}),
    counted("ignore_blank_dates", {"from": " ", "to": ""}, {"unread_count": 30, "range": NO_RANGE}),
    counted("read_the_first_of_repeated_froms", REPEATED_FROMS,
            {"unread_count": 14, "range": {"from": "2025-06-02T00:00:00",
                                           "to": "2025-06-03T00:00:00"}}),
    case("unread_count_reject_a_to_after_year_9999_in_utc", "GET",
         url("/notifications/unread-count", {"to": "9999-12-31T23:00:00-05:00"}), status=400,
         body=INVALID_DATE),
    case("unread_count_reject_an_unparsable_date", "GET",
         url("/notifications/unread-count", {"to": "2025-06-02T24:61"}), status=400,
         body=INVALID_DATE),
]  # fmt: skip


# --- checks on the stored rows ------------------------------------------------------------------


def stored(note_id: str, **values: Any) -> Check:
    """The note's row now holds these column values."""

    def check(world: World, _reply: Reply) -> None:
        row = world.row(Notification, id=note_id)
        assert {name: getattr(row, name) for name in values} == values

    return check


def read_as_replied(world: World, reply: Reply) -> None:
    """The row is read, and its stored `read_at` is the one the reply shows."""
    shown = reply.json()["notification"]
    row = world.row(Notification, id=shown["id"])
    assert row.is_read is True
    assert row.read_at.isoformat() + "+00:00" == shown["read_at"]


def first_read(world: World) -> dict[str, Any]:
    """The mark-read body of `UNREAD` as the first call stored it (resolved before a replay)."""
    row = world.row(Notification, id=UNREAD.id)
    read_at = row.read_at.isoformat() + "+00:00"
    return {"message": "Notification marked as read",
            "notification": resource(world, UNREAD, is_read=True, read_at=read_at)}  # fmt: skip


def all_read(key: str, untouched: list[Any]) -> Check:
    """Every row of the user is read; rows already read kept their `read_at`; others untouched."""

    def check(world: World, _reply: Reply) -> None:
        with world.session() as session:
            query = select(Notification).where(Notification.user_id == world.ids[key])
            rows = session.scalars(query).all()
        assert rows and all(row.is_read and row.read_at for row in rows)
        kept = {note.id: note.read_at for note in ALICE if note.is_read}
        assert all(row.read_at == kept[row.id] for row in rows if row.id in kept)
        for note in untouched:
            assert world.row(Notification, id=note.id).is_read is note.is_read

    return check


def remaining(user: int, other: int, unread_left: int) -> Check:
    """The row counts after a delete: alice's, olga's, and alice's unread."""

    def check(world: World, _reply: Reply) -> None:
        assert world.count(Notification, user_id=world.ids["user"]) == user
        assert world.count(Notification, user_id=world.ids["other"]) == other
        assert world.count(Notification, user_id=world.ids["user"], is_read=False) == unread_left

    return check


MARKED = {"message": "Notification marked as read"}
READ_CASES = [
    case("mark_read_sets_read_at_now", "PUT", f"/notifications/{UNREAD.id}/read", status=200,
         body=lambda world: MARKED | {"notification": resource(
             world, UNREAD, is_read=True, read_at=ANY_UTC_TIMESTAMP)},
         check=read_as_replied,
         then=(Step(method="PUT", path=f"/notifications/{UNREAD.id}/read", actor="user",
                    status=200, body=first_read, check=read_as_replied),)),
    case("mark_read_leaves_a_read_row_unchanged", "PUT", f"/notifications/{READ.id}/read",
         setup=recorded(seed), status=200,
         body=lambda world: MARKED | {"notification": resource(world, READ)}, check=unchanged),
    case("mark_read_of_another_users_row_is_403", "PUT", f"/notifications/{OLGA[1].id}/read",
         setup=recorded(seed), status=403, body=CANNOT_ACCESS, check=unchanged),
    case("mark_read_is_403_for_admins_too", "PUT", f"/notifications/{UNREAD.id}/read",
         actor="admin", setup=recorded(seed), status=403, body=CANNOT_ACCESS, check=unchanged),
    case("mark_read_of_an_unknown_row_is_404", "PUT", f"/notifications/{UNKNOWN_ID}/read",
         setup=recorded(seed), status=404, body=NOT_FOUND, check=unchanged),
    case("read_all_marks_every_unread_row", "PUT", "/notifications/read-all", status=200,
         body={"message": "All notifications marked as read", "updated_count": 30},
         check=all_read("user", OLGA),
         then=(Step(method="PUT", path="/notifications/read-all", actor="user", status=200,
                    body={"message": "All notifications marked as read", "updated_count": 0}),)),
    case("read_all_ignores_the_body", "PUT", "/notifications/read-all", actor="other",
         raw=b"{not json", status=200,
         body={"message": "All notifications marked as read", "updated_count": 2},
         check=stored(UNREAD.id, is_read=False, read_at=None)),
    case("read_all_with_nothing_unread_counts_zero", "PUT", "/notifications/read-all",
         actor="admin", setup=recorded(seed), status=200,
         body={"message": "All notifications marked as read", "updated_count": 0},
         check=unchanged),
]  # fmt: skip

DELETE_CASES = [
    case("delete_removes_the_callers_row", "DELETE", f"/notifications/{READ.id}", status=200,
         body={"message": "Notification deleted successfully"}, check=remaining(44, 3, 30)),
    case("delete_of_another_users_row_is_403", "DELETE", f"/notifications/{OLGA[0].id}",
         setup=recorded(seed), status=403, body=CANNOT_DELETE, check=unchanged),
    case("delete_of_an_unknown_row_is_404", "DELETE", f"/notifications/{UNKNOWN_ID}",
         setup=recorded(seed), status=404, body=NOT_FOUND, check=unchanged),
    case("delete_read_all_is_a_lookup_of_id_read_all", "DELETE", "/notifications/read-all",
         setup=recorded(seed), status=404, body=NOT_FOUND, check=unchanged),
    case("delete_read_removes_only_the_callers_read_rows", "DELETE",
         "/notifications/delete-read", status=200, body={"deleted_count": 15},
         check=remaining(30, 3, 30)),
    case("delete_read_within_an_inclusive_window", "DELETE",
         url("/notifications/delete-read", {"from": "2025-06-02", "to": "2025-06-02"}),
         status=200, body={"deleted_count": 7}, check=remaining(38, 3, 30)),
    case("delete_read_reads_the_first_of_repeated_froms", "DELETE",
         url("/notifications/delete-read", REPEATED_FROMS), status=200,
         body={"deleted_count": 7}, check=remaining(38, 3, 30)),
    case("delete_read_within_a_datetime_window", "DELETE",
         url("/notifications/delete-read", {"to": "2025-06-01T06:00:00Z"}),
         status=200, body={"deleted_count": 2}, check=remaining(43, 3, 30)),
    case("delete_read_of_another_user", "DELETE", "/notifications/delete-read", actor="other",
         status=200, body={"deleted_count": 1}, check=remaining(45, 2, 30)),
    case("delete_read_rejects_an_unparsable_date", "DELETE",
         url("/notifications/delete-read", {"from": "2025-6-2"}), setup=recorded(seed),
         status=400, body=INVALID_DATE, check=unchanged),
    case("delete_read_rejects_an_empty_range", "DELETE",
         url("/notifications/delete-read", {"from": "2025-06-03", "to": "2025-06-02"}),
         setup=recorded(seed), status=400, body=INVALID_RANGE, check=unchanged),
    case("delete_needs_a_token", "DELETE", f"/notifications/{READ.id}", actor=None,
         setup=recorded(seed), status=401, body=NO_HEADER, check=unchanged),
]  # fmt: skip

NOT_ALLOWED = {"error": "Method not allowed",
               "message": "The method is not allowed for the requested URL."}  # fmt: skip
ROUTING_CASES = [
    case("get_read_all_is_405_with_allow", "GET", "/notifications/read-all", actor=None,
         status=405, body=NOT_ALLOWED, allow=frozenset({"PUT", "DELETE", "OPTIONS"})),
    case("get_delete_read_is_405_with_allow", "GET", "/notifications/delete-read", actor=None,
         status=405, body=NOT_ALLOWED, allow=frozenset({"DELETE", "OPTIONS"})),
    case("post_notifications_is_405_with_allow", "POST", "/notifications", actor=None,
         status=405, body=NOT_ALLOWED, allow=frozenset({"GET", "HEAD", "OPTIONS"})),
    case("notifications_with_trailing_slash_is_404", "GET", "/notifications/", status=404,
         body={"error": "Not found", "message": "The requested URL was not found on the server."}),
]  # fmt: skip

HIDDEN_DETAIL_CASES = [
    case("list_hides_the_date_message", "GET", url("/notifications", {"to": "later"}),
         status=400, body={"error": "Invalid date", "message": "Invalid date"}),
    case("delete_read_hides_the_date_message", "DELETE",
         url("/notifications/delete-read", {"from": "x"}), setup=recorded(seed), status=400,
         body={"error": "Invalid date", "message": "Invalid date"}, check=unchanged),
]  # fmt: skip

NOTIFICATION_CASES = [
    *LIST_CASES, *UNREAD_COUNT_CASES, *READ_CASES, *DELETE_CASES, *ROUTING_CASES,
]  # fmt: skip
