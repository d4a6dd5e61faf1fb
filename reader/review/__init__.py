"""Judging cables: checks, the citation line, explanations and the references graph."""
