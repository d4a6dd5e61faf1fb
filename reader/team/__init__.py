"""The team's corpus and shared annotations on a PostgreSQL server."""
