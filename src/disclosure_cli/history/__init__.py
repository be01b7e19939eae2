"""Stage 3: the history store, every compiled unit-year in one SQLite file, read and written here only."""

from .batch import Batch
from .store import (
    WAIT_SECONDS,
    Entry,
    Recorded,
    Store,
    content_hash,
    entries,
    not_recorded,
    previous_for,
    record,
    writable,
    year_on_year,
)

__all__ = ["WAIT_SECONDS", "Batch", "Entry", "Recorded", "Store", "content_hash", "entries", "not_recorded",
           "previous_for", "record", "writable", "year_on_year"]
