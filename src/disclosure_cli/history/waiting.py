"""How long a run waits for a history store another run is writing (its own module: no sqlite3 to import)."""

# A compile records in one transaction of milliseconds at its end, so a wait this long means something holds
# the store on purpose.
WAIT_SECONDS = 10.0
