"""The Textual consoles. Importing the package makes Japanese text wrap as Japanese does (linebreak.py)."""

from ttx.tui import linebreak

linebreak.install()
