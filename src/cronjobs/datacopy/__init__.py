"""Copying the Flask database into the FastAPI database: batched, idempotent, verified.

`migrate` (in `run`) is what `scripts/migrate_data.py` calls. The copy upserts by primary key in
batches, each batch its own transaction, so a rerun after any interruption finishes the job; a
verification pass compares every column of every copied table at the end.
"""

from cronjobs.datacopy.run import DEFAULT_BATCH_SIZE, CopyOptions, migrate

__all__ = ["DEFAULT_BATCH_SIZE", "CopyOptions", "migrate"]
