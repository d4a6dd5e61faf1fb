"""The analyst's own work in the window: star, read state, labels and notes on the selected
cables or on every current result, each bulk change undoable (Ctrl+Z), and a bar above the
document that shows the current cable's.

Every read and write of the annotations runs on the loader's look-up thread, each job with a
connection of its own (``Index.annotations()``: the analyst's annotations file for a folder,
the connected role's rows for a team's corpus on a server): the UI thread never waits on the
disk or the network. A change asks the loader for the current filter again, so
``is:starred``, ``label:`` and the like follow at once.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from contextlib import closing
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QModelIndex, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QInputDialog, QLabel, QMenu, QToolButton, QWidget

from reader.annotate.annotations import AnnotationError, RowState, annotations_path, numbered
from reader.index.index_protocol import AnnotationStore, Index, NotSupported, Refused
from reader.model.wording import counted
from reader.query.conditions import asks_annotations
from reader.query.query import TEAM_FACETS, USER_FACETS
from reader.team.pg_offline import OfflineNotes, QueuedAnnotations, QueueStatus, probe
from reader.ui.loader import UserChange
from reader.ui.models.cable_tree import NodeKind, Role
from reader.ui.note_dialog import ask_note_text
from reader.ui.queue_dialog import RefusedDialog, local_time
from reader.ui.unsaved_changes import UnsavedChanges

if TYPE_CHECKING:
    from reader.ui.widgets.main_window import MainWindow

__all__ = [
    "PROBE_FIRST_MS",
    "PROBE_MAX_MS",
    "NO_ID_NOTE",
    "READ_AFTER_MS",
    "Annotating",
    "CableAnnotations",
    "paragraph_notes",
]

#: How long a cable is open in the document before it counts as read (QSettings
#: ``annotations/read_after_ms``; 0 turns marking read by reading off).
READ_AFTER_MS = 1500
#: While a team's server is away the window asks it again in the background, first after
#: this long, then twice as long each time it does not answer, up to the most (ms).
PROBE_FIRST_MS, PROBE_MAX_MS = 2000, 60000
_KIND = "annotate"
_T = TypeVar("_T")
#: what a change job answers: the action, and the IDs it changed
Changed = tuple[str, list[str]]


class CableAnnotations:
    """What the bar shows of one cable: star, read, labels (with colours), notes."""

    def __init__(self, cable_id: str, store: AnnotationStore) -> None:
        self.cable_id = cable_id
        # this cable's row alone: the whole sets of stars and read marks (20,000 IDs and
        # more) took the interpreter from the facets' recount after every star
        state = store.row_states([cable_id]).get(cable_id.upper(), RowState())
        self.starred, self.read = state.starred, state.read
        self.labels = list(state.labels)
        # a team's: the others' too, and kept for when the server is away
        mine, others, offline = (
            store.cable_notes(cable_id)
            if isinstance(store, QueuedAnnotations)
            else (store.notes_of(cable_id), [], None)
        )
        self.notes = [(n.paragraph, n.text) for n in mine]
        #: (author, paragraph, text) of the others' notes (a team's corpus)
        self.others_notes = [(author, n.paragraph, n.text) for author, n in others]
        #: a team's server away: when the notes shown were read from it, which wait to be sent
        self.offline: OfflineNotes | None = offline
        #: (label, author) of the labels others share on it (a team's corpus)
        shared_of = getattr(store, "shared_labels_of", None)
        shared = shared_of(cable_id) if shared_of else []
        colours = {lab.name: lab.colour for lab in store.labels()} if shared else {}
        self.shared: list[tuple[str, str, str]] = [
            (name, author, colours.get(name, "#777777")) for name, author in shared
        ]


def _states(
    ids: list[str],
) -> Callable[[AnnotationStore], tuple[dict[str, RowState], dict[str, str]]]:
    """A job's work: the rows' annotations, and the colours of every label."""
    return lambda s: (s.row_states(ids), {lab.name: lab.colour for lab in s.labels()})


def paragraph_notes(index: Index, cable_id: str | None) -> dict[int, str]:
    """The analyst's notes on the paragraphs of a cable (number -> text), read where a
    look-up job reads the cable; none when the annotations cannot be read (the cable's rows
    must come all the same: the bar above the document says what is wrong)."""
    if not cable_id:
        return {}
    try:
        with closing(index.annotations(backup=False)) as store:
            return {n.paragraph: n.text for n in store.notes_of(cable_id) if n.paragraph}
    except (AnnotationError, Refused, sqlite3.Error, OSError):
        return {}


def _change(store: AnnotationStore, action: str, ids: Sequence[str], arg: str) -> list[str]:
    """Make one change; the IDs it changed."""
    if action in ("star", "unstar"):
        return store.set_starred(ids, action == "star")
    if action in ("read", "unread"):
        return store.set_read(ids, action == "read")
    if action == "label":
        return store.add_label(ids, arg)
    if action == "unlabel":
        return store.remove_label(ids, arg)
    raise ValueError(action)


_INVERSE = {
    "star": "unstar",
    "unstar": "star",
    "read": "unread",
    "unread": "read",
    "label": "unlabel",
    "unlabel": "label",
}
#: the two-state changes: (the RowState field and user facet, given or taken away)
_FLAGS = {
    "star": ("starred", True),
    "unstar": ("starred", False),
    "read": ("read", True),
    "unread": ("read", False),
}
#: a change as the list of those not saved names it
_ASKED = {
    "star": "Star",
    "unstar": "Unstar",
    "read": "Mark read",
    "unread": "Mark unread",
    "label": "Label",
    "unlabel": "Take the label off",
}
_DONE = {
    "star": "Starred",
    "unstar": "Unstarred",
    "read": "Marked read",
    "unread": "Marked unread",
    "label": "Labelled",
    "unlabel": "Took the label off",
}


#: A note asked for on a cable without an ID: notes are kept by a cable's ID
NO_ID_NOTE = "This cable has no ID to keep a note by"


class _BulkChange(QUndoCommand):
    """One change on many cables; undo reverses it on exactly the cables it changed."""

    def __init__(self, owner: Annotating, action: str, ids: list[str], arg: str = "") -> None:
        what = f"{_DONE[action]} {counted(len(ids), 'cable')}"
        super().__init__(what + (f" “{arg}”" if arg else ""))
        self.owner, self.action, self.ids, self.arg = owner, action, ids, arg
        self.changed: list[str] | None = None

    def redo(self) -> None:
        ids = self.ids if self.changed is None else self.changed
        self.owner._run(self.action, ids, self.arg, self)

    def undo(self) -> None:
        if self.changed is None and self.owner.unsaved.drop(self):
            return  # never written (kept after a failed write): now never will be
        if self.changed:
            self.owner._run(_INVERSE[self.action], self.changed, self.arg, None)


class _NoteChange(QUndoCommand):
    """A note written, changed or removed (emptied); undo puts back the text it had, so a
    note emptied by mistake is not lost."""

    def __init__(
        self, owner: Annotating, cable_id: str, paragraph: int, old: str, new: str,
        key: int | None,
    ) -> None:  # fmt: skip
        where = "the note" if paragraph == 0 else f"the note on ¶{paragraph}"
        verb = "Removed" if not new.strip() else "Changed" if old.strip() else "Wrote"
        super().__init__(f"{verb} {where} on {cable_id}")
        self.owner, self.cable_id, self.paragraph = owner, cable_id, paragraph
        self.old, self.new, self.key = old, new, key

    def redo(self) -> None:
        self.owner.set_note(self.cable_id, self.new, self.paragraph, self.key)

    def undo(self) -> None:
        self.owner.set_note(self.cable_id, self.old, self.paragraph, self.key)


class Annotating(QObject):
    """Installed on the window by ``Annotating(window)``: a Cable menu, context actions, an
    undo stack and the bar above the document."""

    #: (action, number of cables changed) after each change is written
    changed = Signal(str, int)
    #: the bar shows the current cable's annotations (its ID)
    barShown = Signal(str)
    #: the tree's rows show the annotations of these cables (canonical IDs)
    statesShown = Signal(object)
    #: a team's store said how its queue of changes made offline stands (QueueStatus);
    #: emitted from the look-up thread, shown on the window's
    queueStatus = Signal(object)
    #: a team's server answers again after it was away: what the window shows as last read
    #: here, or could not read, is read again (the bar here; the document, its references
    #: and the tree's rows by the window)
    serverBack = Signal()

    def __init__(self, window: MainWindow, path: Path | None = None) -> None:
        super().__init__(window)
        self.window = window
        #: a folder's annotations file, the one its index opens (IndexOpener.annotations);
        #: the jobs reach the annotations through the index (Index.annotations), whatever
        #: the store
        self.path = path or annotations_path()
        self._backed_up = False  # the day's backup: made by the first job of the session
        self.undo_stack = QUndoStack(self)
        self._counter = 0
        #: the last word of a team's store: its server could not be reached
        self._offline = False
        #: how its queue of changes stood when last said (QueueStatus)
        self._status = QueueStatus(0, False)
        #: marking read by reading failed (a role that may not write): not tried again
        self._reading_refused = False
        self._current_id = ""
        #: (cable ID, when) of the cable shown as last read here, its server away
        self._text_kept: tuple[str, str] | None = None
        #: the cable about to be shown again, read anew from its server once back
        self._again = ""
        settings: QSettings = window.settings
        self.read_after_ms = int(
            settings.value("annotations/read_after_ms", READ_AFTER_MS, type=int)  # type: ignore[call-overload]
        )
        self._read_timer = QTimer(self, singleShot=True)
        self._read_timer.timeout.connect(self._read_current)

        self.bar = QLabel()
        self.bar.setObjectName("annotationBar")
        self.bar.setTextFormat(Qt.TextFormat.RichText)
        self.bar.setWordWrap(True)
        self.bar.setContentsMargins(10, 2, 10, 4)
        self.bar.hide()
        # below the document's heading, above its problems and checks
        window.document.layout().insertWidget(2, self.bar)  # type: ignore[union-attr]

        # changes made while a team's server cannot be reached: how many wait to be sent
        self.offline_label = QLabel()
        self.offline_label.setObjectName("offlineQueue")
        self.offline_label.hide()
        window.statusBar().addPermanentWidget(self.offline_label)
        # changes the server refused, kept in the queue file: listed, tried again or dropped
        self.refused_button = QToolButton()
        self.refused_button.setObjectName("refusedQueue")
        self.refused_button.setAutoRaise(True)
        self.refused_button.setToolTip("Changes made offline that the server refused: list them")
        self.refused_button.clicked.connect(self.show_refused)
        self.refused_button.hide()
        window.statusBar().addPermanentWidget(self.refused_button)
        self.refused_dialog: RefusedDialog | None = None
        # changes that could not be written (a full disk, a read-only folder): kept, in
        # order, and tried again; a button beside the one above says how many
        self.unsaved = UnsavedChanges(window, self.path)
        self.queueStatus.connect(self._show_queue)
        # the server away: asked again in the background, less and less often, so that the
        # changes waiting go without the analyst doing anything (and no job waits for it)
        self._probe_timer = QTimer(self, singleShot=True)
        self._probe_timer.timeout.connect(self._probe)
        self.probe_wait_ms = PROBE_FIRST_MS
        self._probing = False
        # another folder or corpus: what was said of this one's server no longer holds
        window.loader.opened.connect(self._forget_server)

        self.actions = self._make_actions(window)
        # sharing labels and the server's refusals are a team's corpus's: offered there only
        self._offer_team_actions()
        window.loader.opened.connect(lambda _root: self._offer_team_actions())
        window.cableShown.connect(self._on_cable_shown)
        # a paragraph's note: from the document's context menu and margin marker
        window.document.noteRequested.connect(self._note_in_document)

    # -- actions -------------------------------------------------------------------------

    def _make_actions(self, window: QWidget) -> dict[str, QAction]:
        def act(name: str, text: str, keys: str | None, slot: Callable[[], None]) -> QAction:
            action = QAction(text, window)
            if keys:
                action.setShortcut(QKeySequence(keys))
            action.triggered.connect(slot)
            window.addAction(action)
            return action

        undo = self.undo_stack.createUndoAction(window, "&Undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.undo_stack.createRedoAction(window, "&Redo")
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        window.addAction(undo)
        window.addAction(redo)
        actions = {
            "star": act("star", "&Star / Unstar", "Ctrl+D", self.toggle_star),
            "read": act("read", "Mark &Read / Unread", "Ctrl+Shift+M", self.toggle_read),
            "label": act("label", "Add &Label…", "Ctrl+Shift+L", self.ask_label),
            "unlabel": act("unlabel", "Remove La&bel…", None, self.ask_unlabel),
            "note": act("note", "&Note…", "Ctrl+Shift+N", self.ask_note),
            "paragraph_note": act("paragraph_note", "Note on This &Paragraph…", None,
                                  self._note_in_tree),
            "star_all": act("star_all", "Star All Results", None,
                            lambda: self.on_results("star")),
            "read_all": act("read_all", "Mark All Results Read", None,
                            lambda: self.on_results("read")),
            "unread_all": act("unread_all", "Mark All Results Unread", None,
                              lambda: self.on_results("unread")),
            "label_all": act("label_all", "Label All Results…", None, self.ask_label_results),
            "share": act("share", "S&hare a Label with the Team…", None,
                         lambda: self.ask_share(True)),
            "unshare": act("unshare", "Stop Sharing a Label…", None,
                           lambda: self.ask_share(False)),
            "refused": act("refused", "Changes the Server Re&fused…", None, self.show_refused),
            "undo": undo,
            "redo": redo,
        }  # fmt: skip
        menu = QMenu("&Cable", window)
        for name in ("star", "read", "label", "unlabel", "note"):
            menu.addAction(actions[name])
        menu.addSeparator()
        for name in ("star_all", "read_all", "unread_all", "label_all"):
            menu.addAction(actions[name])
        menu.addSeparator()
        for name in ("share", "unshare", "refused"):
            menu.addAction(actions[name])
        menu.addSeparator()
        menu.addActions([undo, redo])
        bar = self.window.menuBar()
        help_menu = next((a for a in bar.actions() if a.text().replace("&", "") == "Help"), None)
        bar.insertMenu(help_menu, menu) if help_menu else bar.addMenu(menu)
        menu.setToolTipsVisible(True)  # a greyed command says why
        self.menu = menu
        return actions

    def context_actions(self) -> list[QAction]:
        """What the tree's context menu offers of this: on a paragraph's row (or its note's),
        a note on that paragraph too."""
        names = ["star", "read", "label", "note"]
        number = self._tree_paragraph()[1]
        if number is not None:
            self.actions["paragraph_note"].setText(f"Note on ¶{number}…")
            names.append("paragraph_note")
        return [self.actions[n] for n in names]

    def _tree_paragraph(self) -> tuple[QModelIndex, int | None]:
        """The tree's current row, and its paragraph's number if it is a paragraph's row or
        the row of a note on one."""
        index = self.window.tree.currentIndex()
        if index.data(Role.KIND) in (NodeKind.PARAGRAPH, NodeKind.NOTE):
            return index, index.data(Role.PARAGRAPH)
        return index, None

    # -- what is acted on ----------------------------------------------------------------

    def selected_ids(self) -> list[str]:
        """The canonical IDs of the selected cables (a child row stands for its cable)."""
        ids: list[str] = []
        for index in self.window.tree.selectionModel().selectedRows(0):
            while index.parent().isValid():
                index = index.parent()
            hit = index.data(Role.HIT)
            if hit is not None and hit.id and index.data(Role.KIND) == NodeKind.CABLE:
                ids.append(hit.id.upper())
        return list(dict.fromkeys(ids))

    def apply(self, action: str, ids: list[str], arg: str = "") -> None:
        """Make one change on these cables, undoably."""
        if not ids:
            self.window.statusBar().showMessage(self._nothing_to_change(), 5000)
            return
        self.undo_stack.push(_BulkChange(self, action, ids, arg))

    def _nothing_to_change(self) -> str:
        """Why a change on the selection changed nothing: no cable selected, or only cables
        without an ID, by which stars, read marks and labels are kept (it said "Select one
        or more cables first" with such a cable selected)."""
        if self.window.tree.selectionModel().selectedRows(0):
            return (
                "The selected cable has no ID (see its parser problems): stars, read marks and"
                " labels are kept by a cable's ID"
            )
        return "Select one or more cables first"

    def on_results(self, action: str, arg: str = "") -> None:
        """Make a change on every cable of the current results (found off the UI thread)."""
        f = self.window.current_filter()

        def ids_of_results(index: Index) -> list[str]:
            return [h.id.upper() for h in index.hits(index.keys(f)) if h.id]

        self._ask(ids_of_results, lambda ids: self.apply(action, list(ids), arg))

    def toggle_star(self) -> None:
        """Star the selected cables; unstar them when every one is starred already."""
        self._toggle("starred", "star", "unstar")

    def toggle_read(self) -> None:
        """Mark the selected cables read; unread when every one is read already."""
        self._toggle("read", "read", "unread")

    def _toggle(self, state_name: str, on: str, off: str) -> None:
        ids = self.selected_ids()
        # the rows know their cables' annotations (a page at a time, kept up to date after
        # each change): no look-up before the change when they all do
        known = [self.window.model.state(i) for i in ids]
        if ids and all(st is not None for st in known):
            every = all(getattr(st, state_name) for st in known)
            self.apply(off if every else on, ids)
            return

        def then(state: dict[str, set[str]]) -> None:
            every = bool(ids) and all(i in state[state_name] for i in ids)
            self.apply(off if every else on, ids)

        self._with_state(ids, then)

    def ask_label(self) -> None:
        ids = self.selected_ids()
        self._ask_label(
            "Add a label to the selected cables:", lambda n: self.apply("label", ids, n)
        )

    def ask_unlabel(self) -> None:
        ids = self.selected_ids()
        # one of the labels there are: a name typed (brfei for brief) took nothing off,
        # saying "Took the label off 0 cables"
        self._ask_label(
            "Remove which label from the selected cables?",
            lambda n: self.apply("unlabel", ids, n),
            typed=False,
        )

    def ask_label_results(self) -> None:
        self._ask_label(
            "Add a label to every cable of the current results:",
            lambda n: self.on_results("label", n),
        )

    def ask_share(self, shared: bool) -> None:
        """Share one of the analyst's labels with every annotator of a team's corpus, or make
        it private again."""
        prompt = (
            "Share which of your labels with the team?"
            if shared
            else "Which of your labels should be yours alone again?"
        )
        self._ask_label(prompt, lambda name: self.share(name, shared))

    def share(self, name: str, shared: bool = True) -> None:
        def work(store: AnnotationStore) -> bool:
            share = getattr(store, "share_label", None)
            if share is None:
                raise NotSupported("labels are shared on a team's corpus only")
            return bool(share(name, shared))

        def then(done: bool) -> None:
            if not done:
                message = f"You have no label “{name}” to share"
            elif shared:
                message = f"Shared the label “{name}” with the team"
            else:
                message = f"The label “{name}” is yours alone again"
            self.window.statusBar().showMessage(message, 5000)
            self.changed.emit("share" if shared else "unshare", 0)
            if asks_annotations(self.window.current_filter()):
                self.window.requery()
            else:
                self.window.loader.recount_user_facets()
            self._refresh_bar()

        self._submit(self._in_store(work), then)

    def ask_note(self) -> None:
        cable = self.window.document.cable
        if cable is None or not cable.id:
            # (a cable without an ID, open, was told to open a cable)
            said = "Open a cable to write a note on it" if cable is None else NO_ID_NOTE
            self.window.statusBar().showMessage(said, 5000)
            return
        cable_id = cable.id

        def edit(old: str) -> None:
            text, ok = ask_note_text(
                self.window, "Note", f"Your note on {cable_id} (empty removes it):", old
            )
            if ok and text != old:
                self.undo_stack.push(_NoteChange(self, cable_id, 0, old, text, None))

        self._ask(
            self._in_store(
                lambda s: next((n.text for n in s.notes_of(cable_id) if n.paragraph == 0), "")
            ),
            edit,
        )

    def ask_paragraph_note(self, cable_id: str, paragraph: int, key: int | None = None) -> None:
        """Write (or change, or with empty text remove) the note on a paragraph of a cable;
        ``key``: the cable's key, for its row in the tree."""

        def edit(old: str) -> None:
            text, ok = ask_note_text(
                self.window,
                "Note",
                f"Your note on ¶{paragraph} of {cable_id} (empty removes it):",
                old,
            )
            if ok and text != old:
                self.undo_stack.push(_NoteChange(self, cable_id, paragraph, old, text, key))

        self._ask(
            self._in_store(
                lambda s: next(
                    (n.text for n in s.notes_of(cable_id) if n.paragraph == paragraph), ""
                )
            ),
            edit,
        )

    def _note_in_document(self, paragraph: int) -> None:
        cable = self.window.document.cable
        if cable is not None and cable.id:
            self.ask_paragraph_note(cable.id, paragraph, self.window.document.key)

    def _note_in_tree(self) -> None:
        index, number = self._tree_paragraph()
        if number is None:
            return
        top = index
        while top.parent().isValid():
            top = top.parent()
        hit = top.data(Role.HIT)
        if hit is None or not hit.id:
            self.window.statusBar().showMessage(NO_ID_NOTE, 5000)
            return
        self.ask_paragraph_note(hit.id, number, index.data(Role.KEY))

    def set_note(
        self, cable_id: str, text: str, paragraph: int = 0, key: int | None = None
    ) -> None:
        """The note on a cable (paragraph 0) or on one of its paragraphs; ``key``: the cable's
        key, whose paragraph row in the tree shows the note as a child."""

        def work(store: AnnotationStore) -> Changed:
            store.set_note(cable_id, text, paragraph)
            return "note", [cable_id.upper()]

        def then(result: Changed) -> None:
            if paragraph and key is not None:
                self.window.model.set_paragraph_note(key, paragraph, text)
            self._changed(None, *result)

        on = f"¶{paragraph} of {cable_id}" if paragraph else cable_id
        what = f"the note on {on}" + (f": “{_shortened(text)}”" if text.strip() else " removed")
        self.unsaved.write(what[0].upper() + what[1:], self._in_store(work), then)

    def _ask_label(self, prompt: str, then: Callable[[str], None], *, typed: bool = True) -> None:
        """Ask for a label's name (the labels made so far offered; ``typed``: or a new one
        typed), then ``then(name)``."""

        def choose(names: list[str]) -> None:
            if not names and not typed:
                self.window.statusBar().showMessage("You have no labels yet", 5000)
                return
            name, ok = QInputDialog.getItem(self.window, "Label", prompt, names, 0, typed)
            name = " ".join(name.split()) if ok else ""
            if name:
                then(name)

        self._ask(self._in_store(lambda s: [lab.name for lab in s.labels()]), choose)

    # -- jobs ----------------------------------------------------------------------------

    def _in_store(self, work: Callable[[AnnotationStore], _T]) -> Callable[[Index], _T]:
        """A look-up job that runs ``work`` on the annotations, with a connection of its own
        (the first job of the session also makes the day's backup)."""
        backup = not self._backed_up
        self._backed_up = True

        def job(index: Index) -> _T:
            with closing(index.annotations(backup=backup)) as store:
                result = work(store)
                if isinstance(store, QueuedAnnotations):
                    self.queueStatus.emit(store.status())
                return result

        return job

    def _with_state(self, ids: list[str], then: Callable[[dict[str, set[str]]], None]) -> None:
        if not ids:
            then({"starred": set(), "read": set()})
            return

        def states(s: AnnotationStore) -> dict[str, set[str]]:
            rows = s.row_states(ids)
            return {
                "starred": {i for i, st in rows.items() if st.starred},
                "read": {i for i, st in rows.items() if st.read},
            }

        self._ask(self._in_store(states), then)

    def _ask(self, job: Callable[[Index], _T], then: Callable[[_T], None]) -> None:
        self._submit(job, then)

    def _run(
        self,
        action: str,
        ids: list[str],
        arg: str,
        command: _BulkChange | None,
        *,
        by_reading: bool = False,
    ) -> None:
        """Make the change; ``command`` is the undoable one that asked it (None for its
        undo); ``by_reading``: the cable open for a moment marked read, which says nothing."""

        def done(result: Changed) -> None:
            self._changed(command, *result, arg=arg, by_reading=by_reading)

        job = self._in_store(lambda s: (action, _change(s, action, ids, arg)))
        named = ", ".join(ids) if len(ids) <= 3 else f"{len(ids):,} cables"
        what = f"{_ASKED[action]} {named}" + (f" “{arg}”" if arg else "")
        # a read mark by reading goes the way of the others: one the disk refuses is kept,
        # to be written later (once: the cable opened again while it waits adds none)
        if by_reading and any(e.what == what for e in self.unsaved.pending):
            return
        refused = self._refused_reading if by_reading else None
        self.unsaved.write(what, job, done, command, refused=refused)

    def _refused_reading(self) -> None:
        """The store refuses read marks (a role that may only read): cables read are not
        marked, nor tried again on every cable (it was said once)."""
        self._reading_refused = True

    def _submit(
        self,
        job: Callable[[Index], _T],
        then: Callable[[_T], None],
        failed: Callable[[str], None] | None = None,
    ) -> None:
        self._counter += 1

        def say(message: str) -> None:
            why = message.partition(" failed: ")[2] or message  # not the job's own name
            self.window.statusBar().showMessage(f"Your annotations: {why}", 10000)
            if failed is not None:
                failed(message)

        request = self.window.loader.run(f"{_KIND}:{self._counter}", job, then, say)
        if request is None:
            self.window.statusBar().showMessage("Open a folder first", 5000)

    def _changed(
        self,
        command: _BulkChange | None,
        action: str,
        changed: list[str],
        arg: str = "",
        *,
        by_reading: bool = False,
    ) -> None:
        if command is not None and command.changed is None:
            command.changed = list(changed)
        if not by_reading:  # reading a cable says nothing (an undo of "unread" does)
            noun = "cable" if len(changed) == 1 else "cables"
            self.window.statusBar().showMessage(
                f"{_DONE.get(action, 'Noted')} {len(changed):,} {noun}", 5000
            )
        self.changed.emit(action, len(changed))
        if asks_annotations(self.window.current_filter()):
            self.window.requery()  # the results themselves may change
        else:  # the same results: only the counts of the user facets change
            self.window.loader.recount_user_facets(_one_change(action, changed, arg))
        model = self.window.model
        shown = model.shown_ids()
        rows = [c for c in changed if c in shown]
        if action in _FLAGS and rows:
            # a star or a read mark: the rows' new state is known without asking the store
            field, on = _FLAGS[action]
            known = {c: model.state(c) for c in rows}
            if all(st is not None for st in known.values()):
                model.set_states({c: _flagged(st, field, on) for c, st in known.items() if st})
                self.statesShown.emit(rows)
                rows = []
        self.ask_states(rows)
        self._refresh_bar()

    def _show_queue(self, status: QueueStatus) -> None:
        """Say how many changes wait for the server, what was sent, and what it refused
        (kept aside in the queue file, never dropped without a word)."""
        self._status = status
        if status.waiting:
            noun = "change" if status.waiting == 1 else "changes"
            self.offline_label.setText(f"offline: {status.waiting:,} {noun} waiting")
        elif status.offline:
            self.offline_label.setText("offline")
        if status.waiting or status.offline:
            self.offline_label.setToolTip(
                "The server cannot be reached: your stars, read marks, labels and notes are "
                "kept on this computer and sent, in order, once it answers again. The counts "
                "of your own and the team's facets are as of when it was last reached."
            )
        self.offline_label.setVisible(bool(status.waiting or status.offline))
        # the counts of the facets of everyone's annotations cannot follow while the server
        # is away: their titles say as of when; once it is back they are counted again
        was_offline, self._offline = self._offline, status.offline
        back = was_offline and not status.offline
        if not status.offline:
            self._probe_timer.stop()
            self.probe_wait_ms = PROBE_FIRST_MS
        elif not (self._probe_timer.isActive() or self._probing):
            self._probe_timer.start(self.probe_wait_ms)
        if status.offline and not was_offline:
            self.window.pane.facets.set_offline(frozenset(USER_FACETS + TEAM_FACETS))
        elif back:
            self.window.pane.facets.set_offline(frozenset())
        self.refused_button.setText(f"{status.kept:,} refused…")
        self.refused_button.setVisible(bool(status.kept))
        if status.refused:
            self.window.statusBar().showMessage(
                "The server refused a change made offline (kept: Cable > Changes the Server "
                "Refused…): " + "; ".join(status.refused),
                30000,
            )
        elif status.sent and not status.waiting:
            noun = "change" if status.sent == 1 else "changes"
            self.window.statusBar().showMessage(
                f"Back online: sent {status.sent:,} {noun} made while the server was away", 10000
            )
        elif back:
            self.window.statusBar().showMessage("Back online: the server answers again", 10000)
        if back:  # the results and every count as they are now (the others' work too)
            self.window.requery()
            # the bar's notes as the server has them, no longer "as of", none "waiting"
            self._refresh_bar()
            self.serverBack.emit()
        elif status.sent:  # the server now counts them: the results and facets follow
            if asks_annotations(self.window.current_filter()):
                self.window.requery()
            else:
                self.window.loader.recount_user_facets()

    def server_away(self) -> None:
        """Another of the window's reads (a page of the tree's rows) found the server away:
        said as the annotations' own would say it ("offline", the counts as of when), and
        the server asked again in the background; once it answers the window asks again,
        and what could not come comes."""
        if not self._offline:
            self._show_queue(replace(self._status, offline=True, sent=0, refused=()))

    def check_server(self) -> None:
        """A read of the window's failed on a team's corpus (a query): the server is asked
        whether it answers, off the UI thread; if not, the window says it is offline, as
        server_away, and asks again until it answers, when the query is run again."""
        if self._offline or self._probing:
            return
        self._probing = True

        def job(index: Index) -> bool:
            url = getattr(index, "url", None)
            return not isinstance(url, str) or probe(url)

        def then(answered: bool) -> None:
            self._probing = False
            if not answered:
                self.server_away()

        self._submit(job, then, lambda _message: then(False))

    def _offer_team_actions(self) -> None:
        """Share, Stop Sharing and the server's refused changes: enabled on a team's corpus
        on a server; on a folder (or before one is open) greyed, the tooltip saying why, not
        a dialog that ends in "only a team's corpus"."""
        team = bool(getattr(self.window.loader.index(), "remote", False))
        for name in ("share", "unshare", "refused"):
            action = self.actions[name]
            action.setEnabled(team)
            action.setToolTip(
                action.text().replace("&", "").removesuffix("…") if team else
                "A team's corpus on a server only (cable-reader postgresql://HOST/DB)"
            )

    def _forget_server(self, _root: str) -> None:
        self._probe_timer.stop()
        self.probe_wait_ms = PROBE_FIRST_MS
        self._offline = False
        self._status = QueueStatus(0, False)
        self.offline_label.hide()
        self.refused_button.hide()
        self.window.pane.facets.set_offline(frozenset())

    def _probe(self) -> None:
        """Ask the server, waiting its probe's timeout at most (pg_offline.probe); when it
        answers, open the annotations, which sends what waits; when not, ask again later."""
        self._probing = True

        def job(index: Index) -> bool:
            url = getattr(index, "url", None)
            if not isinstance(url, str):  # no server (a folder opened meanwhile)
                return True
            if not probe(url):
                return False
            try:
                store = index.annotations(backup=False)
            except NotSupported:
                # a corpus whose annotations wait for an indexer's update: the server is back
                # all the same, and what the window could not read (its rows) is asked again
                self.queueStatus.emit(replace(self._status, offline=False, sent=0, refused=()))
                return True
            with closing(store):
                if isinstance(store, QueuedAnnotations):
                    self.queueStatus.emit(store.status())
            return True

        def then(answered: bool) -> None:
            self._probing = False
            if not answered and self._offline:
                self.probe_wait_ms = min(self.probe_wait_ms * 2, PROBE_MAX_MS)
                self._probe_timer.start(self.probe_wait_ms)

        self._submit(job, then, lambda _message: then(False))

    def show_refused(self) -> None:
        """The dialog of the changes the server refused, read from the queue file."""
        if self.refused_dialog is None:
            dialog = RefusedDialog(self.window)
            dialog.retryRequested.connect(self.retry_refused)
            dialog.discardRequested.connect(self.discard_refused)
            self.refused_dialog = dialog
        self.refused_dialog.show()
        self.refused_dialog.raise_()
        self._on_queue(lambda store: None)

    def retry_refused(self, seqs: list[int]) -> None:
        """Send these refused changes again (the server says again if it still refuses)."""
        self._on_queue(lambda store: store.retry(seqs))

    def discard_refused(self, seqs: list[int]) -> None:
        """Drop these refused changes for good, as the analyst asked."""

        def said(n: int) -> str:
            return f"Discarded {counted(n, 'change')} the server refused"

        self._on_queue(lambda store: store.discard(seqs), said)

    def _on_queue(
        self,
        work: Callable[[QueuedAnnotations], _T],
        said: Callable[[_T], str] | None = None,
    ) -> None:
        """A job on the queue file of a team's store, then the refused changes listed (and
        ``said(what work answered)`` in the status bar)."""

        def job(store: AnnotationStore) -> tuple[_T, list]:
            if not isinstance(store, QueuedAnnotations):
                raise NotSupported("only a team's corpus on a server keeps changes to send")
            return work(store), store.queue.refused()

        def then(result: tuple[_T, list]) -> None:
            answer, refused = result
            if said is not None:
                self.window.statusBar().showMessage(said(answer), 10000)
            if self.refused_dialog is not None:
                self.refused_dialog.set_refused(refused)

        self._submit(self._in_store(job), then)

    def ask_states(self, ids: list[str]) -> None:
        """Read the annotations of these rows' cables off the UI thread (a page of rows at
        a time), then show them in the tree and the label colours in the filter pane."""
        if not ids or self.window.loader.index() is None:
            return

        def show(result: tuple[dict[str, RowState], dict[str, str]]) -> None:
            states, colours = result
            self.window.model.set_states(states)
            self.window.pane.facets.set_label_colours(colours)
            self.statesShown.emit(list(states))

        self._ask(self._in_store(_states(list(ids))), show)

    # -- the current cable ---------------------------------------------------------------

    def _on_cable_shown(self, _key: int) -> None:
        cable = self.window.document.cable
        cable_id = (cable.id or "").upper() if cable is not None else ""
        again = bool(cable_id) and self._again == cable_id == self._current_id
        self._again = ""
        self._current_id = cable_id
        self._refresh_bar()
        if again:  # the same cable read anew, not opened: marked read as it would have been
            return
        self._read_timer.stop()
        if self._current_id and self.read_after_ms > 0 and not self._reading_refused:
            self._read_timer.start(self.read_after_ms)

    def _read_current(self) -> None:
        cable = self.window.document.cable
        if cable is not None and (cable.id or "").upper() == self._current_id:
            self._run("read", [self._current_id], "", None, by_reading=True)

    def _refresh_bar(self) -> None:
        if not self._current_id:
            self.bar.hide()
            return
        cable_id = self._current_id
        self._submit(self._in_store(lambda s: CableAnnotations(cable_id, s)), self._show_bar)

    def cable_not_shown(self) -> None:
        """The document shows no cable (one that could not be read): the bar of the cable
        shown before goes, and that cable is not marked read by this one's time."""
        self._current_id = ""
        self._read_timer.stop()
        self.bar.hide()

    def shown_again(self, cable_id: str | None) -> None:
        """The cable shown is about to be shown anew (read again from its server once back),
        not opened by the analyst: its read timer goes on as it was (an analyst who marked
        it unread meanwhile keeps it so)."""
        self._again = (cable_id or "").upper()

    def show_text_kept(self, cable_id: str | None, at: str | None) -> None:
        """The cable about to be shown is its text as last read here (``at``, ISO time) while
        its server is away, or (None) as the server has it: the bar says which."""
        self._text_kept = ((cable_id or "").upper(), at) if at is not None else None

    def _show_bar(self, a: CableAnnotations) -> None:
        if a.cable_id != self._current_id:
            return
        parts = []
        if self._text_kept is not None and self._text_kept[0] == a.cable_id:
            parts.append(
                f"<small style='color:#777777'>text as of {local_time(self._text_kept[1])}"
                ", offline</small>"
            )
        if a.starred:
            parts.append("<b style='color:#e6a700'>★ Starred</b>")
        for name, colour in a.labels:
            parts.append(
                f"<span style='background:{colour}; color:white'>&nbsp;{_esc(name)}&nbsp;</span>"
            )
        for name, author, colour in a.shared:  # others' labels, with whose they are
            parts.append(
                f"<span style='background:{colour}; color:white'>&nbsp;{_esc(name)}&nbsp;</span>"
                f"<small>&nbsp;shared by {_esc(author)}</small>"
            )
        pending = a.offline.pending if a.offline is not None else frozenset()
        numbers = self._paragraph_numbers(a.cable_id)
        for paragraph, text in a.notes:
            where = "Note" if paragraph == 0 else f"Note on ¶{paragraph}"
            if paragraph and numbers is not None and paragraph not in numbers:
                # kept by the cable's ID: its file rewritten, or the note made on another copy
                where += f" (not in this text of {a.cable_id}; its paragraphs: {numbered(numbers)})"
            if paragraph in pending:  # written here while the server is away
                where += " (yours, waiting to be sent)"
            parts.append(f"<i>{where}:</i> {_esc(text)}")
        for author, paragraph, text in a.others_notes:
            where = "note" if paragraph == 0 else f"note on ¶{paragraph}"
            parts.append(f"<i>{_esc(author)}’s {where}:</i> {_esc(text)}")
        if a.offline is not None:
            parts.append(f"<small style='color:#777777'>{_notes_as_of(a.offline)}</small>")
        # the paragraphs' notes as markers in the document's margin too
        self.window.document.set_paragraph_notes(a.cable_id, {p: t for p, t in a.notes if p})
        self.bar.setText("&nbsp;&nbsp;".join(parts))
        self.bar.setVisible(bool(parts))
        self.barShown.emit(a.cable_id)

    def _paragraph_numbers(self, cable_id: str) -> frozenset[int] | None:
        """The numbered paragraphs of the cable the document shows, if it is ``cable_id``."""
        cable = self.window.document.cable
        if cable is None or (cable.id or "").upper() != cable_id:
            return None
        return frozenset(p.number for p in cable.paragraphs if p.number)


def _flagged(state: RowState, field: str, on: bool) -> RowState:
    """The row's state with its star (``field`` "starred") or read mark set to ``on``."""
    return replace(state, starred=on) if field == "starred" else replace(state, read=on)


def _one_change(action: str, changed: list[str], arg: str) -> UserChange | None:
    """The change as the loader's quick recount takes it (a note's is not one set's)."""
    if not changed:
        return None
    if action in _FLAGS:
        facet, on = _FLAGS[action]
        return (facet, facet), tuple(changed), on
    if action in ("label", "unlabel") and arg:
        return ("label", arg), tuple(changed), action == "label"
    return None


def _notes_as_of(offline: OfflineNotes) -> str:
    """What the bar says of a cable's notes while the server is away: as of when."""
    if offline.read_at is None:
        return "notes on the server unknown offline: not read here before it went away"
    return f"notes as of {local_time(offline.read_at)}, offline"


def _shortened(text: str, most: int = 60) -> str:
    """A note's first words, to name it in the list of changes not saved."""
    words = " ".join(text.split())
    return words if len(words) <= most else words[: most - 1] + "…"


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
