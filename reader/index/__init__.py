"""The folder's SQLite index: the walk, the workers, the writer, the store and its reads."""
