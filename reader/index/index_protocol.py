"""The seam between the window and a corpus: what the window, its loader and its jobs ask of
an index, whatever holds it. ``CorpusIndex`` (a folder's SQLite index) and ``PgIndex`` (a
team's corpus on a PostgreSQL server) both satisfy it; mypy checks that they do (see
``_checked`` at the end).

The window reads through :class:`Index` only. Refreshing is not part of it: a folder's index
is refreshed by the loader (``CorpusIndex.refresh``), a server's corpus by
``cable-reader index FOLDER --store URL``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # the index's view imports KeptText: a search loads none of these for it
    from reader.annotate.annotations import CableNote, Label, RowState
    from reader.model.records import Cable
    from reader.query.query import CableCopy, FacetValue, FileProblem, Filter, Hit

__all__ = ["AnnotationStore", "Index", "KeptText", "NotSupported", "ReadOnly", "Refused"]


class Refused(RuntimeError):
    """A store's refusal, in words for the analyst: the window shows the message as it is."""


class NotSupported(Refused):
    """What this store cannot do (yet): the message names it."""


class ReadOnly(Refused):
    """The connected user may read the corpus but not change this; the message says what to
    ask for."""


class KeptText(str):
    """What ``raw_text`` gives when the file itself could not be read (moved, deleted, or
    not on this computer): the text the store kept of it, with ``why`` the file is not
    shown, a sentence for the analyst. The window must not call it the file as it is."""

    why: str

    def __new__(cls, text: str, why: str) -> KeptText:
        kept = super().__new__(cls, text)
        kept.why = why
        return kept


class AnnotationStore(Protocol):
    """The analyst's stars, read state, labels and notes, as the window reads and changes
    them. On a shared store these are the connected analyst's own ("Read" means read by me)."""

    def close(self) -> None: ...

    def starred(self) -> set[str]: ...

    def read(self) -> set[str]: ...

    def set_starred(self, cable_ids: Iterable[str], on: bool = True) -> list[str]: ...

    def set_read(self, cable_ids: Iterable[str], on: bool = True) -> list[str]: ...

    def labels(self) -> list[Label]: ...

    def labels_of(self, cable_id: str) -> list[str]: ...

    def row_states(self, cable_ids: Iterable[str]) -> dict[str, RowState]: ...

    def add_label(self, cable_ids: Iterable[str], name: str) -> list[str]: ...

    def remove_label(self, cable_ids: Iterable[str], name: str) -> list[str]: ...

    def set_note(self, cable_id: str, text: str, paragraph: int = 0) -> None: ...

    def notes_of(self, cable_id: str) -> list[CableNote]: ...


class Index(Protocol):
    """A corpus as the window reads it. Each thread of the window opens its own."""

    def close(self) -> None: ...

    def total(self) -> int: ...

    def prepare(self) -> bool:
        """Pay ahead, off the window's thread, what the first queries after opening would
        pay that no query's answer depends on (modules, what the facet counts are read
        from); the window's query thread calls it when it has nothing else to do, until it
        returns True (False: not now, a refresh is writing them)."""
        ...

    def keys(self, f: Filter) -> list[int]:
        """Every matching key, in the filter's sort order."""
        ...

    def hits(self, keys: Sequence[int], *, highlight: Filter | None = None) -> list[Hit]:
        """Row data of ``keys`` in their order (keys no longer there left out)."""
        ...

    def facets(self, f: Filter, *, limit: int | None = None) -> dict[str, list[FacetValue]]: ...

    def user_facets(self, f: Filter) -> dict[str, list[FacetValue]]:
        """The facets of the analyst's own work (query.USER_FACETS), counted as ``facets``."""
        ...

    def user_facets_after(
        self, f: Filter, pair: tuple[str, str], ids: Sequence[str], on: bool
    ) -> dict[str, list[FacetValue]] | None:
        """``user_facets(f)`` right after ``ids`` got (``on``) or lost the user value
        ``pair``, counted without reading the annotations again; None where the store
        cannot (then ``user_facets`` answers)."""
        ...

    def cable(self, key: int) -> Cable: ...

    def raw_text(self, key: int) -> str:
        """The cable's file as it is on disk, decoded; a KeptText when it cannot be read."""
        ...

    def key_for_id(self, cable_id: str) -> int | None: ...

    def cited_by(self, cable_id: str) -> list[Hit]: ...

    def cites(self, cable_id: str) -> list[str]: ...

    def ids_starting(self, prefix: str, limit: int) -> list[str]:
        """The corpus's cable IDs beginning with ``prefix`` (upper case), in order, at most
        ``limit``: a range of the ID index, for the nearest IDs of one no cable has."""
        ...

    def label_names(self) -> list[str] | None:
        """The names of the analyst's labels (None where they cannot be read)."""
        ...

    def copies(self, cable_id: str) -> list[CableCopy]:
        """Every file (or cables.csv row) of the corpus holding the cable ``cable_id`` (its
        canonical ID), by file: one for most cables, several where a folder holds the same
        cable as a .txt and a WikiLeaks page; [] for no ID, or an ID no cable has."""
        ...

    def partial(self) -> str | None:
        """Why the index does not hold the whole corpus (None: it does)."""
        ...

    def values(self, facet: str) -> list[tuple[int, str]]:
        """(value id, value) of every value of ``facet`` in the corpus."""
        ...

    def file_problems(self) -> list[FileProblem]: ...

    def annotations(self, *, backup: bool = False) -> AnnotationStore:
        """The analyst's annotations, on a connection of their own (close it); ``backup``:
        the day's backup first, where the store keeps one. Raises NotSupported, or an error
        saying why, when they cannot be had."""
        ...

    def author(self) -> str | None:
        """The name the store knows the analyst by, the author of their annotations (a
        server's PostgreSQL role); None where annotations have no author (a folder's)."""
        ...

    def unsupported(self) -> list[str]:
        """What the window offers that this store cannot do yet, one sentence each."""
        ...

    def lacks(self) -> dict[str, str]:
        """The fields (fields.FIELDS names) this store never holds a value of, each with why,
        in words that finish "copy:other matches nothing here: ..." (a team's corpus keeps
        each cable once: no ``copy``; a folder's index keeps no names: no ``readby``). The
        window offers no facet group nor completion of them, and value_notes says why a
        term of one matches nothing. What the store is, not what it holds: answered
        without reading it, on the window's own thread."""
        ...
