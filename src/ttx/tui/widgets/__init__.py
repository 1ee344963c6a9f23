"""Widgets shared by the facilitator and cell consoles."""
