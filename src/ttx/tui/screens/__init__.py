"""Modal screens of the consoles (decide.py is the cell console's; the rest the facilitator's)."""
