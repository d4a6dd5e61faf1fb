"""Pure-Python core: one cable text in, typed records out. No Qt here."""
