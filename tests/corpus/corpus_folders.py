"""Names shared by the corpus tests (a module of its own: every test folder has a
conftest.py, and ``from conftest import`` would find whichever was imported first)."""

from dataclasses import dataclass, field
from pathlib import Path

from reader.corpus.store import CorpusIndex

#: The sample folder the app opens on first run (resources/samples).
SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"


@dataclass
class IndexedCorpus:
    index: CorpusIndex
    root: Path
    cache_dir: Path
    progress: list[object] = field(default_factory=list)
    digest_before: str = ""
