"""The cable tree's view: more rows fetched as it scrolls, without laying out every fetched
row to find out that the last one is far below."""

from reader.query.query import Hit
from reader.ui.models.cable_tree import CableTreeModel
from reader.ui.widgets.cable_tree_view import CableTree


def _hits(keys: list[int]) -> list[Hit]:
    return [Hit(key=k, id=f"09PLACE{k}", date=None, origin="Place", classification="SECRET",
                level="S", subject=f"Subject {k}") for k in keys]


def test_more_rows_come_as_the_tree_scrolls_without_a_layout_while_they_are_far(
        qtbot, monkeypatch) -> None:  # noqa: ANN001
    model = CableTreeModel()
    model.set_source(_hits, lambda _key: None)
    tree = CableTree(model)
    qtbot.addWidget(tree)
    tree.resize(900, 400)
    tree.show()
    qtbot.waitExposed(tree)
    asked: list[int] = []
    monkeypatch.setattr(model, "hasChildren", lambda *a: asked.append(1) or
                        CableTreeModel.hasChildren(model, *a))
    for first in (0, 10_000):  # answers that make the rows anew, as while a folder loads
        model.set_keys(list(range(first, first + 1_000)))
        asked.clear()
        tree._fetch_visible()  # what the view does a turn after the answer, before a paint
        # the page's last row is far below: Qt was not asked where it is (a layout of every
        # row fetched, each asked whether it has children)
        assert asked == [] and model.rowCount() == model.PAGE
        qtbot.waitUntil(lambda: not tree.fetching)
    tree.scrollToBottom()
    qtbot.waitUntil(lambda: model.rowCount() >= 2 * model.PAGE)  # near: the next page came
