"""The bundled resources, installed as the package ``reader.resources`` (data files only)."""
