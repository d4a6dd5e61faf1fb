"""The analyst's own work: stars, read state, labels, notes and saved searches."""
