"""Cable > Rename a Label… and Delete a Label…: a label as a whole, as ``cable-reader
annotations rename-label`` and ``delete-label`` change it (a label mistyped once stayed, on
no cable, offered by the label dialog for ever). Written through the queue of changes not
saved (UnsavedChanges), as every change of the analyst's is; not undone by Ctrl+Z, so a
deletion is asked first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox

from reader.annotate.annotations import Label
from reader.index.index_protocol import NotSupported
from reader.model.wording import counted
from reader.ui.models.facets import FacetState

if TYPE_CHECKING:
    from reader.ui.annotating import Annotating
    from reader.ui.widgets.main_window import MainWindow

__all__ = ["LabelEditing"]

#: Said of a store that keeps no such change (a team's corpus)
NOT_HERE = "a label is renamed or deleted in a folder's annotations only, not a team's corpus"


def _store_call(store: Any, name: str) -> Callable[..., Any]:
    call = getattr(store, name, None)
    if call is None:
        raise NotSupported(NOT_HERE)
    return call  # type: ignore[no-any-return]


class LabelEditing(QObject):
    """Installed on the window beside Annotating: the two actions in its Cable menu."""

    #: (the label's name before, its name after: "" once deleted) once written
    edited = Signal(str, str)

    def __init__(self, window: MainWindow, annotating: Annotating) -> None:
        super().__init__(window)
        self.window = window
        self.annotating = annotating
        self.rename_action = QAction("Rena&me a Label…", window)
        self.rename_action.triggered.connect(self.ask_rename)
        self.delete_action = QAction("&Delete a Label…", window)
        self.delete_action.triggered.connect(self.ask_delete)
        menu = annotating.menu
        after = annotating.actions["note"]
        menu.insertActions(after, [self.rename_action, self.delete_action])

    # -- the analyst's asks --------------------------------------------------------------
    def _choose(self, prompt: str, then: Callable[[Label], None]) -> None:
        """Ask which label (each with how many cables carry it), then ``then(label)``."""

        def choose(labels: list[Label]) -> None:
            if not labels:
                self.window.statusBar().showMessage("You have no labels yet", 5000)
                return
            shown = [f"{label.name} ({counted(label.count, 'cable')})" for label in labels]
            item, ok = QInputDialog.getItem(self.window, "Label", prompt, shown, 0, False)
            if ok and item in shown:
                then(labels[shown.index(item)])

        annotating = self.annotating
        annotating._ask(annotating._in_store(lambda s: s.labels()), choose)

    def ask_rename(self) -> None:
        def named(label: Label) -> None:
            new, ok = QInputDialog.getText(
                self.window, "Rename a Label",
                f"A new name for “{label.name}” (the name of another label: its cables join"
                " that label):", QLineEdit.EchoMode.Normal, label.name,
            )  # fmt: skip
            if ok and " ".join(new.split()) not in ("", label.name):
                self.rename(label.name, new)

        self._choose("Rename which label?", named)

    def ask_delete(self) -> None:
        def chosen(label: Label) -> None:
            button = QMessageBox.StandardButton
            asked = QMessageBox.question(
                self.window, "Delete a Label",
                f"Delete the label “{label.name}”, taking it off"
                f" {counted(label.count, 'cable')}?\n\nThis cannot be undone: Ctrl+Z undoes"
                " changes to stars, read marks, labels on cables and notes only.",
                button.Yes | button.Cancel, button.Cancel,
            )  # fmt: skip
            if asked == button.Yes:
                self.delete(label.name)

        self._choose("Delete which label?", chosen)

    # -- the changes ---------------------------------------------------------------------
    def rename(self, old: str, new: str) -> None:
        """Give the label ``old`` the name ``new`` (another label's: merged into it)."""

        def then(result: tuple[Label, int]) -> None:
            label, searches = result
            said = f"Renamed the label “{old}” to “{label.name}”: {counted(label.count, 'cable')}"
            if searches:  # (their queries or facet choices name it anew)
                verb = "follows" if searches == 1 else "follow"
                said += f"; {counted(searches, 'saved search', 'saved searches')} {verb} it"
                self.window.saved_searches.refresh()
            self.window.statusBar().showMessage(said, 8000)
            self._shown_again(old, label.name)

        self.annotating.unsaved.write(
            f"Rename the label “{old}” to “{new}”",
            self.annotating._in_store(lambda s: _store_call(s, "rename_label")(old, new)),
            then,
        )

    def delete(self, name: str) -> None:
        """Delete the label ``name``, off every cable."""

        def then(n: int) -> None:
            self.window.statusBar().showMessage(
                f"Deleted the label “{name}”, which was on {counted(n, 'cable')}", 8000
            )
            self._shown_again(name, "")

        self.annotating.unsaved.write(
            f"Delete the label “{name}”",
            self.annotating._in_store(lambda s: _store_call(s, "delete_label")(name)),
            then,
        )

    def _shown_again(self, old: str, new: str) -> None:
        """What shows labels, shown anew: a choice of the old label in the filter moves to the
        new name (dropped with a deleted one), the results, the rows' chips and the bar."""
        facets = self.window.pane.facets
        state = facets.state("label", old)
        if state != FacetState.CLEAR:
            facets.set_state("label", old, FacetState.CLEAR)
            if new:
                facets.set_state("label", new, state)
        self.window.requery()
        self.annotating.ask_states(sorted(self.window.model.shown_ids()))
        self.annotating._refresh_bar()
        self.annotating.changed.emit("label", 0)
        self.edited.emit(old, new)
