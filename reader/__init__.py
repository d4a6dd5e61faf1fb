"""Cable Reader: find, read and judge folders of US diplomatic cables."""

__version__ = "0.1.0"
