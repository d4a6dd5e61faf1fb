"""Many cables: folder scan, the SQLite index, queries and facets. No Qt here."""
