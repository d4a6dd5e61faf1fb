"""Slotted: the base of small immutable records defined where a command must start fast.

A frozen, slotted dataclass takes half a millisecond to define (each method it generates is
compiled by an exec()), and importing ``dataclasses`` takes 7 ms more (it imports
``inspect``): the two dozen records a ``search`` defined were a third of its imports. A
record made at the cost of a plain class: a subclass names its fields in ``__slots__``,
declares them ``Final`` (mypy then refuses any assignment but its ``__init__``'s) and sets
them in its ``__init__``; from here it gets what a frozen dataclass would give it: equality
with a record of the very same class whose fields are equal (an ``And`` of two terms is not
an ``Or`` of the same two), a hash to match, and ``Word(text='iran', prefix=False)`` as its
repr. Records that are tuples by nature take ``typing.NamedTuple`` instead (as cheap).
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
from typing import ClassVar

__all__ = ["Slotted"]


class Slotted:
    """A record whose fields are its ``__slots__`` (its bases' first), in that order."""

    __slots__ = ()
    #: the names of the fields, in order: what equality, the hash and the repr read
    _fields: ClassVar[tuple[str, ...]] = ()
    #: the fields' values of a record (one field's alone when it has one), read in C
    _values: ClassVar[Callable[[object], object]] = staticmethod(lambda record: ())

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        slots = [c.__dict__.get("__slots__", ()) for c in reversed(cls.__mro__)]
        cls._fields = tuple(n for s in slots for n in ((s,) if isinstance(s, str) else s))
        if cls._fields:
            cls._values = staticmethod(attrgetter(*cls._fields))

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        values = self.__class__._values
        return values(self) == values(other)

    def __hash__(self) -> int:
        return hash((self.__class__, self.__class__._values(self)))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{self.__class__.__qualname__}({shown})"
