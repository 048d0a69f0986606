"""Writes of the anti-rumours app."""
