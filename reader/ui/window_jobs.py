"""The window's jobs: the look-ups it runs on the loader's thread (reader.ui.loader), and what
it does with the answers (the query's rows and counts, the cable read, its children, its
thread, citations) and with the loader's reports on opening a folder."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMainWindow

from reader.index.index_protocol import Index
from reader.index.scan import no_cables
from reader.index.threads import CableThread, read_thread
from reader.model.records import Cable
from reader.model.wording import TEAM_CORPUS, counted
from reader.query.query import (
    PHASE_TWO_FACETS,
    CableCopy,
    FacetValue,
    FileProblem,
    Hit,
    Progress,
    links_not_followed,
)
from reader.query.value_notes import (
    empty_answer_notes,
    empty_terms,
    query_parts,
    query_words,
    store_notes,
    value_terms,
)
from reader.review.checks import Finding, check_cable
from reader.review.citation import citations
from reader.review.graph import cited_ids
from reader.team.pg_offline import keep_cable, kept_cable, kept_thread
from reader.team.pgstore import PgUnavailable
from reader.ui.annotating import paragraph_notes
from reader.ui.loader import QueryResult
from reader.ui.models.cable_tree import ChildSpec, Role, cable_children
from reader.ui.widgets.problems_panel import NONE as NO_PROBLEMS

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QDockWidget, QLabel, QProgressBar, QToolButton

    from reader.query.query import Filter
    from reader.ui.annotating import Annotating
    from reader.ui.loader import Loader
    from reader.ui.models.cable_tree import CableTreeModel
    from reader.ui.widgets.cable_tree_view import CableTree
    from reader.ui.widgets.document_view import DocumentView
    from reader.ui.widgets.filter_pane import FilterPane
    from reader.ui.widgets.main_window import _AfterPaint
    from reader.ui.widgets.problems_panel import ProblemsPanel
    from reader.ui.widgets.thread_view import ThreadView

    _Window = QMainWindow
else:
    _Window = object

__all__ = ["Away", "CableReading", "RowsPage", "ThreadReading", "WindowJobs"]

_T = TypeVar("_T")


# -- look-up jobs: they run on the loader's look-up thread, with its index -------------------
@dataclass(frozen=True, slots=True)
class CableReading:
    """A cable as the document shows it, read and checked off the UI thread."""

    key: int
    cable: Cable
    ref_keys: dict[str, int | None]  # the IDs it cites -> their keys (None: not in the folder)
    cited_by: list[Hit]
    findings: tuple[Finding, ...]
    #: read while the server was away: the cable as the window last read it, at this time
    #: (ISO, UTC); None: as the index has it now
    kept_at: str | None = None
    #: every file (or cables.csv row) of the corpus holding the same cable, this one too
    #: (Index.copies); none read while the server was away
    copies: tuple[CableCopy, ...] = ()
    #: why the cable's file is no longer as the index read it (gone, rewritten); "" when it
    #: is, or when the store cannot tell (a team's corpus: Index.file_changed is a folder's)
    changed: str = ""


def _ref_keys(index: Index, cable: Cable) -> dict[str, int | None]:
    idents = [r.id for r in cable.references if r.id] + list(cited_ids(cable))
    return {ident: index.key_for_id(ident) for ident in dict.fromkeys(idents)}


def _findings(
    cable: Cable, ref_keys: dict[str, int | None], *, team: bool = False
) -> tuple[Finding, ...]:
    """Every check's findings, the folder's references included (the ``team``'s corpus's on
    a server, which its messages name).

    Run again when a cable is read, not taken from the index: the index keeps each cable's
    check codes (the facet and the row markers), but a finding's message and lines are
    made from the parsed cable, and the references check depends on which cited cables the
    folder holds now, which changes as files are added (a few ms a cable)."""
    known = {i for i, k in ref_keys.items() if k is not None}
    return check_cable(cable, known_ids=known, place=TEAM_CORPUS if team else "the folder")


def _reading(index: Index, key: int) -> CableReading:
    cable = index.cable(key)  # the text from the index, parsed: as long as the cable
    refs = _ref_keys(index, cable)
    cited_by = index.cited_by(cable.id) if cable.id else []
    # the rows of its ID, through the index on it: 50 us a cable on a folder of 11,000
    copies = tuple(index.copies(cable.id)) if cable.id else ()
    findings = _findings(cable, refs, team=_remote(index))
    file_changed = getattr(index, "file_changed", None)
    changed = file_changed(key) if file_changed is not None else ""
    return CableReading(key, cable, refs, cited_by, findings, copies=copies, changed=changed)


def _cable_job(key: int) -> Callable[[Index], CableReading]:
    def read(index: Index) -> CableReading:
        url = getattr(index, "url", None)
        if not _remote(index) or not isinstance(url, str):
            return _reading(index, key)
        # a server's cable: kept in the analyst's file of that server as it is read, and
        # read from there while the server is away
        try:
            reading = _reading(index, key)
        except PgUnavailable as exc:
            kept = kept_cable(url, key)
            if kept is None:
                raise PgUnavailable(
                    f"{exc}; this cable was not opened on this computer before, so its text "
                    "is not kept here: it can be read once the server is back"
                ) from exc
            findings = _findings(kept.cable, kept.ref_keys, team=True)
            return CableReading(
                key, kept.cable, kept.ref_keys, list(kept.cited_by), findings, kept.at
            )
        # the rows of the cables it cites, kept with it for the References pane offline
        try:
            cites = index.hits([k for k in reading.ref_keys.values() if k is not None])
        except PgUnavailable:  # gone since the cable was read: it is shown, kept without
            cites = []
        keep_cable(url, key, reading.cable, reading.ref_keys, reading.cited_by, cites=cites)
        return reading

    return read


def _children_job(key: int, reading: CableReading | None) -> Callable[[Index], list[ChildSpec]]:
    """The child rows of cable ``key``, with the analyst's paragraph notes as the index reaches
    them; from ``reading`` (the cable the document shows) if it is that cable, so as not to
    parse it twice."""

    def build(index: Index) -> list[ChildSpec]:
        if reading is not None and reading.key == key:
            cable, findings = reading.cable, reading.findings
        elif _remote(index):  # kept as it is read; read from what was kept, offline
            read = _cable_job(key)(index)
            cable, findings = read.cable, read.findings
        else:
            cable = index.cable(key)
            findings = _findings(cable, _ref_keys(index, cable))
        return cable_children(cable, findings, paragraph_notes(index, cable.id))
    return build


@dataclass(frozen=True, slots=True)
class RowsPage:
    """The hits of tree rows asked off the UI thread (a store on a server), or why the
    server could not be asked (``away``; then no hits)."""

    keys: tuple[int, ...]
    hits: tuple[Hit, ...]
    away: str | None = None


def _rows_job(keys: list[int]) -> Callable[[Index], RowsPage]:
    def read(index: Index) -> RowsPage:
        try:
            return RowsPage(tuple(keys), tuple(index.hits(keys)))
        except PgUnavailable as exc:  # the server away: said as the annotations say it
            return RowsPage(tuple(keys), (), str(exc))

    return read


@dataclass(frozen=True, slots=True)
class Away:
    """A look-up's answer when a team's server could not be reached (and nothing was kept
    here to answer with): why, as its failure says it."""

    message: str


def _or_away(job: Callable[[Index], _T]) -> Callable[[Index], _T | Away]:
    """``job``, answering Away when the server cannot be reached: the window must know it
    is offline (and so ask the server again until it answers), not only that this failed."""

    def run(index: Index) -> _T | Away:
        try:
            return job(index)
        except PgUnavailable as exc:
            return Away(str(exc))

    return run


def _remote(index: Index) -> bool:
    """Whether the index's reads go to a server, which may take the network's time to
    answer, or never answer: its rows are then asked off the UI thread. A local index
    (SQLite, a millisecond a page) is read on it, so that rows scrolled to are painted at
    once, as before."""
    return bool(getattr(index, "remote", False))


def _raw_job(key: int) -> Callable[[Index], str]:
    def read(index: Index) -> str:
        url = getattr(index, "url", None)
        try:
            return index.raw_text(key)
        except PgUnavailable:  # a server's cable opened before: the text kept of it
            kept = kept_cable(url, key) if _remote(index) and isinstance(url, str) else None
            if kept is None:
                raise
            return kept.cable.text

    return read


#: Narrower than this, the Problems dock beside the References dock is widened when shown.
PROBLEMS_MIN_WIDTH = 360


def no_cables_message(root: str, unreadable: Sequence[str] = ()) -> str:
    """What the document says for a folder (or a team's corpus) that holds no cable.
    ``unreadable``: the reasons its cable files could not be read; they, not the kinds of
    file read, are then why there is nothing."""
    if "://" in root:
        return (
            f"No cables in the team's corpus at {root} yet.\n\nA folder is added to it with"
            f" cable-reader index FOLDER --store {root}"
        )
    again = "Open another folder with File › Open Folder (Ctrl+O)."
    if len(unreadable) == 1 and not os.path.isdir(root):
        return f"{root} could not be read: {unreadable[0]}.\n\n{again}"
    if unreadable:
        n = len(unreadable)
        return (
            f"No cables in {root}: of its {counted(n, 'cable file')}, none could"
            f" be read. Each is listed under Problems with the reason.\n\n{again}"
        )
    return no_cables(root) + f"\n\nFiles it could not read are listed under Problems. {again}"


def _store_notes_job(query: str) -> Callable[[Index], list[str]]:
    def notes(index: Index) -> list[str]:
        return store_notes(index, query)

    return notes


def _part_notes_job(f: Filter) -> Callable[[Index], list[str]]:
    def notes(index: Index) -> list[str]:
        return empty_answer_notes(_Explained(index), f)

    return notes


class _Counted:
    """An index's counts: its own ``count`` (both stores have one, cheaper than its
    sorted keys), else the number of its keys."""

    def __init__(self, index: Index) -> None:
        self._count: Callable[[Filter], int] = getattr(index, "count", None) or (
            lambda f: len(index.keys(f))
        )

    def count(self, f: Filter) -> int:
        return self._count(f)


class _Explained:
    """What empty_answer_notes asks of an index: its counts (_Counted) and its look-ups."""

    def __init__(self, index: Index) -> None:
        self.count = _Counted(index).count
        self.key_for_id = index.key_for_id
        self.cites = index.cites
        self.ids_starting = index.ids_starting
        self.label_names = index.label_names


def _nothing_matches(total: int, why: str = "") -> str:
    """What the tree says of an answer without cables, ``why`` (part_notes) when known."""
    why = f"\n\n{why}" if why else ""
    return (
        f"No cable matches the filters.{why}\n\nClear All Filters (Ctrl+Shift+Backspace)"
        f" shows all {total:,} cables."
    )


def _partial_job(index: Index) -> str | None:
    """Why the index does not hold the whole corpus (None: it does)."""
    return index.partial()


@dataclass(frozen=True, slots=True)
class ThreadReading:
    """The References pane's thread; ``kept_at``: read while the server was away, from the
    cable as last read here at this time (ISO, UTC), one level each way; None: from the
    index as it is now."""

    thread: CableThread
    kept_at: str | None = None


def _thread_job(cable_id: str, key: int | None) -> Callable[[Index], ThreadReading]:
    """The thread of ``cable_id`` (of key ``key`` when the corpus holds it)."""

    def read(index: Index) -> ThreadReading:
        url = getattr(index, "url", None)
        try:
            return ThreadReading(read_thread(index, cable_id))
        except PgUnavailable:  # a server's cable opened before: its references kept then
            if key is None or not _remote(index) or not isinstance(url, str):
                raise
            kept = kept_cable(url, key)
            thread = kept_thread(kept, key) if kept is not None else None
            if kept is None or thread is None or thread.root != cable_id.strip().upper():
                raise
            return ThreadReading(thread, kept.at)

    return read


def _citations_job(items: list[tuple[int, int | None]]) -> Callable[[Index], str]:
    return lambda index: citations((index.cable(key), number) for key, number in items)


#: The look-up kind of one cable's children (one kind per cable: several may be on the way).
_CHILDREN = "children "
#: The look-up kind of a page of rows (one kind per request: each is answered).
_ROWS = "rows "


class WindowJobs(_Window):
    """MainWindow's part that asks the index: each look-up goes through ``loader.run`` with its
    own callback, and each answer goes to the pane that shows it."""

    # what the jobs need of the window (reader.ui.widgets.main_window builds them)
    loader: Loader
    pane: FilterPane
    model: CableTreeModel
    annotating: Annotating
    tree: CableTree
    document: DocumentView
    thread_view: ThreadView
    thread_dock: QDockWidget
    problems: ProblemsPanel
    problems_dock: QDockWidget
    count_label: QLabel
    store_label: QLabel
    progress: QProgressBar
    cancel_button: QToolButton
    cancel_action: QAction
    resultsShown: SignalInstance
    facetsShown: SignalInstance
    userFacetsShown: SignalInstance
    loadingFinished: SignalInstance
    childrenShown: SignalInstance
    citationCopied: SignalInstance
    threadShown: SignalInstance
    _painted: _AfterPaint
    _return_to: tuple[int, int, int] | None
    _expanded: list[int]
    _expanded_keys: dict[int, None]
    _total: int
    _shown: int
    _answered: bool
    _partial: str | None
    _stopped: str | None
    _said_empty: bool
    _reading: CableReading | None
    _announce: int | None
    _thread_request: int | None
    _citation_request: int | None
    _cable_request: int | None
    _raw_request: int | None
    _rows_asked: int
    #: the cable whose reading failed, the document saying why (read again once a team's
    #: server is back); None: the document shows what was asked
    _unread: int | None

    if TYPE_CHECKING:  # the window's own, not the jobs'

        def open_path(self, path: str) -> bool: ...
        def current_filter(self) -> Filter: ...

    def _on_opened(self, root: str) -> None:
        index = self.loader.index()
        if index is None:
            return
        ask_rows = self._ask_rows if _remote(index) else None
        self.model.set_source(index.hits, self._ask_children, ask_rows)
        self.pane.set_lacking(index.lacks())  # (what the store is: no look-up)
        self.requery()
        self.loader.run("store", lambda i: (i.author(), i.unsupported()), self._on_store_known)
        if self._stopped and not self.loader.loading:
            self._show_stopped()  # the load stopped before the window's index was open

    def _on_store_known(self, known: tuple[str | None, list[str]]) -> None:
        """Who the store knows the analyst as (a server's role) and what it cannot do yet:
        said in the status bar, and in the document until a cable is chosen."""
        author, unsupported = known
        if author is None and not unsupported:
            return
        self.store_label.setText(f"Team corpus, as {author}" if author else "Limited store")
        lines = [f"You are connected as {author}: stars, read state, labels and notes are "
                 "yours, and others see them (starred-by:NAME, read-by:NAME)."] if author else []
        if unsupported:
            lines += ["", "Not in this store yet:", *(f"• {u}" for u in unsupported)]
        self.store_label.setToolTip("\n".join(lines))
        self.store_label.show()
        if self.document.key is None:
            self.document.clear("Select a cable to read it.\n\n" + "\n".join(lines))

    #: the last progress's links out of the folder (count, the first named)
    _links_out: tuple[int, tuple[str, ...]] = (0, ())

    def _on_progress(self, p: Progress) -> None:
        self._links_out = (p.links_out, p.links_named)
        if p.phase == 2:  # searchable; the full parse fills markings, problems, checks
            share = p.checked * 100 // max(p.to_check, 1)
            self.progress.setRange(0, max(p.to_check, 1))
            self.progress.setValue(p.checked)
            self.progress.setFormat(f"filling markings, checks… {share}%")
            # until the refresh ends (its progress is paced: the last report may be the only
            # one of the phase that arrives)
            self.pane.facets.set_filling(PHASE_TWO_FACETS if p.to_check else frozenset())
            return
        if p.files_total:
            self.progress.setRange(0, p.files_total)
            self.progress.setValue(p.files_done)
        rate = f" · {p.rate:,.0f}/s" if p.rate else ""
        self.progress.setFormat(f"{p.cables_done:,} cables{rate}")

    def _on_finished(self, cancelled: bool) -> None:
        self.tree.paint_budget = None  # the tree paints each screenful whole again
        self.model.loading_page = None  # and fetches its rows whole pages at a time
        self.model.fill_page()
        if not cancelled:
            self.pane.facets.set_filling(frozenset())
        self.problems.set_empty_text(NO_PROBLEMS)
        self.progress.hide()
        self.cancel_button.hide()
        self.cancel_action.setEnabled(False)
        links = links_not_followed(*self._links_out)
        self._links_out = (0, ())
        if links and not cancelled:  # kept until the next message: files the folder lacks
            self.statusBar().showMessage(f"Loaded; {links}")
        else:
            self.statusBar().showMessage("Loading cancelled" if cancelled else "Loaded", 5000)
        # a refresh cut short (cancelled, a full disk, killed before): every answer says so
        self.loader.run("partial", _partial_job, self._on_partial)
        self._ask_store_notes(self.current_filter().query)  # the values are all there now
        if self._answered and self._total and not self._shown:
            self._ask_part_notes(self.current_filter(), self._total)
        if not cancelled:
            self._say_if_empty()
            # a cable shown before the second phase reached it had no references in the
            # index yet ("Cites (0 directly)" beside its REF line), and new cables may cite it
            self._ask_thread(again=True)
        self.loadingFinished.emit(cancelled)

    def _say_if_empty(self) -> None:
        """A folder with no cable at all, once loaded, says so where "Select a cable" would
        leave the analyst guessing whether it is still loading or the wrong folder. Called
        when loading ends and when an answer comes, whichever is last. Taken back when an
        answer brings cables after all: the answer that said none may have been asked
        before the end of a load whose cables another process was writing (``cable-reader
        index`` of the same folder), and the tree then filled in under "No cables"."""
        root = self.loader.root
        if self._stopped:  # the document says why the load stopped; not "No cables"
            return
        if (self._total == 0 and self._answered and not self.loader.loading
                and root is not None and self.document.key is None):
            unreadable = [r.reason for r in self.problems.problems.rows if r.kind == "file"]
            self.document.clear(no_cables_message(root, unreadable))
            self._said_empty = True
        elif self._said_empty and self._total and self.document.key is None:
            self.document.clear()
            self._said_empty = False

    def _on_index_rebuilt(self, message: str) -> None:
        """A query met a damaged index, rebuilt there and then: read the folder again."""
        root = self.loader.root
        self.statusBar().showMessage(f"{message}; reading the folder again", 15000)
        if root is not None:
            self.open_path(root)

    def _on_failed(self, message: str) -> None:
        if not self.loader.loading:
            self.progress.hide()
            self.cancel_button.hide()
            self.cancel_action.setEnabled(False)
        self.statusBar().showMessage(message, 15000)
        index = self.loader.index()
        if index is not None and _remote(index):  # a query: its server may be away
            self.annotating.check_server()
        if index is None and not self.loader.loading and self.loader.root is not None:
            # the load stopped: if the index opens after all (its thread was on its way),
            # what it holds is shown then (_on_opened), and the reason kept
            self._stopped = message
        if index is None and not self.loader.loading:
            # nothing could be opened: the status bar's message goes in 15 s, and "Connecting…"
            # with "Select a cable" would stay for ever; the document keeps the reason
            self.count_label.setText("Nothing open")
            self.document.show_message(
                "Could not open", f"{message}\n\nOpen a folder of cables with File > Open"
                " Folder (Ctrl+O), or the corpus again once the reason is put right.\n")
        elif index is not None and not self.loader.loading and not _remote(index):
            # the load stopped with the index open (its disk full): the window stayed empty
            # and "loading…" for ever once the message went. What the index holds is shown,
            # said to be partial, and the reason stays in the document
            self._stopped = message
            self.requery()
            self._show_stopped()

    def _show_stopped(self) -> None:
        """What the index holds is partial, and why the load stopped stays in the document."""
        self.loader.run("partial", _partial_job, self._on_partial)
        if self.document.key is None and self._stopped:
            self.document.show_message(
                "Loading stopped", f"{self._stopped}\n\nThe cables read before it stopped are"
                " listed. Open the folder again once the reason is put right to read the"
                " rest.\n")  # fmt: skip

    def requery(self) -> None:
        f = self.current_filter()
        self.document.set_query(self.pane.query.text())
        self.loader.query(f)
        self._ask_store_notes(f.query)

    def _ask_store_notes(self, query: str) -> None:
        """The query's field values and words no cable has (tag:PRELL, nucler), looked up
        off the UI thread and shown under the query field."""
        if not (value_terms(query) or query_words(query)) or self.loader.loading:
            # (while a folder loads, a value may be still to come: asked once it is loaded)
            self.pane.set_store_notes(query, [])
            return
        self.loader.run(
            "store-notes", _store_notes_job(query),
            lambda notes: self.pane.set_store_notes(query, notes),
        )  # fmt: skip

    def _ask_part_notes(self, f: Filter, total: int) -> None:
        """Of an empty answer, why: a term of an ID, a reference, a subject or the analyst's
        own work that matches nothing alone (id:07PRAGEU540, the nearest IDs named), and of
        an answer of several parts (nuclear year:1990) what each matches alone and which
        together match none: counted off the UI thread, said in the empty tree while that is
        still the answer. (While a folder loads, asked once it is loaded.)"""
        if len(query_parts(f)) < 2 and not empty_terms(f.query):
            return

        def said(notes: list[str]) -> None:
            now = self.loader.current_filter
            if notes and (now.query, now.include, now.exclude) == (f.query, f.include, f.exclude):
                if self.model.rowCount() == 0:
                    self.tree.set_empty_text(_nothing_matches(total, "\n\n".join(notes)))

        self.loader.run("part-notes", _part_notes_job(f), said)

    def _remember_expanded(self) -> None:
        """The model is about to be reset (every row collapsed): the cables expanded, to
        open again once the new rows are in."""
        self._expanded = list(self._expanded_keys)
        self._expanded_keys.clear()

    def _on_expanded(self, index: QModelIndex) -> None:
        if not index.parent().isValid():
            self._expanded_keys[index.data(Role.KEY)] = None

    def _on_collapsed(self, index: QModelIndex) -> None:
        if not index.parent().isValid():
            self._expanded_keys.pop(index.data(Role.KEY), None)

    def _forget_expanded(self, parent: QModelIndex, first: int, last: int) -> None:
        if not parent.isValid():
            for row in range(first, last + 1):
                self._expanded_keys.pop(self.model.index(row, 0).data(Role.KEY), None)

    def _on_results(self, result: QueryResult) -> None:
        self.tree.note_turn_began(time.perf_counter())  # the paint of its rows follows
        current = self.document.key
        self._expanded = []
        self.model.set_keys(result.keys, result.hits)
        self._painted.arm()
        for key in self._expanded:  # the model was reset: open again what was open
            row = self.model.row_of_key(key, within=2000)
            if row is not None:
                self.tree.expand(self.model.index(row, 0))
        self._total, self._shown = result.total, len(result.keys)
        self._answered = True
        empty = bool(result.total and not result.keys)
        self.tree.set_empty_text(_nothing_matches(result.total) if empty else "")
        if empty and not self.loader.loading:
            self._ask_part_notes(result.filter, result.total)
        self._show_count()
        self._say_if_empty()
        # rows that could not come before (a server away, now back, asked again): again
        self.model.ask_again()
        self.tree.look_for_more()
        if current is not None and not self.tree.currentIndex().isValid():
            row = self.model.row_of_key(current, within=2000)  # not a long fetch for this
            if row is not None:
                self.tree.select_only(self.model.index(row, 0))
        self.resultsShown.emit()

    def _show_count(self) -> None:
        if self.loader.loading:
            state = " (loading…)"
        elif self._partial:
            state = f" ({self._partial.removeprefix('the index is ')})"
        else:
            state = ""
        self.count_label.setText(f"{self._shown:,} of {self._total:,} cables{state}")
        self.count_label.setToolTip(self._partial or "")

    def _on_facets(self, facets: dict[str, list[FacetValue]]) -> None:
        self.pane.set_facets(facets)
        self.problems.problems.set_parser_problems(facets.get("problem", []))
        self.facetsShown.emit()

    def _on_user_facets(self, facets: dict) -> None:
        self.pane.update_facets(facets)
        self.userFacetsShown.emit()

    def _on_file_problems(self, problems: list[FileProblem]) -> None:
        self.problems.problems.set_file_problems(problems)
        self._say_if_empty()  # (the reasons may come after the answer of no cables)
        if problems:
            self.problems_dock.show()
            self._widen_problems()

    def _on_query_failed(self, message: str) -> None:
        """A folder's index that could not answer the query (your annotations cannot be
        opened for is:starred, a disk error) left the rows of the query before in the tree,
        under the new query's chip, and said why only in the status bar for 15 s: the tree
        now shows none and says why. A team's corpus keeps them (its server may be away for
        a moment: the query is asked again when it is back)."""
        index = self.loader.index()
        if index is None or _remote(index):
            return
        self.model.set_keys([])
        self._shown = 0
        self.tree.set_empty_text(
            "The query could not be answered:\n\n" + message.removeprefix("Query failed: ")
        )
        self._show_count()

    def _widen_problems(self) -> None:
        """The Problems dock, shown beside the References dock, came in squeezed (some 200
        px: its file and reason columns cut to nothing): it gets two fifths of the bottom,
        unless the analyst made it wider before."""
        docks = (self.problems_dock, self.thread_dock)
        bottom = Qt.DockWidgetArea.BottomDockWidgetArea
        if (all(d.isVisible() and not d.isFloating() and self.dockWidgetArea(d) == bottom
                for d in docks)
                and self.problems_dock.width() < PROBLEMS_MIN_WIDTH
                and self.problems_dock.y() == self.thread_dock.y()):  # side by side
            width = self.problems_dock.width() + self.thread_dock.width()
            self.resizeDocks(list(docks), [width * 2 // 5, width - width * 2 // 5],
                             Qt.Orientation.Horizontal)

    def show_cable(self, key: int, hit: Hit | None = None) -> None:
        """Read cable ``key`` off the UI thread; the document says "Loading…" (with what
        ``hit``, its tree row, knows) until it comes. A newer request drops this one."""
        request = self._run(
            "cable",
            _cable_job(key),
            self._on_cable_read,
            lambda message: self._cable_failed(key, message),
        )
        if request is None:
            return
        self._cable_request = request
        self._unread = None
        self._reading = self._announce = None
        self.document.show_loading(key, hit)

    def _on_cable_read(self, reading: CableReading) -> None:
        if reading.key != self.document.key:
            return
        self._reading = reading
        self._announce = reading.key
        # a server's cable read while it is away, as last read here: the bar says as of when
        self.annotating.show_text_kept(reading.cable.id, reading.kept_at)
        if reading.kept_at is not None:
            self.annotating.server_away()
        self.document.show_cable(reading.key, reading.cable, ref_keys=reading.ref_keys,
                                 cited_by=reading.cited_by, findings=reading.findings,
                                 copies=reading.copies, changed=reading.changed)

    def _cable_failed(self, key: int, message: str) -> None:
        # a file changed or vanished under us, or a team's server away
        if key != self.document.key:
            return
        self.document.show_message("This cable could not be read", message)
        # nothing of the cable shown before stays, as if this one's: its bar, its thread
        self.annotating.cable_not_shown()
        self.thread_view.set_thread(None, "This cable could not be read: no references.")
        self._unread = key

    def _catch_up(self) -> None:
        """A team's server answers again: what the window showed as last read here (the
        cable's text and its references, one level each way) or could not read (a cable
        never opened here, the rows of an expanded cable) is read again, off the UI thread,
        without the analyst opening anything again. The results, their counts and the bar
        above the document are asked again by Annotating."""
        key, shown = self.document.key, self._reading
        if key is None and self._unread is not None:
            current = self.tree.currentIndex()
            hit = current.data(Role.HIT) if current.data(Role.KEY) == self._unread else None
            self.show_cable(self._unread, hit if isinstance(hit, Hit) else None)
        elif shown is not None and shown.key == key and shown.kept_at is not None:
            self._cable_request = self.loader.run(
                "cable", _cable_job(shown.key), self._on_cable_caught_up, self._failed(None)
            )
        else:  # the cable as it is now: its references, if they were the kept ones
            self._ask_thread()
        self.model.ask_children_again()

    def _on_cable_caught_up(self, reading: CableReading) -> None:
        """The cable shown as last read here, read again from its server: shown in its place,
        the cursor and the scroll where the analyst left them (then its references, the
        whole thread, are read again as for any cable shown)."""
        shown = self._reading
        if (
            reading.kept_at is not None
            or shown is None
            or shown.kept_at is None
            or shown.key != reading.key
            or self.document.key != reading.key
            or self.document.loading
        ):
            return
        position, scroll = self.document.reading_position()
        self._return_to = (reading.key, position, scroll)
        self.annotating.shown_again(reading.cable.id)
        self._on_cable_read(reading)

    def _ask_raw(self, key: int) -> None:
        def failed(message: str) -> None:
            if self.document.key is not None:
                self.document.set_raw_text(
                    self.document.key, f"The file could not be read.\n\n{message}\n")

        self._raw_request = self.loader.run(
            "raw", _raw_job(key), lambda text: self.document.set_raw_text(key, text),
            self._failed(failed))

    def _ask_rows(self, keys: list[int]) -> None:
        """The tree wants the hits of these rows (a store on a server): read off the UI
        thread, so that a server slow to answer, or away, never holds up the window."""
        self._rows_asked += 1
        request = self.loader.run(
            _ROWS + str(self._rows_asked),
            _rows_job(keys),
            self._on_rows,
            self._failed(lambda _m: self.model.rows_failed(keys)),
        )
        if request is None:
            self.model.rows_failed(keys)

    def _on_rows(self, page: RowsPage) -> None:
        if page.away is None:
            self.model.set_hits(list(page.keys), list(page.hits))
            return
        self.model.rows_failed(list(page.keys))
        self.annotating.server_away()

    def _ask_children(self, key: int) -> None:
        """The tree expands cable ``key``: build its rows off the UI thread."""
        request = self._run(
            _CHILDREN + str(key),
            _children_job(key, self._reading),
            lambda specs: self._on_children(key, specs),
            lambda _m: self.model.children_failed(key, "Could not read this cable"),
        )
        if request is None:
            self.model.children_failed(key, "No folder is open")

    def _on_children(self, key: int, specs: list[ChildSpec]) -> None:
        was_waiting = self.model.waiting(key)
        self.model.set_children(key, specs)
        if was_waiting:
            self.childrenShown.emit(key)

    def _thread_visibility(self, visible: bool) -> None:
        if visible:
            self._ask_thread()

    def _ask_thread(self, *, again: bool = False) -> None:
        """Read the current cable's thread off the UI thread, if the thread view shows;
        ``again``: even if it shows this cable's (the folder has been read since)."""
        cable = self.document.cable
        if not self.thread_dock.isVisible() or cable is None:
            return
        shown = self.thread_view.model.thread
        if not cable.id:
            self.thread_view.set_waiting(None)
            return
        # the same cable's thread is shown: read again only if it was the kept one, offline
        kept = self.thread_view.kept_at is not None
        if shown is not None and shown.root == cable.id.upper() and not kept and not again:
            return
        self.thread_view.set_waiting(cable.id)
        self._thread_request = self._run(
            "thread",
            _thread_job(cable.id, self.document.key),
            self._on_thread,
            lambda message: self.thread_view.set_thread(None, message),
        )

    def _on_thread(self, reading: ThreadReading) -> None:
        current, thread = self.document.cable, reading.thread
        if current is not None and current.id and current.id.upper() == thread.root:
            self.thread_view.set_thread(thread, kept_at=reading.kept_at)
            self.threadShown.emit(thread)

    def copy_citation(self) -> None:
        """Ctrl+Shift+C: the paragraph at the cursor when reading; else the selected rows of
        the tree (one per line), or the thread view's current cable."""
        focus = QApplication.focusWidget()
        if focus is not None and self.document.isAncestorOf(focus):
            self.document.copy_citation()
            return
        if focus is not None and self.thread_view.isAncestorOf(focus):
            key = self.thread_view.current_key()
            items: list[tuple[int, int | None]] = [(key, None)] if key is not None else []
        else:
            items = self.tree.citation_items()
        if not items:
            self.statusBar().showMessage("Select cables or paragraphs to cite", 5000)
            return
        self._citation_request = self.loader.run(
            "citations", _citations_job(items), self._on_citations, self._failed(None))

    def _on_citations(self, text: str) -> None:
        if text:
            QGuiApplication.clipboard().setText(text)
            self._on_citation(text)

    def _on_citation(self, text: str) -> None:
        lines = text.count("\n") + 1
        self.statusBar().showMessage(
            f"Copied {lines} citations" if lines > 1 else f"Copied: {text}", 6000)
        self.citationCopied.emit(text)

    def _on_partial(self, partial: str | None) -> None:
        self._partial = partial
        self._show_count()

    def _run(
        self,
        kind: str,
        job: Callable[[Index], _T],
        done: Callable[[_T], None],
        failed: Callable[[str], None],
    ) -> int | None:
        """``loader.run``, a team's server found away said as a failure (``failed(why)``)
        and as the window's being offline: asked again in the background until it answers,
        when what could not be read is read (``_catch_up``)."""

        def then(result: _T | Away) -> None:
            if isinstance(result, Away):
                self._failed(failed)(result.message)
                self.annotating.server_away()
            else:
                done(result)

        return self.loader.run(kind, _or_away(job), then, self._failed(failed))

    def _failed(self, then: Callable[[str], None] | None) -> Callable[[str], None]:
        """A look-up's failure: said in the status bar, then ``then(message)``."""
        def failed(message: str) -> None:
            self.statusBar().showMessage(message, 10000)
            if then is not None:
                then(message)
        return failed
