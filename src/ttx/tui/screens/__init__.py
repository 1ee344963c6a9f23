"""Modal screens of the facilitator console."""
