"""``python -m reader``: the same as the ``cable-reader`` command."""

import sys

from reader.cli import main

sys.exit(main())
