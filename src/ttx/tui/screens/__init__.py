"""Modal screens of the consoles (decision.py serves both the facilitator's and the cells' consoles)."""
