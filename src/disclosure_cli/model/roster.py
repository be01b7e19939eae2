"""The roster: the units a run expects to report (`--roster`), and what a run found against it."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..base.i18n import Text


@dataclass(frozen=True)
class Entry:
    """One name on the roster and where it is written (a sheet and cell, or a line of a text file)."""

    name: str
    place: Text  # '名单!A5', or '名单.txt 第 5 行' / '名单.txt line 5'
    sheet: str | None = None
    cell: str | None = None


@dataclass
class Roster:
    """The units expected, in the roster's order, as read from its file."""

    source: str
    entries: list[Entry] = field(default_factory=list)


@dataclass
class RosterCheck:
    """A run against its roster: how many units it expects, who sent nothing (未报送), and who sent a
    report the roster does not list."""

    source: str
    expected: int
    missing: list[Entry] = field(default_factory=list)
    unexpected: list[tuple[str, str]] = field(default_factory=list)  # (unit name, source file)

    @property
    def reported(self) -> int:
        return self.expected - len(self.missing)

    def to_dict(self) -> dict:
        return {"file": self.source, "expected": self.expected, "reported": self.reported,
                "missing": [e.name for e in self.missing],
                "unexpected": [{"unit": name, "source": source} for name, source in self.unexpected]}
