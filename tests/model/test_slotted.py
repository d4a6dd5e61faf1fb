"""Slotted records: equal, hashed and shown as frozen dataclasses are."""

from __future__ import annotations

import pickle
from typing import Final

import pytest

from reader.model.slotted import Slotted
from reader.query.conditions import Both, Either, Sql, UserSql, Values
from reader.query.querysyntax import And, Or, Word


class Pair(Slotted):
    __slots__ = ("left", "right")
    left: Final[int]
    right: Final[str]

    def __init__(self, left: int, right: str = "") -> None:
        self.left = left
        self.right = right


class Triple(Pair):
    __slots__ = ("third",)
    third: Final[float]

    def __init__(self, left: int, right: str, third: float) -> None:
        super().__init__(left, right)
        self.third = third


def test_fields_are_the_slots_bases_first() -> None:
    assert Pair._fields == ("left", "right")
    assert Triple._fields == ("left", "right", "third")
    assert UserSql._fields == Sql._fields == ("sql", "params")


def test_equal_by_class_and_fields() -> None:
    assert Pair(1, "a") == Pair(1, "a")
    assert Pair(1, "a") != Pair(1, "b")
    assert Pair(1, "a") != (1, "a")
    assert Word("iran") == Word("iran", prefix=False)
    assert Word("iran") != Word("iran", prefix=True)
    # the same fields in another class are another record, as with a dataclass
    assert And((Word("a"), Word("b"))) != Or((Word("a"), Word("b")))
    assert Both((Values((1,)),)) != Either((Values((1,)),))
    assert UserSql("c.key = ?", (1,)) != Sql("c.key = ?", (1,))


def test_hash_follows_equality() -> None:
    plans = {Both((Values((1,)),)): "both", Either((Values((1,)),)): "either"}
    assert plans[Both((Values((1,)),))] == "both"
    assert plans[Either((Values((1,)),))] == "either"
    assert len({Word("a"), Word("a"), Word("a", True)}) == 2


def test_repr_names_each_field() -> None:
    assert repr(Word("iran")) == "Word(text='iran', prefix=False)"
    assert repr(Triple(1, "a", 0.5)) == "Triple(left=1, right='a', third=0.5)"


def test_no_other_attribute() -> None:
    with pytest.raises(AttributeError):
        Pair(1).other = 2  # type: ignore[attr-defined]


def test_pickles() -> None:
    plan = Both((UserSql("x", (1,)), Values((2, 3))))
    assert pickle.loads(pickle.dumps(plan)) == plan
