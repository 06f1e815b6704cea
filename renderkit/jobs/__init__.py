"""See the reading guide in :mod:`renderkit`."""
