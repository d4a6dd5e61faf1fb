"""reader/model/version.py: the parser's output version, readable without the parser."""

import subprocess
import sys

from reader.index.database import SCHEMA_VERSION
from reader.model.version import PARSER_VERSION


def test_the_parser_version_is_a_positive_whole_number_the_schema_carries() -> None:
    assert isinstance(PARSER_VERSION, int) and not isinstance(PARSER_VERSION, bool)
    assert PARSER_VERSION >= 5  # 5: references, markings, appended cables and the rest
    # an index built by another parser version has another schema version, so it is rebuilt
    assert SCHEMA_VERSION % 100 == PARSER_VERSION


def test_reading_the_version_does_not_load_the_parser() -> None:
    # the reason the module exists: an index checks the version without the parser's cost
    code = (
        "import sys; from reader.model.version import PARSER_VERSION; "
        "print(PARSER_VERSION, 'reader.parser.parse' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == [str(PARSER_VERSION), "False"]


def test_the_parser_gives_the_same_version() -> None:
    from reader.parser import parse

    assert parse.PARSER_VERSION is PARSER_VERSION
