"""The strings a run keeps for every unit, packed (`Strings`, `StringSet`), and sequences read by place.

A str object costs 49–74 bytes before its first character, and a set of them another 40–50 an entry: a
run of 50,000 units kept 9 MB of names and the keys it matched them by. Packed, a name of ten Chinese
characters is its 30 bytes and an offset (`Strings`), and the set of keys adds a hash and a slot (`StringSet`).
Reading one back decodes it afresh: these are for what is written once and read a few times."""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Sequence
from typing import TypeVar, overload

T = TypeVar("T")

# Any str round-trips, a lone surrogate too (text decoded with surrogateescape carries them).
_CODEC = "utf-8"
_ERRORS = "surrogatepass"


class ByPlace(Sequence[T]):
    """A sequence whose items are made from their place when read (`_item`): indexes and slices as a
    list's, equal to a list of the same items and, as a list, not hashable."""

    def _item(self, at: int) -> T:
        raise NotImplementedError

    @overload
    def __getitem__(self, at: int) -> T: ...

    @overload
    def __getitem__(self, at: slice) -> list[T]: ...

    def __getitem__(self, at):
        if isinstance(at, slice):
            return [self._item(i) for i in range(*at.indices(len(self)))]
        return self._item(self._index(at))

    def _index(self, at: int) -> int:
        n = len(self)
        if at < 0:
            at += n
        if not 0 <= at < n:
            raise IndexError(at)
        return at

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Sequence) and not isinstance(other, (str, bytes, bytearray)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # a list's kind of equality, a list's lack of a hash

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self)!r})"


class Strings(ByPlace[str]):
    """A list of strings, appended and read by position; one replaced later is kept beside the buffer."""

    def __init__(self, items: Iterable[str] = ()):
        self._blob = bytearray()
        self._ends = array("I")  # where each ends: 4 bytes while the buffer is under 4 GiB, 8 after
        self._replaced: dict[int, str] = {}
        for item in items:
            self.append(item)

    def append(self, text: str) -> None:
        self._blob += text.encode(_CODEC, _ERRORS)
        end = len(self._blob)
        if end > 0xFFFFFFFF and self._ends.typecode == "I":
            self._ends = array("Q", self._ends)
        self._ends.append(end)

    def __len__(self) -> int:
        return len(self._ends)

    def _item(self, at: int) -> str:
        if self._replaced and at in self._replaced:
            return self._replaced[at]
        return self.bytes_at(at).decode(_CODEC, _ERRORS)

    def __setitem__(self, at: int, text: str) -> None:
        self._replaced[self._index(at)] = text

    def __iter__(self) -> Iterator[str]:
        for at in range(len(self._ends)):
            yield self._item(at)

    def index(self, text: object, start: int = 0, stop: int | None = None) -> int:
        """The first place from `start` up to `stop` that holds the text, as a list's index (ValueError when
        none does): compared as bytes in the buffer, nothing decoded (a run looks each unit's file up among
        the few files after the last unit's)."""
        if not isinstance(text, str):
            raise ValueError(text)
        encoded = text.encode(_CODEC, _ERRORS)
        size, blob, ends, replaced = len(encoded), self._blob, self._ends, self._replaced
        for at in range(*slice(start, stop).indices(len(ends))):
            if at in replaced:
                if replaced[at] == text:
                    return at
            elif ends[at] - (begin := ends[at - 1] if at else 0) == size and blob.startswith(encoded, begin):
                return at
        raise ValueError(text)

    def bytes_at(self, at: int) -> bytes | bytearray:
        """The string's encoded bytes as stored (what `StringSet` compares)."""
        start = self._ends[at - 1] if at else 0
        return self._blob[start:self._ends[at]]


class StringSet:
    """A set of strings that are added and asked after, never removed: open addressing over their hashes,
    about 3 bytes a Chinese character and 20–28 an entry (a set of str: 130 for a name of ten)."""

    def __init__(self, items: Iterable[str] = ()):
        self._texts = Strings()
        self._hashes = array("q")  # each text's hash, by its position in _texts
        self._slots = array("i", [-1]) * 8  # a text's position, or -1: twice as many as texts, at least
        for item in items:
            self.add(item)

    def _find(self, text: str, encoded: bytes) -> tuple[int, bool]:
        """The slot the text is in (True) or would go to (False)."""
        h = hash(text)
        slots, hashes = self._slots, self._hashes
        mask = len(slots) - 1
        i = h & mask
        while (at := slots[i]) >= 0:
            if hashes[at] == h and self._texts.bytes_at(at) == encoded:
                return i, True
            i = (i + 1) & mask
        return i, False

    def add(self, text: str) -> bool:
        """Add the text; True when it was not in the set before."""
        encoded = text.encode(_CODEC, _ERRORS)
        slot, found = self._find(text, encoded)
        if found:
            return False
        self._slots[slot] = len(self._hashes)
        self._texts.append(text)
        self._hashes.append(hash(text))
        if 2 * len(self._hashes) > len(self._slots):
            self._grow()
        return True

    def _grow(self) -> None:
        slots = array("i", [-1]) * (2 * len(self._slots))
        mask = len(slots) - 1
        for at, h in enumerate(self._hashes):
            i = h & mask
            while slots[i] >= 0:
                i = (i + 1) & mask
            slots[i] = at
        self._slots = slots

    def __contains__(self, text: object) -> bool:
        return isinstance(text, str) and self._find(text, text.encode(_CODEC, _ERRORS))[1]

    def __len__(self) -> int:
        return len(self._hashes)

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts)

