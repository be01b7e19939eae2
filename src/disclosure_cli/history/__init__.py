"""Stage 3: the history store, every compiled unit-year in one SQLite file, read and written here only.

Its modules (sqlite3, hashlib, pickle) load when a name is first asked for: a compile without --history
never imports them (start-up)."""

from typing import TYPE_CHECKING

from ..base.lazy import lazy_names

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

# How long a run waits for a store another run is writing (a compile records in one transaction of
# milliseconds at its end, so a wait this long means something holds the store on purpose).
WAIT_SECONDS = 10.0

__all__ = ["WAIT_SECONDS", "Batch", "Entry", "Recorded", "Store", "content_hash", "entries", "not_recorded",
           "previous_for", "record", "writable", "year_on_year"]

__getattr__ = lazy_names(__name__, {"Batch": "batch", "content_hash": "batch",
                                    **{name: "store" for name in ("Entry", "Recorded", "Store", "entries",
                                                                  "not_recorded", "previous_for", "record",
                                                                  "writable", "year_on_year")}})
