"""What the window's indexing process imports before the first rows of a folder never indexed.

The process forks from a server that imported reader.ui.children.PRELOAD ahead, while the
window was being made; whatever the child still has to import comes between the analyst's
open and the first cable shown (issue 18: the first row within half a second).
"""

import os
import pickle
import subprocess
import sys
from pathlib import Path

from reader.ui.children import PRELOAD, IndexOpener, refresh_in_child

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "resources" / "samples"

#: Run in a fresh interpreter: the server's imports, then what the child is sent unpickled,
#: then a refresh until its first report with cables; prints what each step imported anew.
CHILD = """
import pickle, sys
from pathlib import Path

for name in {preload!r}:
    __import__(name)
before = set(sys.modules)
target, opener = pickle.loads(Path({sent!r}).read_bytes())
print("unpickled:", sorted(set(sys.modules) - before))
before = set(sys.modules)
index = opener({root!r})
first = []


def progress(p):
    if p.cables_done and not first:
        first.append(sorted(set(sys.modules) - before))


index.refresh(progress=progress, workers=0)
index.close()
print("until the first cables:", first[0])
"""


def _in_a_fresh_interpreter(tmp_path: Path) -> list[str]:
    sent = tmp_path / "sent.pickle"
    # what the loader hands the child process (loader._RefreshThread._run_child)
    sent.write_bytes(pickle.dumps((refresh_in_child, IndexOpener(tmp_path / "index"))))
    code = CHILD.format(preload=PRELOAD, sent=str(sent), root=str(SAMPLES))
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env, cwd=ROOT
    )
    return done.stdout.splitlines()


def test_the_indexing_process_imports_nothing_before_its_first_cables(tmp_path):  # noqa: ANN001
    # its target came from the loader, which imports Qt (and the loader itself); the index's
    # write side (refresh, workers, writer) was imported by the child, not the server
    unpickled, first = _in_a_fresh_interpreter(tmp_path)
    assert unpickled == "unpickled: []"
    assert first == "until the first cables: []"


def test_nothing_the_children_run_needs_qt() -> None:
    code = "import sys, reader.ui.children; print(sorted(m for m in sys.modules if 'PySide' in m))"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env, cwd=ROOT
    )
    assert done.stdout.strip() == "[]"
