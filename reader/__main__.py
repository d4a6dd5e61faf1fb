"""``python -m reader``: the same as the ``cable-reader`` command."""

from reader.cli import run

run()
