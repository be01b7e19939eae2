"""Stage 3: the history store, every compiled unit-year in one SQLite file, read and written here only.

Its modules (sqlite3, hashlib, pickle) load when a name is first asked for: a compile without --history
never imports them (start-up)."""

from typing import TYPE_CHECKING

from ..base.lazy import lazy_names
from .waiting import WAIT_SECONDS

if TYPE_CHECKING:
    from .batch import Batch, content_hash
    from .store import (
        Entry,
        Recorded,
        Store,
        entries,
        not_recorded,
        previous_for,
        record,
        writable,
        year_on_year,
    )

__all__ = ["WAIT_SECONDS", "Batch", "Entry", "Recorded", "Store", "content_hash", "entries", "not_recorded",
           "previous_for", "record", "writable", "year_on_year"]

__getattr__ = lazy_names(__name__, {"Batch": "batch", "content_hash": "batch",
                                    **{name: "store" for name in ("Entry", "Recorded", "Store", "entries",
                                                                  "not_recorded", "previous_for", "record",
                                                                  "writable", "year_on_year")}})
