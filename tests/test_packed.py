"""base.packed: the packed list and set of strings a run keeps for every unit."""

from __future__ import annotations

import tracemalloc

import pytest

from disclosure_cli.base.packed import Strings, StringSet

ODD = ["", "某县教育局（本级）", "a\x00b", "\udcff lone surrogate", "𠀀 astral", "x" * 1000]


def test_strings_read_back_as_written():
    s = Strings(ODD)
    assert len(s) == len(ODD) and list(s) == ODD and [s[i] for i in range(len(ODD))] == ODD
    assert s[-1] == ODD[-1] and s[1:3] == ODD[1:3] and s[::-2] == ODD[::-2]
    with pytest.raises(IndexError):
        s[len(ODD)]
    with pytest.raises(IndexError):
        s[-len(ODD) - 1]


def test_a_string_replaced_is_read_as_replaced_and_the_others_as_they_were():
    s = Strings(["甲", "乙", "丙"])
    s[1] = "乙局"
    s[-1] = ""
    assert list(s) == ["甲", "乙局", ""] and s.index("乙局") == 1


def test_the_set_answers_as_a_set_does():
    words = [f"部门{i}" for i in range(3000)] + ODD
    packed, plain = StringSet(), set()
    for w in words + words[::7]:
        assert packed.add(w) == (w not in plain)
        plain.add(w)
    assert len(packed) == len(plain) and set(packed) == plain
    assert all(w in packed for w in plain) and "部门3000" not in packed and 3 not in packed


class _Clash(str):
    """Every one hashes alike: the set must tell them apart by their text."""

    def __hash__(self) -> int:
        return 12345


def test_texts_with_one_hash_are_still_told_apart():
    s = StringSet()
    assert [s.add(_Clash(t)) for t in ["甲", "乙", "甲", "丙", "乙"]] == [True, True, False, True, False]
    assert len(s) == 3 and _Clash("丙") in s and _Clash("丁") not in s


def test_the_set_keeps_a_name_in_far_less_than_a_set_of_str():
    n = 5000
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        s = StringSet(f"某县第{i:05d}局" for i in range(n))  # each made and dropped, as a unit's key is
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert len(s) == n
    # Per name: its 23 bytes of UTF-8, an offset, a hash and two to four slots; a set of the str: about 150.
    assert held / n < 72, held / n


def test_the_offsets_widen_when_the_buffer_passes_4_gib():
    s = Strings(["甲", "乙"])
    s._blob.extend(bytes(1))  # stands in for 4 GiB: the next end is then said to lie past 2**32
    s._ends[-1] = 0xFFFFFFFF - 1
    s._blob = _Long(s._blob)
    s.append("丙")
    assert s._ends.typecode == "Q" and s._ends[-1] == 2**32 + 2 and s._ends[:2].tolist() == [3, 0xFFFFFFFF - 1]


class _Long(bytearray):
    """A buffer that says it is 4 GiB long."""

    def __len__(self) -> int:
        return 2**32 + 2


def test_index_looks_in_the_range_as_a_list_s_does_and_sees_a_replaced_string():
    items = ["a.xlsx", "b.xlsx", "a.xlsx", "ab.xlsx", "某局.xlsx"]
    s = Strings(items)

    def find(text, *where):  # the place, or -1: list.index's answer, checked against the list's own
        try:
            at = s.index(text, *where)
        except ValueError:
            at = -1
        try:
            assert items.index(text, *where) == at
        except ValueError:
            assert at == -1
        return at

    assert find("a.xlsx") == 0 and find("a.xlsx", 1) == 2 and find("a.xlsx", 1, 2) == -1
    assert find("某局.xlsx", -3) == 4 and find("b") == -1 and find("xlsx") == -1 and find("a.xlsx", 9) == -1
    assert find("a.xlsx", -2) == -1 and find("b.xlsx", 0, -3) == 1 and find(3) == -1
    s[1] = items[1] = "c.xlsx"
    assert find("b.xlsx") == -1 and find("c.xlsx") == 1
