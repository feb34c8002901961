"""Job categories (spec §4.8): the shared catalogue rules plus the "General" rename guard."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from cronjobs.domain.catalog import admin as catalog_admin
from cronjobs.domain.catalog.resolution import GENERAL
from cronjobs.domain.common.body import RequestBody
from cronjobs.domain.common.query import QueryArgs
from cronjobs.domain.errors import InvalidInput
from cronjobs.models import Job, JobCategory, User


def _keep_general_name(category: JobCategory, name: str) -> None:
    # `general` is the fallback every job write resolves to, so its row must stay recognisable.
    if category.slug == GENERAL and name != category.name:
        raise InvalidInput("Invalid category", 'The "General" category cannot be renamed.')


CATEGORIES = catalog_admin.CatalogKind(
    model=JobCategory,
    job_column=Job.category,
    title="Category",
    noun="category",
    list_key="categories",
    item_key="category",
    render=catalog_admin.entry_json,
    rename_guard=_keep_general_name,
)


def list_categories(session: Session, actor: User, args: QueryArgs) -> dict[str, Any]:
    """Return `{"categories": [...]}`; inactive rows only for an admin who asks."""
    return catalog_admin.list_entries(session, CATEGORIES, actor, args)


def create_category(session: Session, body: RequestBody) -> dict[str, Any]:
    """Create an active category."""
    return catalog_admin.create_entry(session, CATEGORIES, body)


def update_category(session: Session, category_id: str, body: RequestBody) -> dict[str, Any]:
    """Rename (moving jobs to the new slug) and enable or disable a category."""
    return catalog_admin.update_entry(session, CATEGORIES, category_id, body)


def delete_category(session: Session, category_id: str) -> dict[str, Any]:
    """Disable a category (`general` included); jobs keep its slug."""
    return catalog_admin.disable_entry(session, CATEGORIES, category_id)
