"""Results taken out: CSV, JSON lines, reading packs and batch search."""
