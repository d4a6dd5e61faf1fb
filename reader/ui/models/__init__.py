"""Qt item models over core and corpus records."""
