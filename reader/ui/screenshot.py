"""Take the README's screenshot: the window on a folder, filtered, with a cable expanded.

    python -m reader.ui.screenshot resources/samples resources/screenshots/window.png \
        [--tag KNNP] [--cable 07STATE71840]

Run it under a real X server (Xvfb) for real fonts; the index goes to a throw-away folder.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from reader.ui.app import create_window
from reader.ui.loader import IndexOpener
from reader.ui.models.cable_tree import NodeKind, Role


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder")
    parser.add_argument("output", type=Path)
    parser.add_argument("--tag", default="KNNP", help="a TAGS value to include in the filter")
    parser.add_argument("--cable", default="07STATE71840", help="the cable to expand")
    parser.add_argument("--paragraph", type=int, default=2, help="the paragraph to mark")
    parser.add_argument("--size", default="1560x940")
    args = parser.parse_args(argv)

    app = QApplication(sys.argv[:1])
    app.setApplicationName("Cable Reader")
    work = Path(tempfile.mkdtemp(prefix="cable-reader-shot-"))
    settings = QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat)
    window = create_window(settings, IndexOpener(work))
    width, height = (int(n) for n in args.size.split("x"))
    window.resize(width, height)
    window.show()

    def filtered() -> None:
        window.resultsShown.disconnect(filtered)
        window.facetsShown.connect(arrange)

    def arrange() -> None:
        window.facetsShown.disconnect(arrange)
        model = window.model
        key = window.loader.index().key_for_id(args.cable)
        row = model.row_of_key(key) if key is not None else None
        if row is not None:
            cable = model.index(row, 0)
            window.tree.setCurrentIndex(cable)
            window.tree.expand(cable)
            paragraphs = [model.index(r, 0, cable) for r in range(model.rowCount(cable))
                          if model.index(r, 0, cable).data(Role.KIND) == NodeKind.PARAGRAPH]
            if len(paragraphs) >= args.paragraph:
                window.tree.setCurrentIndex(paragraphs[args.paragraph - 1])
            window.tree.scrollTo(cable)
        QTimer.singleShot(400, shoot)

    def shoot() -> None:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(args.output))
        print(f"saved {args.output}")
        window.close()
        app.quit()

    def loaded(_cancelled: bool) -> None:
        window.resultsShown.connect(filtered)
        window.pane.apply_facet("tag", args.tag)

    window.loadingFinished.connect(loaded)
    window.open_path(args.folder)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
