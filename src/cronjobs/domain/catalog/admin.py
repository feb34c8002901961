"""Managing the slug catalogues jobs point at: categories and PIC teams (spec §4.8).

Both tables follow the same rules: a visibility-filtered list, create with a derived unique slug,
update whose rename rewrites the jobs still holding the old slug, and soft delete. What differs
(the "General" guard, `slack_handle`, the wording) is carried by a `CatalogKind`, and the thin
modules `categories` and `pic_teams` hold one each.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute, Session

from cronjobs.domain.accounts.access import is_admin
from cronjobs.domain.catalog.slugs import slugify
from cronjobs.domain.common.body import RequestBody, boolean_field, trimmed_text
from cronjobs.domain.common.query import QueryArgs, flag_param
from cronjobs.domain.common.times import naive_iso
from cronjobs.domain.errors import Conflict, InvalidInput, NotFound
from cronjobs.models import Job, JobCategory, PicTeam, User, utcnow

Entry = TypeVar("Entry", JobCategory, PicTeam)
Payload = dict[str, Any]


def _no_extras(_payload: Payload) -> Payload:
    return {}


def _nothing(*_args: Any) -> None:
    return None


@dataclass(frozen=True, slots=True)
class CatalogKind(Generic[Entry]):
    """One catalogue: its table, the job column holding its slugs, its wording and its hooks."""

    model: type[Entry]
    job_column: InstrumentedAttribute[Any]
    title: str  # "Category": starts the messages
    noun: str  # "category": inside the not-found message
    list_key: str
    item_key: str
    render: Callable[[Entry], Payload]
    # Fields read after the duplicate-slug check on create, as column values to store.
    create_extras: Callable[[Payload], Payload] = _no_extras
    # Runs after the new name is validated and before its slug is derived.
    rename_guard: Callable[[Entry, str], None] = _nothing
    # Fields checked and applied after `is_active` on update.
    update_extras: Callable[[Entry, Payload], None] = _nothing


def entry_json(entry: JobCategory | PicTeam) -> Payload:
    """Render the columns both catalogues share (`Category` of §5.5)."""
    return {
        "id": entry.id,
        "slug": entry.slug,
        "name": entry.name,
        "is_active": entry.is_active,
        "created_at": naive_iso(entry.created_at),
        "updated_at": naive_iso(entry.updated_at),
    }


def list_entries(
    session: Session, kind: CatalogKind[Entry], actor: User, args: QueryArgs
) -> Payload:
    """List active rows (every row for an admin asking for inactive ones), by lower(name)."""
    model = kind.model
    query = select(model).order_by(func.lower(model.name), model.slug)
    if not (is_admin(actor) and flag_param(args.get("include_inactive"))):
        query = query.where(model.is_active.is_(True))
    return {kind.list_key: [kind.render(entry) for entry in session.scalars(query)]}


def _duplicate(kind: CatalogKind[Entry], slug: str) -> Conflict:
    return Conflict("Duplicate slug", f'{kind.title} slug "{slug}" already exists.')


def _invalid_slug() -> InvalidInput:
    return InvalidInput("Invalid slug", "Unable to generate a valid slug from name.")


def _slug_taken(session: Session, kind: CatalogKind[Entry], slug: str) -> bool:
    model = kind.model
    return session.scalars(select(model.id).where(model.slug == slug)).first() is not None


def _flush_unique(session: Session, kind: CatalogKind[Entry], slug: str) -> None:
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:
        raise _duplicate(kind, slug) from None  # a concurrent request took the slug first


def create_entry(session: Session, kind: CatalogKind[Entry], body: RequestBody) -> Payload:
    """Create an active row from `name`, an optional `slug` and the kind's extra fields."""
    body.require_json_type()
    payload = body.parse_object()
    name = trimmed_text(payload, "name")
    if not name:
        raise InvalidInput("Missing required fields", '"name" is required.')
    slug = slugify(trimmed_text(payload, "slug") or name)
    if not slug:
        raise _invalid_slug()
    if _slug_taken(session, kind, slug):
        raise _duplicate(kind, slug)
    entry = kind.model(slug=slug, name=name, is_active=True, **kind.create_extras(payload))
    session.add(entry)
    _flush_unique(session, kind, slug)
    return {"message": f"{kind.title} created", kind.item_key: kind.render(entry)}


def get_entry(session: Session, kind: CatalogKind[Entry], entry_id: str) -> Entry:
    """Return the path row or fail with the kind's 404."""
    entry = session.get(kind.model, entry_id)
    if entry is None:
        raise NotFound("Not found", f"No {kind.noun} found with ID: {entry_id}")
    return entry


def _rename(session: Session, kind: CatalogKind[Entry], entry: Entry, payload: Payload) -> int:
    """Apply a present `name`; return how many jobs were moved to the new slug."""
    name = trimmed_text(payload, "name")
    if not name:
        raise InvalidInput("Invalid name", "Name cannot be empty.")
    kind.rename_guard(entry, name)
    slug = slugify(name)
    if not slug:
        raise _invalid_slug()
    old_slug, moved = entry.slug, 0
    if slug != old_slug:
        if _slug_taken(session, kind, slug):
            raise _duplicate(kind, slug)
        entry.slug = slug
        _flush_unique(session, kind, slug)
        # Jobs hold the slug, not a foreign key, so a rename must carry them along.
        rewrite = update(Job).where(kind.job_column == old_slug).values({kind.job_column: slug})
        moved = cast(CursorResult[Any], session.execute(rewrite)).rowcount
    entry.name = name
    return moved


def update_entry(
    session: Session, kind: CatalogKind[Entry], entry_id: str, body: RequestBody
) -> Payload:
    """Apply `name` (with the rename cascade), refuse `slug`, then `is_active` and the extras."""
    body.require_json_type()
    entry = get_entry(session, kind, entry_id)
    payload = body.parse_object()
    jobs_updated = _rename(session, kind, entry, payload) if "name" in payload else 0
    if "slug" in payload:
        message = "Slug cannot be edited directly; it is derived from name."
        raise InvalidInput("Invalid payload", message)
    if "is_active" in payload:
        entry.is_active = boolean_field(payload, "is_active")
    kind.update_extras(entry, payload)
    entry.updated_at = utcnow()
    session.flush()
    return {
        "message": f"{kind.title} updated",
        kind.item_key: kind.render(entry),
        "jobs_updated": jobs_updated,
    }


def disable_entry(session: Session, kind: CatalogKind[Entry], entry_id: str) -> Payload:
    """Soft-delete a row: jobs keep its slug, lists hide it from non-admins."""
    entry = get_entry(session, kind, entry_id)
    entry.is_active = False
    entry.updated_at = utcnow()
    session.flush()
    return {"message": f"{kind.title} disabled", kind.item_key: kind.render(entry)}
