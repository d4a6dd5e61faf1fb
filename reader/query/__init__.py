"""The query language: its syntax, the field table, the filter and its compiled plan."""
