"""Stage 3: the history store, every compiled unit-year in one SQLite file, read and written here only."""

from .store import Entry, Recorded, Store, content_hash, entries, previous_for, record, year_on_year

__all__ = ["Entry", "Recorded", "Store", "content_hash", "entries", "previous_for", "record", "year_on_year"]
