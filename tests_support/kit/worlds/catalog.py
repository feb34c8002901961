"""What the catalogue cases (spec §4.8) are made of: rows, jobs, case builders, bodies, checks.

Categories and PIC teams share their rules, so each helper takes a `Kind` naming the table, the
path and the wording; `catalog_cases` and `catalog_update_cases` write the shared behaviours once
for both kinds. Rows inserted by setups carry fixed ids, so case paths can name them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select, update

from cronjobs.models import Job, JobCategory, PicTeam
from tests_support.kit.case import ANY_ID, ANY_TIMESTAMP, NOTHING, Case, Check, Reply
from tests_support.kit.unchanged import recorded, unchanged
from tests_support.kit.worlds.base import World

Setup = Callable[[World], None]
Body = Callable[[World], dict[str, Any]]

ENTRY_ID = "c0000000-0000-4000-8000-000000000001"
OTHER_ID = "c0000000-0000-4000-8000-000000000002"
GENERAL_ID = "c0000000-0000-4000-8000-00000000000a"
ROW = f"/{ENTRY_ID}"  # path suffixes
MISSING = "/{missing}"
GENERAL = f"/{GENERAL_ID}"
INVALID_NAME = {"error": "Invalid name", "message": "Name cannot be empty."}
INVALID_SLUG = {"error": "Invalid slug", "message": "Unable to generate a valid slug from name."}
NAME_REQUIRED = {"error": "Missing required fields", "message": '"name" is required.'}
SLUG_LOCKED = {"error": "Invalid payload",
               "message": "Slug cannot be edited directly; it is derived from name."}  # fmt: skip
GENERAL_LOCKED = {"error": "Invalid category",
                  "message": 'The "General" category cannot be renamed.'}  # fmt: skip
HANDLE_REQUIRED = {"error": "Missing required fields", "message": '"slack_handle" is required.'}
HANDLE_EMPTY = {"error": "Invalid slack_handle", "message": "slack_handle cannot be empty."}
# The §5.5 seed, by lower(name).
SEEDED = ("backward-compatibility", "dr-testing", "feature-testing", "general", "prod-canary",
          "refund", "regression")  # fmt: skip


@dataclass(frozen=True, slots=True)
class Kind:
    """One catalogue as the tests see it."""

    key: str  # prefix of case names
    path: str
    model: type[JobCategory] | type[PicTeam]
    job_column: str
    list_key: str
    item_key: str
    title: str
    noun: str
    required: dict[str, Any] = field(default_factory=dict)  # create fields besides `name`
    defaults: dict[str, Any] = field(default_factory=dict)  # row columns besides the shared ones


CATEGORY = Kind("category", "/job-categories", JobCategory, "category", "categories",
                "category", "Category", "category")  # fmt: skip
TEAM = Kind("team", "/pic-teams", PicTeam, "pic_team", "pic_teams", "pic_team", "PIC team",
            "PIC team", {"slack_handle": "@qa"}, {"slack_handle": "@qa"})  # fmt: skip
KINDS = (CATEGORY, TEAM)


def render(kind: Kind, row: Any) -> dict[str, Any]:
    """Render a stored row as §5.5 says the API shows it."""
    resource = {
        "id": row.id,
        "slug": row.slug,
        "name": row.name,
        "is_active": row.is_active,
        "created_at": row.created_at.isoformat(),
        "updated_at": row.updated_at.isoformat(),
    }
    return resource | {column: getattr(row, column) for column in kind.defaults}


# --- setups -----------------------------------------------------------------------------------


def add(kind: Kind, slug: str, name: str, *, row_id: str = ENTRY_ID, **values: Any) -> Setup:
    """Insert a row (active unless `is_active=False`) with a fixed id."""

    def setup(world: World) -> None:
        with world.session() as session:
            session.add(kind.model(id=row_id, slug=slug, name=name, **(kind.defaults | values)))
            session.commit()

    return setup


def pin_general(world: World) -> None:
    """Give the seeded `general` category the fixed id `GENERAL_ID`."""
    with world.session() as session:
        statement = update(JobCategory).where(JobCategory.slug == "general")
        session.execute(statement.values(id=GENERAL_ID))
        session.commit()


def add_jobs(kind: Kind, slug: str, count: int, prefix: str = "job") -> Setup:
    """Insert `count` jobs whose category or PIC team column holds `slug`."""

    def setup(world: World) -> None:
        with world.session() as session:
            for number in range(count):
                job = Job(name=f"{prefix} {slug} {number}", cron_expression="0 9 * * *")
                setattr(job, kind.job_column, slug)
                session.add(job)
            session.commit()

    return setup


def both(*setups: Setup) -> Setup:
    """Run setups in order."""

    def setup(world: World) -> None:
        for step in setups:
            step(world)

    return setup


def renamed(kind: Kind) -> Setup:
    """Row "Apple" with two jobs on its slug, and one job on another slug."""
    return both(add(kind, "apple", "Apple"), add_jobs(kind, "apple", 2), add_jobs(kind, "kiwi", 1))


# --- cases ------------------------------------------------------------------------------------


def case(
    kind: Kind, name: str, method: str, suffix: str = "", payload: Any = NOTHING, **fields: Any
) -> Case:
    """A request to the kind's collection (`suffix` "") or to one row (`ROW`, `MISSING`)."""
    path = kind.path + suffix
    return Case(name=f"{kind.key}_{name}", method=method, path=path, json=payload, **fields)


