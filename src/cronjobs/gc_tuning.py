"""How often a serving process collects young objects: rarer than Python's default.

CPython runs a young-generation collection every 700 net allocations of container objects, and
every such pass promotes the survivors, so a request building a large answer (the job list at
10,000 jobs allocates about 300,000 tuples, dicts and lists that all live until it is encoded)
sets off hundreds of young and several full collections, each walking objects that are still in
use. Collecting young objects every 50,000 allocations instead took the Flask stack's job list
from 280-294 ms to 206 ms (bench/README.md, "Scale"); memory held by garbage cycles waits a
little longer. Reference counting, which frees everything but cycles, is untouched.
"""

from __future__ import annotations

import gc
import logging

log = logging.getLogger(__name__)


def collect_young_every(allocations: int) -> None:
    """Set the young generation's threshold (process-wide); 0 keeps the interpreter's own."""
    if allocations <= 0:
        return
    _young, middle, old = gc.get_threshold()
    gc.set_threshold(allocations, middle, old)
    log.info("gc: young objects collected every %d allocations", allocations)