def failing(
    kind: Kind,
    name: str,
    method: str,
    suffix: str,
    payload: Any,
    status: int,
    body: Any,
    setup: Setup | None = None,
    **fields: Any,
) -> Case:
    """A case that must answer an error and leave every table as the setup left it."""
    fields |= {"status": status, "body": body, "setup": recorded(setup), "check": unchanged}
    return case(kind, name, method, suffix, payload, **fields)


# --- bodies -----------------------------------------------------------------------------------


def _row(world: World, kind: Kind, **where: Any) -> Any:
    row = world.row(kind.model, **where)
    assert row is not None, where
    return row


def listed(kind: Kind, *slugs: str) -> Body:
    """The list body: exactly these rows, in this order, as stored."""
    return lambda world: {
        kind.list_key: [render(kind, _row(world, kind, slug=slug)) for slug in slugs]
    }


def created(kind: Kind, slug: str, name: str, **values: Any) -> dict[str, Any]:
    """The create success body of a new active row."""
    resource = {"id": ANY_ID, "slug": slug, "name": name, "is_active": True,
                "created_at": ANY_TIMESTAMP, "updated_at": ANY_TIMESTAMP}  # fmt: skip
    item = resource | kind.defaults | values
    return {"message": f"{kind.title} created", kind.item_key: item}


def changed(kind: Kind, verb: str, row_id: str, jobs: int | None = None, **values: Any) -> Body:
    """The update (`verb`="updated", with `jobs`) or delete ("disabled") body of a stored row."""

    def body(world: World) -> dict[str, Any]:
        item = render(kind, _row(world, kind, id=row_id)) | {"updated_at": ANY_TIMESTAMP}
        result = {"message": f"{kind.title} {verb}", kind.item_key: item | values}
        return result if jobs is None else result | {"jobs_updated": jobs}

    return body


def not_found(kind: Kind, row_id: str) -> dict[str, str]:
    """The 404 body of an unknown id."""
    return {"error": "Not found", "message": f"No {kind.noun} found with ID: {row_id}"}


def duplicate(kind: Kind, slug: str) -> dict[str, str]:
    """The 409 body of a slug already taken."""
    return {"error": "Duplicate slug", "message": f'{kind.title} slug "{slug}" already exists.'}


# --- checks -----------------------------------------------------------------------------------


def stored(kind: Kind, **values: Any) -> Check:
    """Exactly one row has these values (the one the reply shows, on success)."""

    def check(world: World, reply: Reply) -> None:
        assert world.count(kind.model, **values) == 1, values
        if reply.status < 300:
            assert reply.json()[kind.item_key]["id"] == _row(world, kind, **values).id

    return check


def jobs_at(kind: Kind, counts: dict[str, int]) -> Check:
    """Each slug is held by exactly this many jobs in the kind's job column."""

    def check(world: World, _reply: Reply) -> None:
        column = getattr(Job, kind.job_column)
        with world.session() as session:
            for slug, expected in counts.items():
                names = session.scalars(select(Job.name).where(column == slug)).all()
                assert len(names) == expected, (slug, names)

    return check


def all_of(*checks: Check) -> Check:
    """Run checks in order."""

    def check(world: World, reply: Reply) -> None:
        for each in checks:
            each(world, reply)

    return check
